"""The background worker's heartbeat, so `/healthz` can tell that reminders are being sent."""

from django.db import models


class WorkerHeartbeat(models.Model):
    worker = models.CharField(max_length=200, unique=True, help_text="host:pid of the worker")
    started_at = models.DateTimeField()
    last_beat_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.worker} at {self.last_beat_at:%Y-%m-%d %H:%M:%S}"
