"""Checks behind /healthz and /readyz. Each answers with a short code, never with details that
would help an attacker (no host names, no SQL, no stack)."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def database_reachable() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return Check("database", False, "unreachable")
    return Check("database", True, "reachable")


def migrations_applied() -> Check:
    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError:
        return Check("migrations", False, "unknown: database unreachable")
    if pending:
        return Check("migrations", False, f"{len(pending)} not applied")
    return Check("migrations", True, "all applied")


def worker_heartbeat_recent() -> Check:
    from missinghub.operations.models import WorkerHeartbeat

    limit = timedelta(seconds=settings.MISSINGHUB_WORKER_HEARTBEAT_MAX_AGE_SECONDS)
    try:
        latest = WorkerHeartbeat.objects.order_by("-last_beat_at").first()
    except DatabaseError:
        return Check("worker", False, "unknown: database unreachable")
    if latest is None:
        return Check("worker", False, "no worker has started")
    age = timezone.now() - latest.last_beat_at
    if age > limit:
        return Check("worker", False, f"last heartbeat {int(age.total_seconds())} s ago")
    return Check("worker", True, f"last heartbeat {int(age.total_seconds())} s ago")
