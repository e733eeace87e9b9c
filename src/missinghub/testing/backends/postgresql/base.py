from typing import Any

from django.db.backends.postgresql import base, operations

from missinghub.audit import guards


class DatabaseOperations(operations.DatabaseOperations):
    def sql_flush(self, *args: Any, **kwargs: Any) -> list[str]:
        statements = super().sql_flush(*args, **kwargs)
        if not statements:
            return statements
        return [
            *guards.POSTGRES_LIFT_FOR_FLUSH,
            *statements,
            *guards.POSTGRES_RESTORE_AFTER_FLUSH,
        ]


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
