"""Database guards that Django's model constraints cannot express on every engine.

Migrations use `per_vendor_sql` to install SQL that differs between PostgreSQL and SQLite
(exclusion constraints, triggers). An engine without a guard is refused loudly, never skipped.
"""

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.db import migrations

Statements = Mapping[str, Sequence[str]]


def _executor(guard: str, statements_by_vendor: Statements) -> Callable[[Any, Any], None]:
    def run(apps: Any, schema_editor: Any) -> None:
        vendor = schema_editor.connection.vendor
        if vendor not in statements_by_vendor:
            raise RuntimeError(f"{guard}: no guard written for the {vendor} database engine")
        for statement in statements_by_vendor[vendor]:
            schema_editor.execute(statement, params=None)

    return run


def per_vendor_sql(
    guard: str, *, forward: Statements, backward: Statements
) -> migrations.RunPython:
    return migrations.RunPython(_executor(guard, forward), _executor(guard, backward))


class AddIndexConcurrentlyOnPostgres(migrations.AddIndex):
    """`AddIndex` that builds the index with CREATE INDEX CONCURRENTLY on PostgreSQL (no lock
    that blocks writes while the old version still serves) and plainly elsewhere. The migration
    must set `atomic = False`. See docs/how-to/migrations.md."""

    def database_forwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        model = to_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            schema_editor.add_index(model, self.index, **_concurrently(schema_editor))

    def database_backwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        model = from_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            schema_editor.remove_index(model, self.index, **_concurrently(schema_editor))


class AddUniqueIndexConcurrentlyOnPostgres(migrations.AddConstraint):
    """`AddConstraint` of a `UniqueConstraint` that Django builds as a unique index (with a
    condition or an expression), built with CREATE UNIQUE INDEX CONCURRENTLY on PostgreSQL and
    plainly elsewhere. Rows that already break it make it fail, as `AddConstraint` would. The
    migration must set `atomic = False`. See docs/how-to/migrations.md."""

    def database_forwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        model = to_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return
        if schema_editor.connection.vendor != "postgresql":
            schema_editor.add_constraint(model, self.constraint)
            return
        sql = str(self.constraint.create_sql(model, schema_editor))
        if not sql.startswith("CREATE UNIQUE INDEX "):
            raise RuntimeError(f"{self.constraint.name}: not a unique index ({sql[:60]}...)")
        schema_editor.execute(
            sql.replace("CREATE UNIQUE INDEX ", "CREATE UNIQUE INDEX CONCURRENTLY ", 1)
        )

    def database_backwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        model = to_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return
        if schema_editor.connection.vendor != "postgresql":
            schema_editor.remove_constraint(model, self.constraint)
            return
        name = schema_editor.quote_name(self.constraint.name)
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")


def _concurrently(schema_editor: Any) -> dict[str, bool]:
    return {"concurrently": True} if schema_editor.connection.vendor == "postgresql" else {}


# (index name, table, column list as in CREATE INDEX, True when the index exists on PostgreSQL only)
IndexSpec = tuple[str, str, str, bool]


def drop_indexes_concurrently_on_postgres(guard: str, indexes: Sequence[IndexSpec]) -> Any:
    """Drop indexes no query uses (DROP INDEX CONCURRENTLY on PostgreSQL: no lock that blocks
    writes); the reverse builds them again the same way. The migration must set
    `atomic = False`; pair it with the fields' `db_index=False` in `SeparateDatabaseAndState`,
    because `AlterField` would also drop and re-validate the foreign key."""
    q = '"{}"'.format
    forward = {
        "postgresql": [f"DROP INDEX CONCURRENTLY IF EXISTS {q(name)}" for name, *_ in indexes],
        "sqlite": [f"DROP INDEX IF EXISTS {q(name)}" for name, _, _, pg in indexes if not pg],
    }
    backward = {
        "postgresql": [
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {q(name)} ON {q(table)} ({columns})"
            for name, table, columns, _ in indexes
        ],
        "sqlite": [
            f"CREATE INDEX IF NOT EXISTS {q(name)} ON {q(table)} ({columns})"
            for name, table, columns, pg in indexes
            if not pg
        ],
    }
    return per_vendor_sql(guard, forward=forward, backward=backward)


# (index name, table, what follows ON table: "USING gin (...)")
PostgresIndexSpec = tuple[str, str, str]


def add_postgres_only_indexes_concurrently(guard: str, indexes: Sequence[PostgresIndexSpec]) -> Any:
    """Build indexes that exist on PostgreSQL only (GIN with an extension's operator class, on
    an expression) with CREATE INDEX CONCURRENTLY: no lock that blocks writes. On SQLite it does
    nothing: queries there take the slower path that needs no such index. The migration must set
    `atomic = False`; the indexes stay out of the models' `Meta.indexes` (SQLite cannot build
    them), so name them in a comment on the model."""
    q = '"{}"'.format
    forward = {
        "postgresql": [
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {q(name)} ON {q(table)} {definition}"
            for name, table, definition in indexes
        ],
        "sqlite": [],
    }
    backward = {
        "postgresql": [f"DROP INDEX CONCURRENTLY IF EXISTS {q(name)}" for name, *_ in indexes],
        "sqlite": [],
    }
    return per_vendor_sql(guard, forward=forward, backward=backward)
