"""`missinghub check --deploy --database default` on PostgreSQL refuses an app role that could
erase the audit trail: one that owns the audit table or may UPDATE, DELETE or TRUNCATE it
(security review, finding 6). The restricted role docs/operations.md describes passes."""

from collections.abc import Iterator

import pytest
from django.core.checks import Error
from django.db import connection

from missinghub.audit.models import AuditEvent
from missinghub.operations.checks import audit_role_check

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="database roles are PostgreSQL's"),
]
ROLE = "missinghub_app_check_test"


def _ids(messages: list) -> set[str]:
    return {m.id for m in messages if isinstance(m, Error)}


@pytest.fixture
def restricted_role() -> Iterator[str]:
    """A role made as docs/operations.md says (inside the test's transaction, so undone)."""
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {ROLE} NOLOGIN")
        cursor.execute(f"GRANT USAGE ON SCHEMA public TO {ROLE}")
        cursor.execute(
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {ROLE}"
        )
        cursor.execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON {table} FROM {ROLE}")
        cursor.execute(f"SET ROLE {ROLE}")
    try:
        yield ROLE
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")


def test_the_owner_role_is_refused() -> None:
    """The test database's role owns every table (as the old install instructions made it)."""
    found = _ids(audit_role_check(databases=["default"]))
    assert "operations.E002" in found


def test_a_role_that_may_delete_audit_rows_is_refused(restricted_role: str) -> None:
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")
        cursor.execute(f"GRANT DELETE ON {table} TO {restricted_role}")
        cursor.execute(f"SET ROLE {restricted_role}")
    messages = audit_role_check(databases=["default"])
    assert _ids(messages) == {"operations.E003"}
    assert "DELETE" in messages[0].msg


def test_the_documented_restricted_role_passes(restricted_role: str) -> None:
    assert audit_role_check(databases=["default"]) == []


def test_without_a_database_nothing_is_checked() -> None:
    assert audit_role_check(databases=None) == []
