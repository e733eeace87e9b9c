"""Interventions: a brief intervention after a CAF, mentoring, family work and the like."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from missinghub.casework.models.interviews import ReturnInterview
from missinghub.children.models import Child


class InterventionType(models.TextChoices):
    BRIEF_INTERVENTION = "brief_intervention", "Brief intervention (CAF, up to 3 months)"
    ONE_TO_ONE = "one_to_one", "One-to-one youth work"
    FAMILY_SUPPORT = "family_support", "Family support"
    MENTORING = "mentoring", "Mentoring"
    GROUP_WORK = "group_work", "Group work (e.g. exploitation awareness)"
    OTHER = "other", "Other"


class InterventionEndReason(models.TextChoices):
    COMPLETED = "completed", "Completed as planned"
    DISENGAGED = "disengaged", "Child or family stopped taking part"
    STEPPED_UP = "stepped_up", "Stepped up to social care"
    MOVED_AWAY = "moved_away", "Moved out of the area"
    OTHER = "other", "Other"


class Intervention(models.Model):
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="interventions")
    interview = models.ForeignKey(
        ReturnInterview,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interventions",
    )
    intervention_type = models.CharField(max_length=32, choices=InterventionType.choices)
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    start_date = models.DateField()
    planned_end_date = models.DateField()
    sessions_planned = models.PositiveSmallIntegerField(default=0)
    sessions_attended = models.PositiveSmallIntegerField(default=0)
    child_took_up = models.BooleanField(null=True, blank=True)
    family_took_up = models.BooleanField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=32, choices=InterventionEndReason.choices, blank=True)
    notes = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end_date__gte=F("start_date")),
                name="intervention_planned_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("start_date")),
                name="intervention_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=(Q(ended_on__isnull=True) & Q(end_reason=""))
                | (Q(ended_on__isnull=False) & ~Q(end_reason="")),
                name="intervention_end_reason_exactly_when_ended",
            ),
            models.CheckConstraint(
                condition=Q(sessions_attended__lte=F("sessions_planned")),
                name="intervention_attended_not_above_planned",
            ),
            models.CheckConstraint(
                condition=Q(intervention_type__in=InterventionType.values),
                name="intervention_type_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{InterventionType(self.intervention_type).label} from {self.start_date:%d/%m/%Y}"

    @property
    def is_open(self) -> bool:
        return self.ended_on is None
