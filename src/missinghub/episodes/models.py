"""Episodes: one continuous period missing, absent or away from placement, and its risk gradings."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from missinghub.accounts.models import Agency
from missinghub.children.models import Child, Placement


class EpisodeCategory(models.TextChoices):
    MISSING = "missing", "Missing"
    ABSENT = "absent", "Absent"
    AWAY_FROM_PLACEMENT = "awol", "Away from placement without authorisation"


class EpisodeStatus(models.TextChoices):
    OPEN = "open", "Missing now"
    RETURNED = "returned", "Returned"
    CLOSED = "closed", "Closed"


class ReturnMethod(models.TextChoices):
    FOUND_BY_POLICE = "found_by_police", "Found by police"
    RETURNED_BY_SELF = "returned_by_self", "Returned by self"
    FOUND_BY_FAMILY = "found_by_family", "Found by family or carers"
    OTHER = "other", "Other"


class RiskLevel(models.TextChoices):
    VERY_LOW = "very_low", "Very low"
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    NO_APPARENT_RISK = "no_apparent_risk", "No apparent risk (absent)"


class Episode(models.Model):
    # Indexes: only those a query uses (each costs every imported row an index insert). The
    # child's episodes use (child, reported_at); the placement's its partial index; the police
    # reference is searched case-blind (UPPER(...)), which no plain index serves.
    child = models.ForeignKey(
        Child, on_delete=models.PROTECT, related_name="episodes", db_index=False
    )
    category = models.CharField(max_length=16, choices=EpisodeCategory.choices)
    status = models.CharField(max_length=16, choices=EpisodeStatus.choices, default="open")
    last_seen_at = models.DateTimeField()
    reported_at = models.DateTimeField()
    returned_at = models.DateTimeField(null=True, blank=True)
    return_method = models.CharField(max_length=32, choices=ReturnMethod.choices, blank=True)
    where_found = models.CharField(max_length=300, blank=True)
    missing_from = models.ForeignKey(
        Placement,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="episodes",
        help_text="The child's placement when they went missing.",
        db_index=False,
    )
    police_reference = models.CharField(max_length=64, blank=True)
    exploitation_flag = models.BooleanField(
        default=False,
        db_default=False,
        help_text="A county lines or criminal exploitation concern on the episode (from the "
        "police report, an import, or a high exploitation screening).",
    )
    reporting_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    source_system = models.CharField(max_length=64)
    source_reference = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Set by the intake (an API report, a recent imported episode): the area protocol is applied
    # to it by the background worker (protocols.services.apply_pending_protocols), which clears
    # the flag. The web form has the protocol applied at once instead.
    protocol_pending = models.BooleanField(default=False, db_default=False)

    class Meta:
        ordering = ["-reported_at", "-id"]
        indexes = [
            models.Index(fields=["child", "reported_at"]),
            models.Index(fields=["status", "reported_at"]),
            models.Index(
                fields=["id"], condition=Q(protocol_pending=True), name="episode_protocol_pending"
            ),
            models.Index(
                fields=["missing_from"],
                condition=Q(missing_from__isnull=False),
                name="episode_missing_from_set",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source_system", "source_reference"], name="episode_source_unique"
            ),
            # One open episode per child (a partial unique index on both engines); it also
            # serves the intake's look-up of a child's open episode.
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(returned_at__isnull=True),
                name="episode_one_open_per_child",
                violation_error_message="The child already has an open episode.",
            ),
            models.CheckConstraint(
                condition=Q(returned_at__isnull=True) | Q(returned_at__gte=F("last_seen_at")),
                name="episode_return_not_before_last_seen",
            ),
            models.CheckConstraint(
                condition=Q(reported_at__gte=F("last_seen_at")),
                name="episode_report_not_before_last_seen",
            ),
            models.CheckConstraint(
                condition=(Q(status="open") & Q(returned_at__isnull=True))
                | (Q(status__in=["returned", "closed"]) & Q(returned_at__isnull=False)),
                name="episode_open_exactly_when_not_returned",
            ),
            models.CheckConstraint(
                condition=Q(category__in=EpisodeCategory.values), name="episode_category_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{EpisodeCategory(self.category).label} from {self.last_seen_at:%d/%m/%Y %H:%M}"

    @property
    def is_open(self) -> bool:
        return self.status == EpisodeStatus.OPEN

    @property
    def current_risk(self) -> "RiskGrading | None":
        """The latest grading (uses prefetched gradings when the selector loaded them)."""
        gradings = list(self.risk_gradings.all())
        return gradings[-1] if gradings else None


class RiskGrading(models.Model):
    """One grading in the episode's history: every risk decision is kept with who, when and why."""

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="risk_gradings")
    level = models.CharField(max_length=32, choices=RiskLevel.choices)
    graded_at = models.DateTimeField()
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    graded_by_name = models.CharField(
        max_length=150, blank=True, help_text="Who graded it, when it came from another system."
    )
    reason = models.TextField()

    class Meta:
        ordering = ["episode", "graded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__in=RiskLevel.values), name="risk_level_known"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="risk_grading_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{RiskLevel(self.level).label} at {self.graded_at:%d/%m/%Y %H:%M}"


class Notification(models.Model):
    """One agency telling another about a child, which lets the receiving agency see the child.

    It records its purpose and lawful basis, and it expires: access ends when it does.
    """

    # child and to_agency are indexed by the first columns of the two indexes below.
    child = models.ForeignKey(
        Child, on_delete=models.CASCADE, related_name="notifications", db_index=False
    )
    episode = models.ForeignKey(
        Episode, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    from_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    to_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="notifications", db_index=False
    )
    purpose = models.CharField(max_length=300)
    lawful_basis = models.CharField(max_length=300)
    sent_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        indexes = [
            models.Index(fields=["to_agency", "expires_at"]),
            # The need-to-know rule asks "was this agency told about this child, and is it still
            # current?" per child. All three columns: with only the first two, SQLite (which has
            # no statistics until ANALYZE) chose the (to_agency, expires_at) index instead and
            # read every notification the agency ever had for every child it was asked about (a
            # missing team's home page took 12 s at council scale; 0.3 s with this index).
            models.Index(fields=["child", "to_agency", "expires_at"], name="notification_told_idx"),
            # A home page's unread notifications, newest first: read in index order and stopped
            # at the first 20, not sorted out of all the agency's (0.2 s for a missing team).
            models.Index(
                fields=["to_agency", "-sent_at"],
                condition=Q(read_at__isnull=True),
                name="notification_unread_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("sent_at")), name="notification_expires_after_sent"
            ),
            models.CheckConstraint(
                condition=~Q(from_agency=F("to_agency")), name="notification_to_another_agency"
            ),
        ]

    def __str__(self) -> str:
        return f"Notification to {self.to_agency} about child {self.child_id}"
