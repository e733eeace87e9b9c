"""Migrations can run while the old version still serves (docs/how-to/migrations.md).

Checked for every migration of MissingHub's own apps: no operation that breaks the old code
(rename, remove, a NOT NULL column without a lasting default), and on PostgreSQL no SQL that
rewrites a table or locks it for a long time (a column type change, SET NOT NULL on an existing
column, a plain CREATE INDEX on an existing table). A migration may break a rule only when it is
listed in EXCEPTIONS with its reason, and the reason is in the how-to.
"""

import io
import re
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations import Migration
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import (
    AddField,
    AlterModelTable,
    DeleteModel,
    RemoveField,
    RenameField,
    RenameModel,
    SeparateDatabaseAndState,
)
from django.db.migrations.operations.base import Operation
from django.db.models import NOT_PROVIDED

from tests.operations.helpers import REPO

# (app, migration): why it may break a rule. Each must be explained in the how-to too.
EXCEPTIONS: dict[tuple[str, str], str] = {
    ("casework", "0002_cme_referred_to_grab_pack_last_seen"): "before the first release",
}
BREAKS_OLD_CODE = (RenameField, RenameModel, RemoveField, DeleteModel, AlterModelTable)
LONG_LOCKS = {
    "changes a column's type (rewrites the table)": re.compile(r"ALTER COLUMN \S+ TYPE", re.I),
    "sets NOT NULL on an existing column (scans under an exclusive lock)": re.compile(
        r"ALTER TABLE .* ALTER COLUMN \S+ SET NOT NULL", re.I
    ),
    "renames": re.compile(r"\bRENAME\b", re.I),
    "drops a column or table": re.compile(r"\bDROP (COLUMN|TABLE)\b", re.I),
}


def our_migrations() -> Iterator[Migration]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for (app, _name), migration in sorted(loader.disk_migrations.items()):
        if migration.__module__.startswith("missinghub."):
            assert app  # every MissingHub app label
            yield migration


def flattened(operations: list[Operation]) -> Iterator[Operation]:
    for operation in operations:
        if isinstance(operation, SeparateDatabaseAndState):
            yield from flattened(operation.database_operations)
        else:
            yield operation


def operation_problems(migration: Migration) -> list[str]:
    created = {op.name.lower() for op in migration.operations if hasattr(op, "fields")}
    problems = []
    for operation in flattened(migration.operations):
        if isinstance(operation, BREAKS_OLD_CODE):
            problems.append(f"{type(operation).__name__} breaks the old code")
        if isinstance(operation, AddField) and operation.model_name.lower() not in created:
            field = operation.field
            # Django drops a Python `default` from the table after adding the column; only a
            # `db_default` stays for the old code's INSERTs, which do not name the column.
            if not field.null and field.db_default is NOT_PROVIDED and not field.many_to_many:
                problems.append(f"AddField {operation.name}: NOT NULL without a db_default")
    return problems


def test_no_migration_breaks_the_old_code_unless_explained() -> None:
    found = {
        (m.app_label, m.name): problems
        for m in our_migrations()
        if (problems := operation_problems(m)) and (m.app_label, m.name) not in EXCEPTIONS
    }
    assert found == {}, "see docs/how-to/migrations.md"


def test_the_rules_catch_what_they_should() -> None:
    from django.db import models

    bad = Migration("0099_bad", "children")
    bad.operations = [
        RenameField("child", "given_name", "first_name"),
        AddField("child", "nhs_number", models.CharField(max_length=10)),
        AddField("child", "flag", models.BooleanField(default=False), preserve_default=False),
    ]
    good = Migration("0099_good", "children")
    good.operations = [
        AddField("child", "nickname", models.CharField(max_length=10, null=True)),
        AddField("child", "flagged", models.BooleanField(default=False, db_default=False)),
    ]
    assert len(operation_problems(bad)) == 3
    assert operation_problems(good) == []


def sql_problems(sql: str) -> list[str]:
    problems = [what for what, pattern in LONG_LOCKS.items() if pattern.search(sql)]
    created = set(re.findall(r'CREATE TABLE "(\w+)"', sql))
    for table in re.findall(r'CREATE (?:UNIQUE )?INDEX "\w+" ON "(\w+)"', sql):
        if table not in created:
            problems.append(f"plain CREATE INDEX on existing table {table} (use concurrently)")
    return problems


@pytest.mark.django_db
def test_no_migration_rewrites_or_long_locks_a_postgres_table() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the SQL of a migration is checked on PostgreSQL, where it matters")
    found = {}
    for migration in our_migrations():
        key = (migration.app_label, migration.name)
        if migration.initial or key in EXCEPTIONS:
            continue
        out = io.StringIO()
        call_command("sqlmigrate", *key, stdout=out)
        if problems := sql_problems(out.getvalue()):
            found[key] = problems
    assert found == {}, "see docs/how-to/migrations.md"


def test_the_sql_rules_catch_what_they_should() -> None:
    assert sql_problems('ALTER TABLE "a" ALTER COLUMN "b" TYPE bigint USING "b"::bigint;')
    assert sql_problems('CREATE INDEX "i" ON "children_child" ("family_name");')
    assert sql_problems('CREATE INDEX CONCURRENTLY "i" ON "children_child" ("x");') == []
    assert sql_problems('CREATE TABLE "n" ("id" bigint); CREATE INDEX "i" ON "n" ("id");') == []


def test_every_exception_is_explained_in_the_how_to() -> None:
    how_to = (REPO / "docs" / "how-to" / "migrations.md").read_text()
    for app, name in EXCEPTIONS:
        assert f"{app}.{name}" in how_to
