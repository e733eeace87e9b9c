"""Audit events: append-only. Rows are written by `audit.services.record_event` only.

The database itself refuses UPDATE and DELETE on this table (a trigger on PostgreSQL and on
SQLite, installed by migration 0002), so not even a bug or a console session can rewrite history.
"""

from typing import Any

from django.conf import settings
from django.db import models

from missinghub.audit.enums import AuditVerb


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("Audit events are append-only and cannot be updated.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit events are append-only and cannot be deleted.")


class AuditEvent(models.Model):
    occurred_at = models.DateTimeField(db_index=True)
    # The verb's code; `AuditVerb` is the list of codes, checked by `record_event`. No `choices`
    # here, so a new verb needs no migration.
    verb = models.CharField(max_length=64, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Copied at the time of the event, so the trail reads true after people move agency.
    actor_username = models.CharField(max_length=150, blank=True)
    actor_agency_id = models.BigIntegerField(null=True, blank=True)
    actor_role = models.CharField(max_length=32, blank=True)
    # Plain ids, not foreign keys: the trail outlives retention of the records it speaks of.
    child_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    target_type = models.CharField(max_length=64, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.verb} by {self.actor_username or '-'}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("Audit events are append-only and cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit events are append-only and cannot be deleted.")

    @property
    def verb_label(self) -> str:
        """What happened, in words; the code itself if it is no longer a known verb."""
        try:
            return str(AuditVerb(self.verb).label)
        except ValueError:
            return self.verb
