"""What closes the tasks that have no casework record of their own: the early youth-worker
visit (Northamptonshire) and the acknowledgement of an alert (a social-care alert task, or a
notification from another agency)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from missinghub.children.models import Child
from missinghub.episodes.models import Notification
from missinghub.protocols.models import ProtocolTask


class VisitOutcome(models.TextChoices):
    NO_FURTHER_ACTION = "no_further_action", "No further action"
    ONGOING_SUPPORT = "ongoing_support", "Further youth-work support agreed"
    REFERRED_MISSING_TEAM = "referred_missing_team", "Referred to the missing team"
    REFERRED_SOCIAL_CARE = "referred_social_care", "Referred to children's social care"
    NOT_SEEN = "not_seen", "Not seen: could not make contact"


class YouthWorkerVisit(models.Model):
    """The early visit soon after a return: when, whether the child was seen, whether they took
    up further support, and the outcome. Recording it closes the task."""

    task = models.OneToOneField(
        ProtocolTask, on_delete=models.PROTECT, related_name="youth_worker_visit"
    )
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="youth_worker_visits")
    visited_on = models.DateField()
    seen = models.BooleanField(help_text="Whether the youth worker saw the child.")
    support_taken_up = models.BooleanField(null=True, blank=True)
    outcome = models.CharField(max_length=32, choices=VisitOutcome.choices)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-visited_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=VisitOutcome.values), name="visit_outcome_known"
            ),
            models.CheckConstraint(
                condition=Q(seen=True) | Q(outcome="not_seen"),
                name="visit_not_seen_outcome_is_not_seen",
            ),
        ]

    def __str__(self) -> str:
        return f"Youth-worker visit to child {self.child_id} on {self.visited_on:%d/%m/%Y}"


class Acknowledgement(models.Model):
    """An alert acknowledged with what was done: a social-care alert task, or a notification."""

    task = models.OneToOneField(
        ProtocolTask, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    notification = models.OneToOneField(
        Notification, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    what_was_done = models.TextField()
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-acknowledged_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(task__isnull=False) & Q(notification__isnull=True))
                | (Q(task__isnull=True) & Q(notification__isnull=False)),
                name="acknowledgement_of_one_alert",
            ),
        ]

    def __str__(self) -> str:
        return f"Acknowledged by {self.acknowledged_by_id}"


class PoliceReview(models.Model):
    """A police review of a missing episode, due on the protocol's schedule for its risk level
    (protocols/police_reviews.py). Recording it closes the task; the next review is scheduled
    from it while the child is still missing."""

    task = models.OneToOneField(ProtocolTask, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField()
    progress = models.TextField(help_text="What the investigation has done and found so far.")
    next_steps = models.TextField()
    risk_level_right = models.BooleanField(help_text="Whether the current risk level is right.")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["reviewed_at", "id"]

    def __str__(self) -> str:
        return f"Police review of task {self.task_id} at {self.reviewed_at:%d/%m/%Y %H:%M}"
