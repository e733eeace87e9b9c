"""Return-interview quality audits (Hartlepool, seed 004): a manager samples completed return
interviews each month and scores each against the rubric kept in the casework configuration
(`interview_audit.criteria`), with a grade, the learning for the team, and the child's views in
a sentence for the service. One audit per interview."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from missinghub.casework.models.interviews import ReturnInterview


class AuditGrade(models.TextChoices):
    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"


class InterviewAudit(models.Model):
    interview = models.OneToOneField(
        ReturnInterview, on_delete=models.PROTECT, related_name="quality_audit"
    )
    criteria_met = models.JSONField(default=list, help_text="Codes of the rubric criteria met.")
    criteria_total = models.PositiveSmallIntegerField(
        help_text="How many criteria the rubric had when the audit was made."
    )
    grade = models.CharField(max_length=32, choices=AuditGrade.choices)
    learning = models.TextField(help_text="What the team should learn from this interview.")
    child_view_summary = models.TextField(
        blank=True, help_text="What the child told us, summarised for the service."
    )
    audited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    audited_at = models.DateTimeField()

    class Meta:
        ordering = ["-audited_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(grade__in=AuditGrade.values), name="interview_audit_grade_known"
            ),
            models.CheckConstraint(
                condition=Q(criteria_total__gte=1), name="interview_audit_has_a_rubric"
            ),
        ]

    def __str__(self) -> str:
        return f"Quality audit of return interview {self.interview_id}"

    @property
    def score(self) -> int:
        return len(self.criteria_met)
