"""Multi-agency panels (VEMT, MACE, strategy meetings): members, meetings, agendas built from
protocol triggers, per-child discussion with the child's voice, actions with owners and dates."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from missinghub.accounts.models import Agency
from missinghub.children.models import Child
from missinghub.protocols.models import ProtocolTask


class PanelKind(models.TextChoices):
    VEMT = "vemt", "VEMT (vulnerable, exploited, missing, trafficked)"
    MACE = "mace", "MACE (multi-agency child exploitation)"
    STRATEGY = "strategy", "Strategy meeting"


class Panel(models.Model):
    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=16, choices=PanelKind.choices)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="panels")
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="panels", blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=PanelKind.values), name="panel_kind_known"),
        ]

    def __str__(self) -> str:
        return self.name


class PanelMeeting(models.Model):
    panel = models.ForeignKey(Panel, on_delete=models.PROTECT, related_name="meetings")
    meets_at = models.DateTimeField()
    location = models.CharField(max_length=200, blank=True)
    held = models.BooleanField(default=False)

    class Meta:
        ordering = ["meets_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["panel", "meets_at"], name="panel_meeting_once"),
        ]

    def __str__(self) -> str:
        return f"{self.panel} on {self.meets_at:%d/%m/%Y}"


class AgendaItem(models.Model):
    """One child on a meeting's agenda, usually because a protocol threshold was crossed."""

    meeting = models.ForeignKey(PanelMeeting, on_delete=models.CASCADE, related_name="items")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="agenda_items")
    task = models.ForeignKey(
        ProtocolTask, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=300)
    discussion = models.TextField(blank=True)
    child_voice = models.TextField(blank=True, help_text="The child's reply to the letter.")
    letter_sent_at = models.DateTimeField(null=True, blank=True)
    discussed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["meeting", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "child"], name="agenda_child_once"),
        ]

    def __str__(self) -> str:
        return f"Child {self.child_id} at {self.meeting}"


class PanelAction(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(max_length=500)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_date = models.DateField()
    agreed_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_date__gte=models.F("agreed_on")),
                name="panel_action_due_not_before_agreed",
            ),
            models.CheckConstraint(
                condition=Q(done_on__isnull=True) | Q(done_on__gte=models.F("agreed_on")),
                name="panel_action_done_not_before_agreed",
            ),
        ]

    def __str__(self) -> str:
        return self.description
