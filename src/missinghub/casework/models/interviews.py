"""Return interviews: the independent conversation after a child returns, from the protocol task
that asked for it to the outcome, with every attempt to make contact on the way."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from missinghub.children.models import Child
from missinghub.episodes.models import Episode
from missinghub.protocols.models import ProtocolTask


class InterviewStatus(models.TextChoices):
    AWAITING_ASSIGNMENT = "awaiting_assignment", "Waiting for a worker"
    ASSIGNED = "assigned", "Assigned"
    COMPLETED = "completed", "Completed"


class InterviewOutcome(models.TextChoices):
    NO_FURTHER_ACTION = "no_further_action", "No further action"
    SIGNPOSTING = "signposting", "Signposting to another service"
    EARLY_HELP = "early_help", "Early help assessment (pre-CAF)"
    CAF_BRIEF_INTERVENTION = (
        "caf_brief_intervention",
        "CAF and a brief intervention (up to 3 months)",
    )
    SOCIAL_CARE_REFERRAL = "social_care_referral", "Referral to children's social care"
    CHILD_PROTECTION = "child_protection", "Child protection procedures now"


class ReturnInterview(models.Model):
    """One return interview, linked to the protocol task of kind `return_interview`.

    `version` is the optimistic-concurrency counter: every save checks it in the UPDATE's WHERE
    clause and adds one, so a save from a stale page is refused instead of overwriting.
    """

    task = models.OneToOneField(
        ProtocolTask, on_delete=models.PROTECT, related_name="return_interview"
    )
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="return_interviews")
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="return_interviews")
    returned_at = models.DateTimeField(help_text="The episode's return, copied for the check.")
    status = models.CharField(
        max_length=32, choices=InterviewStatus.choices, default=InterviewStatus.AWAITING_ASSIGNMENT
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    # The interview itself.
    interviewed_at = models.DateTimeField(null=True, blank=True)
    place = models.CharField(max_length=200, blank=True)
    present = models.CharField(max_length=300, blank=True, help_text="Who was present.")
    child_declined = models.BooleanField(default=False)
    carers_account = models.TextField(blank=True, help_text="If the child declined.")
    push_factors = models.JSONField(default=list, blank=True)
    pull_factors = models.JSONField(default=list, blank=True)
    factors_notes = models.TextField(blank=True)
    stayed_where = models.TextField(blank=True)
    stayed_with = models.TextField(blank=True)
    harm_suffered = models.TextField(blank=True)
    disclosures = models.TextField(blank=True)
    child_voice = models.TextField(blank=True, help_text="The child's own words.")
    # The outcome.
    outcome = models.CharField(max_length=32, choices=InterviewOutcome.choices, blank=True)
    outcome_notes = models.TextField(blank=True)
    signposted_service = models.CharField(max_length=64, blank=True)
    late_reason = models.TextField(
        blank=True,
        default="",
        db_default="",  # the old version's inserts do not name it (docs/how-to/migrations.md)
        help_text="Why the interview took place after its deadline.",
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-returned_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(interviewed_at__isnull=True) | Q(interviewed_at__gte=F("returned_at")),
                name="interview_not_before_return",
            ),
            models.CheckConstraint(
                condition=Q(status__in=InterviewStatus.values), name="interview_status_known"
            ),
            models.CheckConstraint(
                condition=(
                    Q(status="completed")
                    & ~Q(outcome="")
                    & Q(completed_at__isnull=False)
                    & Q(interviewed_at__isnull=False)
                )
                | (~Q(status="completed") & Q(outcome="") & Q(completed_at__isnull=True)),
                name="interview_outcome_exactly_when_completed",
            ),
            models.CheckConstraint(
                condition=Q(status="awaiting_assignment") | Q(assigned_to__isnull=False),
                name="interview_assigned_has_worker",
            ),
            models.CheckConstraint(
                condition=~Q(outcome="signposting") | ~Q(signposted_service=""),
                name="interview_signposting_names_service",
            ),
        ]

    def __str__(self) -> str:
        return f"Return interview for child {self.child_id} (episode {self.episode_id})"

    @property
    def is_completed(self) -> bool:
        return self.status == InterviewStatus.COMPLETED


class ContactMethod(models.TextChoices):
    PHONE = "phone", "Phone call"
    TEXT = "text", "Text message"
    VISIT = "visit", "Home or placement visit"
    LETTER = "letter", "Letter"
    EMAIL = "email", "Email"


class ContactOutcome(models.TextChoices):
    SPOKE_TO_CHILD = "spoke_to_child", "Spoke to the child"
    SPOKE_TO_CARER = "spoke_to_carer", "Spoke to a parent or carer"
    INTERVIEW_ARRANGED = "interview_arranged", "Interview arranged"
    NO_ANSWER = "no_answer", "No answer"
    MESSAGE_LEFT = "message_left", "Message left"
    DECLINED = "declined", "Declined an interview"


class ContactAttempt(models.Model):
    interview = models.ForeignKey(
        ReturnInterview, on_delete=models.CASCADE, related_name="contact_attempts"
    )
    attempted_at = models.DateTimeField()
    method = models.CharField(max_length=16, choices=ContactMethod.choices)
    outcome = models.CharField(max_length=32, choices=ContactOutcome.choices)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["attempted_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(method__in=ContactMethod.values), name="contact_method_known"
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=ContactOutcome.values), name="contact_outcome_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{ContactMethod(self.method).label}: {ContactOutcome(self.outcome).label}"
