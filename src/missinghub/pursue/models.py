"""People, places, vehicles, phone numbers and online handles of concern, each shared across the
children linked to it; the proposals to the exploitation panel they raise; and the disruption
actions taken against them (issue #27)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from missinghub.casework.models import PanelMeeting
from missinghub.children.models import Child


class EntityKind(models.TextChoices):
    PERSON = "person", "Person"
    PLACE = "place", "Place or address"
    VEHICLE = "vehicle", "Vehicle"
    PHONE = "phone", "Phone number"
    HANDLE = "handle", "Online handle"


class LinkSource(models.TextChoices):
    POLICE_LOG = "police_log", "Police log"
    RETURN_INTERVIEW = "return_interview", "Return interview (the child's account)"
    PHILOMENA_PROFILE = "philomena_profile", "Philomena profile"
    PANEL = "panel", "Panel"
    IMPORT = "import", "Import of an agency file"


# The police intelligence grading (3x5x2, College of Policing APP on intelligence management).
class SourceEvaluation(models.TextChoices):
    RELIABLE = "1", "1: Reliable"
    UNTESTED = "2", "2: Untested"
    NOT_RELIABLE = "3", "3: Not reliable"


class IntelligenceAssessment(models.TextChoices):
    KNOWN_DIRECTLY = "A", "A: Known directly to the source"
    CORROBORATED = "B", "B: Known indirectly to the source but corroborated"
    KNOWN_INDIRECTLY = "C", "C: Known indirectly to the source"
    NOT_KNOWN = "D", "D: Not known"
    SUSPECTED_FALSE = "E", "E: Suspected to be false"


class HandlingCode(models.TextChoices):
    PERMITTED = "P", "P: Lawful sharing permitted"
    CONDITIONS = "C", "C: Lawful sharing permitted with conditions"


class Entity(models.Model):
    """One person, place, vehicle, phone or handle, however many children name it."""

    kind = models.CharField(max_length=16, choices=EntityKind.choices)
    key = models.CharField(max_length=300, help_text="The normalised form (normalise.py).")
    label = models.CharField(max_length=300, help_text="How it is shown.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "label"]
        verbose_name_plural = "entities"
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="pursue_entity_once"),
            models.CheckConstraint(
                condition=Q(kind__in=EntityKind.values), name="pursue_entity_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.label}"


class EntityAlias(models.Model):
    """Another name a person goes by (a street name, a nickname, a spelling)."""

    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    key = models.CharField(max_length=300, db_index=True)

    class Meta:
        ordering = ["entity", "name"]
        constraints = [
            models.UniqueConstraint(fields=["entity", "key"], name="pursue_alias_once"),
        ]

    def __str__(self) -> str:
        return self.name


class EntityLink(models.Model):
    """A child linked to an entity: by whom, from which source, when, and how it is graded."""

    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="links")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="pursue_links")
    source = models.CharField(max_length=32, choices=LinkSource.choices)
    relationship = models.CharField(max_length=200, blank=True, help_text="e.g. where found")
    as_recorded = models.CharField(max_length=300, help_text="The value as it was written.")
    seen_on = models.DateField(help_text="When the child was with, at or in touch with it.")
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    source_evaluation = models.CharField(max_length=1, choices=SourceEvaluation.choices)
    intelligence_assessment = models.CharField(max_length=1, choices=IntelligenceAssessment.choices)
    handling_code = models.CharField(max_length=1, choices=HandlingCode.choices)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-seen_on", "-id"]
        indexes = [models.Index(fields=["entity", "seen_on"], name="pursue_link_entity_seen")]
        constraints = [
            models.CheckConstraint(
                condition=Q(source__in=LinkSource.values), name="pursue_link_source_known"
            ),
            models.CheckConstraint(
                condition=Q(source_evaluation__in=SourceEvaluation.values)
                & Q(intelligence_assessment__in=IntelligenceAssessment.values)
                & Q(handling_code__in=HandlingCode.values),
                name="pursue_link_graded_3x5x2",
            ),
        ]

    def __str__(self) -> str:
        return f"Child {self.child_id} - {self.entity}"

    @property
    def grading(self) -> str:
        """The grading as police write it, e.g. '2/B/P'."""
        return f"{self.source_evaluation}/{self.intelligence_assessment}/{self.handling_code}"


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    ACCEPTED = "accepted", "On the agenda"
    DISMISSED = "dismissed", "Dismissed"


class ConcernProposal(models.Model):
    """A 'location or person of concern' item the protocol proposes for an exploitation panel."""

    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="proposals")
    protocol_name = models.CharField(max_length=64)
    rule_id = models.CharField(max_length=64)
    panel_kind = models.CharField(max_length=16)
    meeting = models.ForeignKey(
        PanelMeeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    evidence = models.ManyToManyField(EntityLink, related_name="+")
    reason = models.CharField(max_length=300)
    status = models.CharField(
        max_length=16, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED
    )
    proposed_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-proposed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "rule_id"],
                condition=Q(status="proposed"),
                name="pursue_one_open_proposal_per_rule",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entity} ({self.get_status_display()})"


class ActionKind(models.TextChoices):
    CAWN = "cawn", "Child Abduction Warning Notice"
    INTELLIGENCE = "intelligence", "Intelligence passed to police"
    LICENSING = "licensing", "Licensing action"
    HOUSING = "housing", "Housing action"
    OTHER = "other", "Other disruption"


class DisruptionAction(models.Model):
    """Something done to disrupt a person, place or vehicle of concern, with an owner and date."""

    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="actions")
    kind = models.CharField(max_length=16, choices=ActionKind.choices)
    child = models.ForeignKey(
        Child, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    description = models.CharField(max_length=500)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_date = models.DateField()
    outcome = models.TextField(blank=True)
    done_on = models.DateField(null=True, blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["due_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ActionKind.values), name="pursue_action_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(done_on__isnull=True) | ~Q(outcome=""),
                name="pursue_action_done_has_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.entity}"
