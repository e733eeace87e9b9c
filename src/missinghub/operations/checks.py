"""`missinghub check` (Django's check framework) reports configuration and migration state.

- `operations.E001`: a setting in the environment is missing or wrong (the same rules that stop
  production settings at start-up; see `missinghub.operations.environment`). A deployment
  check: `missinghub check --deploy` (production settings refuse to load at all first).
- `operations.W001`: migrations not applied to the database. Tagged `database`, so it runs with
  `missinghub check --database default` (and before `migrate`), never touching the database
  otherwise.
- `operations.E002` / `E003` (PostgreSQL, with `--database`): the app's database role owns the
  audit table (or is a superuser), or may UPDATE, DELETE or TRUNCATE it, so it could erase the
  audit trail or drop its guard triggers. Run migrations as an owner role and the app as a role
  with only SELECT and INSERT on that table (docs/operations.md, "The database roles").
"""

import os
from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.db import DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor

from missinghub.audit.models import AuditEvent
from missinghub.operations.environment import environment_problems

ROLES_HINT = "See docs/operations.md, 'The database roles'."


@register(deploy=True)
def environment_check(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    environ = dict(os.environ)
    if settings.DEBUG:
        environ["DJANGO_DEBUG"] = "true"
    return [
        Error(problem, hint="See docs/operations.md, 'Settings'.", id="operations.E001")
        for problem in environment_problems(environ)
    ]


def pending_migrations(alias: str) -> list[str]:
    executor = MigrationExecutor(connections[alias])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


@register(Tags.database)
def migrations_check(
    app_configs: Sequence[AppConfig] | None = None,
    databases: Sequence[str] | None = None,
    **kwargs: Any,
) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    for alias in databases or []:
        try:
            pending = pending_migrations(alias)
        except DatabaseError as error:
            messages.append(
                Warning(
                    f"Cannot read the migration state of database '{alias}' "
                    f"({type(error).__name__}).",
                    hint="Is the database running and DATABASE_URL right?",
                    id="operations.W002",
                )
            )
            continue
        if pending:
            shown = ", ".join(pending[:5]) + (" ..." if len(pending) > 5 else "")
            messages.append(
                Warning(
                    f"{len(pending)} migration(s) not applied to database '{alias}': {shown}",
                    hint="Run `missinghub migrate` (see docs/how-to/migrations.md).",
                    id="operations.W001",
                )
            )
    return messages


@register(Tags.database, deploy=True)
def audit_role_check(
    app_configs: Sequence[AppConfig] | None = None,
    databases: Sequence[str] | None = None,
    **kwargs: Any,
) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    for alias in databases or []:
        connection = connections[alias]
        if connection.vendor != "postgresql":
            continue
        try:
            owns, updates, deletes, truncates = _audit_table_rights(connection)
        except DatabaseError:
            continue  # the migrations check reports an unreadable database
        if owns:
            messages.append(
                Error(
                    f"The app's database role on '{alias}' owns the audit table or is a "
                    "superuser: it can drop the triggers that keep the audit trail append-only.",
                    hint=ROLES_HINT,
                    id="operations.E002",
                )
            )
            continue
        rights = [name for name, has in (("UPDATE", updates), ("DELETE", deletes),
                                          ("TRUNCATE", truncates)) if has]  # fmt: skip
        if rights:
            messages.append(
                Error(
                    f"The app's database role on '{alias}' may {', '.join(rights)} the audit "
                    "table: give it only SELECT and INSERT there.",
                    hint=ROLES_HINT,
                    id="operations.E003",
                )
            )
    return messages


def _audit_table_rights(connection: Any) -> tuple[bool, bool, bool, bool]:
    """(owns or superuser, may UPDATE, may DELETE, may TRUNCATE) for the current role."""
    sql = """
        SELECT pg_get_userbyid(c.relowner) = current_user
                   OR (SELECT rolsuper FROM pg_roles WHERE rolname = current_user),
               has_table_privilege(current_user, c.oid, 'UPDATE'),
               has_table_privilege(current_user, c.oid, 'DELETE'),
               has_table_privilege(current_user, c.oid, 'TRUNCATE')
          FROM pg_class c WHERE c.oid = to_regclass(%s)
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [connection.ops.quote_name(AuditEvent._meta.db_table)])
        row = cursor.fetchone()
    if row is None:  # not migrated yet: nothing to protect
        return (False, False, False, False)
    return (bool(row[0]), bool(row[1]), bool(row[2]), bool(row[3]))
