from typing import Any

from django.db.backends.sqlite3 import base, operations

from missinghub.audit import guards


class DatabaseOperations(operations.DatabaseOperations):
    def sql_flush(self, *args: Any, **kwargs: Any) -> list[str]:
        statements = super().sql_flush(*args, **kwargs)
        if not statements:
            return statements
        return [*guards.SQLITE_REMOVE, *statements, *guards.SQLITE_INSTALL]


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
