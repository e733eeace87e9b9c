"""`missinghub check` (Django's check framework) reports configuration and migration state.

- `operations.E001`: a setting in the environment is missing or wrong (the same rules that stop
  production settings at start-up; see `missinghub.operations.environment`). A deployment
  check: `missinghub check --deploy` (production settings refuse to load at all first).
- `operations.W001`: migrations not applied to the database. Tagged `database`, so it runs with
  `missinghub check --database default` (and before `migrate`), never touching the database
  otherwise.
"""

import os
from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.db import DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor

from missinghub.operations.environment import environment_problems


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
