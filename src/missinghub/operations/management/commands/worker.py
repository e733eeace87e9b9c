"""`missinghub worker`: the background worker (django-tasks' db_worker) with a heartbeat.

The heartbeat row lets /healthz say whether reminders and long jobs are being processed.
"""

import os
import socket
import threading
from typing import Any

from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from missinghub.operations.models import WorkerHeartbeat

BEAT_SECONDS = 15


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
            return super().handle(*args, **options)
        finally:
            stop.set()
