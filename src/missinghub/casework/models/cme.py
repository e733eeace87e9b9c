"""Children missing education: a school's referral with its legal ground, the council's
enquiries, and the result (located and closed, or still ongoing)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from missinghub.accounts.models import Agency
from missinghub.children.models import Child


class CmeGround(models.TextChoices):
    """Grounds for taking a pupil off roll that the school must tell the council about
    (Education Act 1996 s.436A duty; the grounds of the Education (Pupil Registration)
    (England) Regulations 2006, reg. 8(1))."""

    ELECTIVE_HOME_EDUCATION = "home_education", "Parent is educating the child at home"
    MOVED_AWAY = "moved_away", "Moved away: no longer within reasonable distance"
    OTHER_SCHOOL_UNCONFIRMED = "other_school", "Registered at another school (not confirmed)"
    NOT_RETURNED_LEAVE = "not_returned_leave", "Did not return within 10 school days of leave"
    ABSENT_20_DAYS = "absent_20_days", "Absent 20 school days, whereabouts unknown"
    MEDICAL_UNFIT = "medical_unfit", "Certified medically unlikely to be fit to attend"
    CUSTODY = "custody", "In custody for more than four months"
    PERMANENTLY_EXCLUDED = "excluded", "Permanently excluded"
    OTHER = "other", "Other ground"


class CmeStatus(models.TextChoices):
    ONGOING = "ongoing", "Ongoing"
    LOCATED_CLOSED = "located_closed", "Located and closed"
    CLOSED_NOT_LOCATED = "closed_not_located", "Closed without locating (passed on)"


class CmeReferral(models.Model):
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="cme_referrals")
    # The referring agency when it is one MissingHub holds (a school, or any other kind); an
    # imported referral from an agency it does not hold names it in `referrer_name` only.
    school = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cme_referrals",
        help_text="The referring agency (a school, or any other kind).",
    )
    referrer_name = models.CharField(
        max_length=200,
        blank=True,
        default="",
        db_default="",
        help_text="Who referred, as an imported file names them.",
    )
    # Empty for an imported referral (the import's run and audit events say who loaded it).
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    referred_on = models.DateField()
    referred_to = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cme_referrals_received",
        help_text="The council team told, which makes the enquiries.",
    )
    ground = models.CharField(max_length=32, choices=CmeGround.choices)
    parent_name = models.CharField(max_length=200, blank=True)
    address = models.TextField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    next_school_or_address = models.TextField(blank=True)
    status = models.CharField(max_length=32, choices=CmeStatus.choices, default=CmeStatus.ONGOING)
    closed_on = models.DateField(null=True, blank=True)
    where_located = models.TextField(blank=True)
    # An imported referral: the agency whose file holds it and its reference there (imports
    # update the referral in place on every later import).
    source_agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    source_reference = models.CharField(max_length=64, blank=True, default="", db_default="")

    class Meta:
        ordering = ["-referred_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_agency", "source_reference"],
                condition=~Q(source_reference=""),
                name="cme_referral_source_unique",
            ),
            models.CheckConstraint(
                condition=Q(ground__in=CmeGround.values), name="cme_ground_known"
            ),
            models.CheckConstraint(
                condition=(Q(status="ongoing") & Q(closed_on__isnull=True))
                | (~Q(status="ongoing") & Q(closed_on__isnull=False)),
                name="cme_closed_exactly_when_not_ongoing",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("referred_on")),
                name="cme_closed_not_before_referral",
            ),
            models.CheckConstraint(
                condition=~Q(status="located_closed") | ~Q(where_located=""),
                name="cme_located_says_where",
            ),
        ]

    def __str__(self) -> str:
        return f"CME referral of child {self.child_id} on {self.referred_on:%d/%m/%Y}"

    @property
    def referrer(self) -> str:
        """The referring agency's name (held, or as an imported file gave it)."""
        return self.school.name if self.school is not None else self.referrer_name


class CmeEnquiry(models.Model):
    referral = models.ForeignKey(CmeReferral, on_delete=models.CASCADE, related_name="enquiries")
    made_on = models.DateField()
    made_with = models.CharField(max_length=200, help_text="e.g. health visitor, housing, police")
    result = models.TextField()
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name_plural = "CME enquiries"
        ordering = ["made_on", "id"]

    def __str__(self) -> str:
        return f"Enquiry with {self.made_with} on {self.made_on:%d/%m/%Y}"
