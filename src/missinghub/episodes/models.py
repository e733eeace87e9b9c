"""Episodes: one continuous period missing, absent or away from placement, and its risk gradings."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from missinghub.accounts.models import Agency
from missinghub.children.models import Child, Placement, PlacementArea, PlacementType


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
    # The source record held no grading (an imported file without one): not a grade, and
    # counted as ungraded wherever grades are used (`GRADES`).
    NOT_RECORDED = "not_recorded", "Not recorded"


# The levels that are a grade (everything but "not recorded"): the web form offers these.
GRADES = [(value, label) for value, label in RiskLevel.choices if value != RiskLevel.NOT_RECORDED]


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
    # Where the child went missing from as the report said (an imported file, the API): read
    # when no stored placement or legal status says it (`reporting.frames`). Blank or empty
    # when the report did not say.
    looked_after_when_missing = models.BooleanField(
        null=True,
        blank=True,
        help_text="Whether the report said the child was looked after when they went missing.",
    )
    reported_placement_type = models.CharField(
        max_length=32, choices=PlacementType.choices, blank=True, default="", db_default=""
    )
    reported_placement_area = models.CharField(
        max_length=16, choices=PlacementArea.choices, blank=True, default="", db_default=""
    )
    responsible_authority = models.CharField(
        max_length=200,
        blank=True,
        default="",
        db_default="",
        help_text="The placing or responsible authority the report names.",
    )
    reported_by = models.CharField(
        max_length=200,
        blank=True,
        default="",
        db_default="",
        help_text="Who reported the child missing, as the report says.",
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


class CategoryChange(models.Model):
    """The episode's category changed after the report: raising an absent episode's risk makes
    it a missing episode (`episodes.rules.category_for_risk`). Kept for the episode's history."""

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="category_changes")
    from_category = models.CharField(max_length=16, choices=EpisodeCategory.choices)
    to_category = models.CharField(max_length=16, choices=EpisodeCategory.choices)
    grading = models.OneToOneField(
        RiskGrading, on_delete=models.CASCADE, related_name="category_change"
    )
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["episode", "changed_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_category=F("to_category")), name="category_change_changes"
            ),
        ]

    def __str__(self) -> str:
        return f"Episode {self.episode_id}: {self.from_category} to {self.to_category}"


class PoliceLogKind(models.TextChoices):
    ENQUIRY = "enquiry", "Enquiry"
    ACTION = "action", "Action"
    SIGHTING = "sighting", "Sighting"


class PoliceLogEntry(models.Model):
    """One line of the police log of an episode: an enquiry made, an action taken, a sighting."""

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="police_log")
    kind = models.CharField(max_length=16, choices=PoliceLogKind.choices)
    occurred_at = models.DateTimeField(help_text="When it happened (not when it was written).")
    text = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by_name = models.CharField(max_length=150)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["episode", "occurred_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=PoliceLogKind.values), name="police_log_kind_known"
            ),
            models.CheckConstraint(condition=~Q(text=""), name="police_log_has_text"),
        ]

    def __str__(self) -> str:
        return f"{PoliceLogKind(self.kind).label} at {self.occurred_at:%d/%m/%Y %H:%M}"


class PreventionInterview(models.Model):
    """The police prevention (safe and well) interview on the child's return: one per episode.
    The return interviewer reads it on the return-interview page."""

    episode = models.OneToOneField(
        Episode, on_delete=models.CASCADE, related_name="prevention_interview"
    )
    interviewed_at = models.DateTimeField()
    seen_in_person = models.BooleanField(help_text="Whether the officer saw the child.")
    harm_disclosed = models.BooleanField(help_text="Harm or injury seen or disclosed.")
    harm_details = models.TextField(blank=True)
    where_they_had_been = models.TextField(blank=True)
    who_they_were_with = models.TextField(blank=True)
    exploitation_concern = models.BooleanField(default=False)
    for_the_return_interviewer = models.TextField(
        blank=True, help_text="What the officer wants the return interviewer to follow up."
    )
    interviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    interviewed_by_name = models.CharField(max_length=150)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(harm_disclosed=False) | ~Q(harm_details=""),
                name="prevention_interview_harm_described",
            ),
        ]

    def __str__(self) -> str:
        return f"Prevention interview, episode {self.episode_id}"
