"""Exploitation screening (CSE and CCE): indicators from configuration, each answered yes, no or
possible, recent or earlier; the level is computed (missinghub.casework.scoring) and stored."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from missinghub.casework.models.interviews import ReturnInterview
from missinghub.children.models import Child
from missinghub.episodes.models import Episode


class ScreeningKind(models.TextChoices):
    CSE = "cse", "Child sexual exploitation (CSE)"
    CCE = "cce", "Child criminal exploitation (CCE)"


class ExploitationLevel(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class IndicatorAnswer(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    POSSIBLE = "possible", "Possible"


class IndicatorWeight(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class ExploitationScreening(models.Model):
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="screenings")
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="screenings")
    interview = models.ForeignKey(
        ReturnInterview,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="screenings",
    )
    kind = models.CharField(max_length=8, choices=ScreeningKind.choices)
    screened_at = models.DateTimeField()
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    child_age = models.PositiveSmallIntegerField(help_text="Age on the day of the screening.")
    score = models.DecimalField(max_digits=6, decimal_places=2)
    level = models.CharField(max_length=8, choices=ExploitationLevel.choices)
    level_reason = models.CharField(max_length=300)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-screened_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ScreeningKind.values), name="screening_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(level__in=ExploitationLevel.values), name="screening_level_known"
            ),
            models.CheckConstraint(condition=Q(score__gte=0), name="screening_score_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{ScreeningKind(self.kind).label}: {ExploitationLevel(self.level).label}"


class ScreeningAnswer(models.Model):
    """One indicator as answered. Text and weight are copied from the configuration of the day,
    so an old screening reads the same after the list changes."""

    screening = models.ForeignKey(
        ExploitationScreening, on_delete=models.CASCADE, related_name="answers"
    )
    indicator = models.CharField(max_length=64)
    domain = models.CharField(max_length=200)
    text = models.CharField(max_length=300)
    weight = models.CharField(max_length=8, choices=IndicatorWeight.choices)
    answer = models.CharField(max_length=8, choices=IndicatorAnswer.choices)
    recent = models.BooleanField(default=True, help_text="Within the recent period (6 months).")

    class Meta:
        ordering = ["screening", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["screening", "indicator"], name="screening_indicator_once"
            ),
            models.CheckConstraint(
                condition=Q(answer__in=IndicatorAnswer.values), name="screening_answer_known"
            ),
            models.CheckConstraint(
                condition=Q(weight__in=IndicatorWeight.values), name="screening_weight_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.answer}"
