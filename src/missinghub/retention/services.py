"""Apply the retention schedule: delete (or anonymise) expired children's records, delete old
notifications, count the audit rows past their keep date. One audit event per run, counts only.

The clock is `django.utils.timezone.now()`, read once per run, so tests freeze it by patching.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db import DatabaseError, models, transaction
from django.db.models import Max, Q
from django.utils import timezone

from missinghub.accounts.models import User
from missinghub.audit.enums import AuditVerb
from missinghub.audit.models import AuditEvent
from missinghub.audit.services import record_event
from missinghub.children.models import Child
from missinghub.episodes.models import EpisodeStatus, Notification
from missinghub.exports.records import collect_child_records, deletion_order
from missinghub.retention.anonymise import anonymise_child
from missinghub.retention.schedule import Schedule, load_schedule

LAST_CONTACT_FIELDS = (
    "created_at",
    "episodes__reported_at",
    "episodes__returned_at",
    "notifications__sent_at",
    "placements__start_date",
    "placements__end_date",
    "legal_statuses__start_date",
    "legal_statuses__end_date",
)


@dataclass
class RetentionResult:
    dry_run: bool
    children_expired: int = 0
    children_failed: int = 0
    rows: Counter = field(default_factory=Counter)  # rows removed (or to remove) per table
    notifications_expired: int = 0
    audit_events_past_keep: int = 0

    def counts(self) -> dict[str, object]:
        return {
            "dry_run": self.dry_run,
            "children_expired": self.children_expired,
            "children_failed": self.children_failed,
            "rows": dict(sorted(self.rows.items())),
            "notifications_expired": self.notifications_expired,
            "audit_events_past_keep": self.audit_events_past_keep,
        }


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _as_date(value: dt.date | dt.datetime | None) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date()
    return value


def expired_children(schedule: Schedule, today: dt.date) -> list[Child]:
    """Children past the age limit, with no open episode, whose last contact is old enough."""
    born_by = _years_before(today, schedule.keep_until_age)
    contact_by = _years_before(today, schedule.keep_years_after_last_contact)
    candidates = (
        Child.objects.filter(date_of_birth__lte=born_by)
        .exclude(episodes__status=EpisodeStatus.OPEN)
        .annotate(**{f"last_{i}": Max(name) for i, name in enumerate(LAST_CONTACT_FIELDS)})
    )
    expired = []
    for child in candidates:
        moments = [_as_date(getattr(child, f"last_{i}")) for i in range(len(LAST_CONTACT_FIELDS))]
        if max(m for m in moments if m is not None) <= contact_by:
            expired.append(child)
    return expired


def _delete_child(child: Child) -> Counter:
    records = collect_child_records(child)
    removed: Counter = Counter()
    for model in deletion_order(records):
        pks = [obj.pk for obj in records.rows[model]]
        model._default_manager.filter(pk__in=pks).delete()
        removed[model._meta.label_lower] += len(pks)
    return removed


def _retire_child(child: Child, schedule: Schedule, result: RetentionResult) -> None:
    if result.dry_run:
        for model, objs in collect_child_records(child).rows.items():
            result.rows[model._meta.label_lower] += len(objs)
        result.children_expired += 1
        return
    try:
        with transaction.atomic():
            if schedule.child_action == "anonymise":
                result.rows.update(anonymise_child(child))
            else:
                result.rows.update(_delete_child(child))
    except (DatabaseError, models.ProtectedError, models.RestrictedError, PermissionError):
        result.children_failed += 1  # kept whole; the run's event counts it for follow-up
        return
    result.children_expired += 1


def _old_notifications(schedule: Schedule, now: dt.datetime) -> models.QuerySet[Notification]:
    cutoff = now - dt.timedelta(days=schedule.notification_days_after_expiry)
    return Notification.objects.filter(expires_at__lt=cutoff)


def apply_retention(
    *, actor: User | None = None, dry_run: bool = False, schedule: Schedule | None = None
) -> RetentionResult:
    schedule = schedule or load_schedule()
    now = timezone.now()
    result = RetentionResult(dry_run=dry_run)
    for child in expired_children(schedule, timezone.localtime(now).date()):
        _retire_child(child, schedule, result)
    notifications = _old_notifications(schedule, now)
    result.notifications_expired = notifications.count()
    if not dry_run:
        notifications.delete()
    audit_cutoff = now.replace(year=now.year - schedule.audit_keep_years)
    result.audit_events_past_keep = AuditEvent.objects.filter(
        Q(occurred_at__lt=audit_cutoff)
    ).count()
    record_event(
        verb=AuditVerb.RETENTION_DRY_RUN if dry_run else AuditVerb.RETENTION_RUN,
        actor=actor,
        detail=result.counts(),
    )
    return result
