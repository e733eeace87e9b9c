"""Managed risk assessments (Lancashire, seed 003): for each child in care, what the home does
before reporting an absence, when it reports (at once, after a set number of hours, or when
stated conditions are met), who it tells, and a review date, in place of a blanket "report after
two hours". Each save of an assessment is a new row; the newest is the one in force.

The home is asked for one by a task when a placement with a care provider starts, and asked to
review it by a task after each episode; recording an assessment completes the open task."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from missinghub.accounts.models import Agency
from missinghub.children.models import Child, Placement
from missinghub.episodes.models import Episode


class ReportWhen(models.TextChoices):
    IMMEDIATELY = "immediately", "Report at once"
    AFTER_HOURS = "after_hours", "Report after a set number of hours"
    ON_CONDITIONS = "on_conditions", "Report when the conditions written down are met"


class ManagedRiskAssessment(models.Model):
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="risk_assessments")
    placement = models.ForeignKey(
        Placement, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    provider = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    before_reporting = models.TextField(
        help_text="What the home does first: who it calls, where it looks, for how long."
    )
    report_when = models.CharField(max_length=16, choices=ReportWhen.choices)
    report_after_hours = models.PositiveSmallIntegerField(null=True, blank=True)
    conditions = models.TextField(
        blank=True, help_text="When to report at once whatever the hours (e.g. seen with adults)."
    )
    who_to_tell = models.TextField()
    review_by = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["child", "-recorded_at", "-id"]
        indexes = [models.Index(fields=["child", "-recorded_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(report_when__in=ReportWhen.values),
                name="risk_assessment_report_when_known",
            ),
            models.CheckConstraint(
                condition=(
                    Q(report_when="after_hours")
                    & Q(report_after_hours__gte=1)
                    & Q(report_after_hours__lte=72)
                )
                | (~Q(report_when="after_hours") & Q(report_after_hours__isnull=True)),
                name="risk_assessment_hours_exactly_when_after_hours",
            ),
            models.CheckConstraint(
                condition=~Q(report_when="on_conditions") | ~Q(conditions=""),
                name="risk_assessment_conditions_written",
            ),
        ]

    def __str__(self) -> str:
        return f"Managed risk assessment of child {self.child_id} ({self.recorded_at:%d/%m/%Y})"

    @property
    def when_in_words(self) -> str:
        if self.report_when == ReportWhen.AFTER_HOURS:
            hours = self.report_after_hours
            return f"Report after {hours} hour{'s' if hours != 1 else ''} if not back or found"
        return ReportWhen(self.report_when).label


class AssessmentTaskReason(models.TextChoices):
    PLACEMENT_STARTED = "placement_started", "Placement started: record a managed risk assessment"
    AFTER_EPISODE = "after_episode", "Review the managed risk assessment after an episode"


class AssessmentTaskStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"


class RiskAssessmentTask(models.Model):
    """The care provider's task to record (placement start) or review (after an episode) the
    child's managed risk assessment; done when an assessment is recorded."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=32, choices=AssessmentTaskReason.choices)
    placement = models.ForeignKey(
        Placement, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    episode = models.ForeignKey(
        Episode, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    owner_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    status = models.CharField(
        max_length=8, choices=AssessmentTaskStatus.choices, default=AssessmentTaskStatus.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)
    assessment = models.ForeignKey(
        ManagedRiskAssessment, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["owner_agency", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(reason__in=AssessmentTaskReason.values),
                name="assessment_task_reason_known",
            ),
            models.CheckConstraint(
                condition=(Q(status="open") & Q(assessment__isnull=True))
                | (Q(status="done") & Q(assessment__isnull=False)),
                name="assessment_task_done_exactly_with_assessment",
            ),
            models.UniqueConstraint(
                fields=["placement"],
                condition=Q(reason="placement_started"),
                name="assessment_task_once_per_placement",
            ),
            models.UniqueConstraint(
                fields=["episode"],
                condition=Q(reason="after_episode"),
                name="assessment_task_once_per_episode",
            ),
        ]

    def __str__(self) -> str:
        return f"{AssessmentTaskReason(self.reason).label} (due {self.due_on:%d/%m/%Y})"
