"""`missinghub worker`: the background worker (django-tasks' db_worker) with a heartbeat.

Beside each beat it queues a protocol run when an API report has waited for its protocol too
long (`protocols.scheduling.queue_run_for_stale_pending`; docs/adr/0002).

The heartbeat row lets /healthz say whether reminders and long jobs are being processed. A
database outage does not stop the worker: it waits and carries on when the database is back.
"""

import logging
import os
import socket
import threading
import time
from typing import Any

from django.db import (
    DatabaseError,
    InterfaceError,
    OperationalError,
    close_old_connections,
    connection,
)
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from missinghub.operations.models import WorkerHeartbeat
from missinghub.protocols.scheduling import queue_run_for_stale_pending

BEAT_SECONDS = 15
RETRY_SECONDS = 5
logger = logging.getLogger("missinghub.operations.worker")


def beat(worker: str, started_at: Any) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker=worker, defaults={"started_at": started_at, "last_beat_at": timezone.now()}
    )


def _beat_forever(worker: str, stop: threading.Event) -> None:
    started_at = timezone.now()
    while not stop.is_set():
        try:
            close_old_connections()
            beat(worker, started_at)
            queue_run_for_stale_pending(timezone.now())  # reports whose protocol run was lost
        except DatabaseError:
            pass  # the database is away: /healthz will say so; keep trying
        stop.wait(BEAT_SECONDS)
    connection.close()


class Command(DbWorkerCommand):
    help = "Run the background worker (reminders, long jobs) and record its heartbeat."

    def handle(self, *args: Any, **options: Any) -> Any:
        worker = f"{socket.gethostname()}:{os.getpid()}"
        stop = threading.Event()
        thread = threading.Thread(target=_beat_forever, args=(worker, stop), daemon=True)
        thread.start()
        try:
            return self._work_through_outages(*args, **options)
        finally:
            stop.set()

    def _work_through_outages(self, *args: Any, **options: Any) -> Any:
        """django-tasks' worker stops at the first database error; while the database is away
        ours waits and carries on, so nobody has to restart it after an outage."""
        while True:
            try:
                return super().handle(*args, **options)
            except (OperationalError, InterfaceError) as error:
                if options.get("batch"):
                    raise
                logger.warning(
                    "Database unavailable (%s); trying again in %s s",
                    type(error).__name__,
                    RETRY_SECONDS,
                )
                connection.close_if_unusable_or_obsolete()
                time.sleep(RETRY_SECONDS)
