"""Tasks the area protocol creates: an interview, visit, panel referral, meeting or alert.

Each comes from one decision of the engine and carries its stable key, so applying the same
decisions again creates nothing (the key is unique). See docs/protocols.md.
"""

from django.db import models
from django.db.models import F, Q

from missinghub.accounts.models import Agency
from missinghub.children.models import Child
from missinghub.episodes.models import Episode


class TaskKind(models.TextChoices):
    RETURN_INTERVIEW = "return_interview", "Return interview"
    YOUTH_WORKER_VISIT = "youth_worker_visit", "Youth-worker visit"
    PANEL_REFERRAL = "panel_referral", "Panel referral"
    STRATEGY_MEETING = "strategy_meeting", "Strategy meeting"
    SOCIAL_CARE_ALERT = "social_care_alert", "Social care alert"
    # Not a rule's task: made by the protocol's police review schedule (police_reviews.py).
    POLICE_REVIEW = "police_review", "Police review"


class TaskStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


class ProtocolTask(models.Model):
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="protocol_tasks")
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="protocol_tasks")
    kind = models.CharField(max_length=32, choices=TaskKind.choices)
    owner_team = models.CharField(max_length=200)
    owner_agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="protocol_tasks"
    )
    triggered_at = models.DateTimeField(help_text="The report or return that fired the rule.")
    due_at = models.DateTimeField()
    ideally_by = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    rule = models.CharField(max_length=64, help_text="The id of the protocol rule that fired.")
    protocol_name = models.CharField(max_length=64)
    protocol_version = models.CharField(max_length=32)
    decision_key = models.CharField(max_length=255, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    due_reminder_sent_at = models.DateTimeField(null=True, blank=True)
    overdue_reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [models.Index(fields=["status", "due_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=TaskKind.values), name="protocol_task_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(status__in=TaskStatus.values), name="protocol_task_status_known"
            ),
            models.CheckConstraint(
                condition=Q(due_at__gte=F("triggered_at")), name="protocol_task_due_after_trigger"
            ),
            models.CheckConstraint(
                condition=(Q(status="open") & Q(closed_at__isnull=True))
                | (Q(status__in=["done", "cancelled"]) & Q(closed_at__isnull=False)),
                name="protocol_task_closed_exactly_when_not_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{TaskKind(self.kind).label} due {self.due_at:%d/%m/%Y %H:%M}"


class ReferralEpisode(models.Model):
    """A later qualifying episode that joined the child's open panel referral instead of
    referring the child again (one open referral per child and panel; docs/protocols.md)."""

    task = models.ForeignKey(ProtocolTask, on_delete=models.CASCADE, related_name="joined_episodes")
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="+")
    rule = models.CharField(max_length=64, help_text="The rule that fired on this episode.")
    triggered_at = models.DateTimeField()
    decision_key = models.CharField(max_length=255, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["triggered_at", "id"]

    def __str__(self) -> str:
        return f"Episode {self.episode_id} joined referral {self.task_id}"
