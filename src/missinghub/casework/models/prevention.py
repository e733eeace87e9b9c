"""Prevention work (Plymouth, Hartlepool; seeds 001, 004): sessions in schools, awareness work
with carers and professionals, advice-line contacts and leaflets, recorded as counted activities
(date, kind, audience, number reached, agency). No child is named: these are counts."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from missinghub.accounts.models import Agency


class PreventionKind(models.TextChoices):
    SCHOOL_SESSION = "school_session", "Prevention session in a school"
    CARERS_AWARENESS = "carers_awareness", "Awareness session for parents and carers"
    PROFESSIONALS_TRAINING = "professionals_training", "Training for professionals"
    ADVICE_LINE = "advice_line", "Advice-line contacts"
    LEAFLETS = "leaflets", "Leaflets and information given out"


class PreventionAudience(models.TextChoices):
    PUPILS = "pupils", "Pupils"
    PARENTS_AND_CARERS = "parents_and_carers", "Parents and carers"
    FOSTER_AND_HOME_STAFF = "foster_and_home_staff", "Foster carers and care home staff"
    PROFESSIONALS = "professionals", "Professionals"
    YOUNG_PEOPLE = "young_people", "Young people"
    PUBLIC = "public", "Members of the public"


class PreventionActivity(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    area = models.CharField(max_length=100, help_text="The area the work was done in.")
    held_on = models.DateField()
    kind = models.CharField(max_length=32, choices=PreventionKind.choices)
    audience = models.CharField(max_length=32, choices=PreventionAudience.choices)
    reached = models.PositiveIntegerField(
        help_text="People at the session, advice-line contacts, or leaflets given out."
    )
    setting = models.CharField(max_length=200, blank=True, help_text="E.g. the school's name.")
    materials = models.CharField(max_length=300, blank=True)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "prevention activities"
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["agency", "-held_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=PreventionKind.values), name="prevention_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(audience__in=PreventionAudience.values),
                name="prevention_audience_known",
            ),
            models.CheckConstraint(condition=Q(reached__gte=1), name="prevention_reached_someone"),
        ]

    def __str__(self) -> str:
        return f"{PreventionKind(self.kind).label} on {self.held_on:%d/%m/%Y}"
