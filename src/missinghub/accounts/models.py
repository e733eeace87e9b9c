"""Agencies that work together on missing children, and the people in them."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower


class AgencyKind(models.TextChoices):
    POLICE_FORCE = "police_force", "Police force"
    CHILDRENS_SOCIAL_CARE = "childrens_social_care", "Council children's social care"
    MISSING_TEAM = "missing_team", "Council missing team"
    CARE_PROVIDER = "care_provider", "Care provider"
    SCHOOL = "school", "School"
    HEALTH = "health", "Health"
    HOUSING = "housing", "Housing"
    VOLUNTARY_SECTOR = "voluntary_sector", "Voluntary sector"


class Role(models.TextChoices):
    POLICE_OFFICER = "police_officer", "Police officer"
    POLICE_SUPERVISOR = "police_supervisor", "Police supervisor"
    MISSING_TEAM_WORKER = "missing_team_worker", "Missing-team worker"
    MISSING_TEAM_MANAGER = "missing_team_manager", "Missing-team manager"
    SOCIAL_WORKER = "social_worker", "Social worker"
    CARE_HOME_STAFF = "care_home_staff", "Care-home staff"
    SCHOOL_SAFEGUARDING_LEAD = "school_safeguarding_lead", "School safeguarding lead"
    SAFEGUARDING_PRACTITIONER = (
        "safeguarding_practitioner",
        "Safeguarding practitioner (health or housing)",
    )
    PANEL_CHAIR = "panel_chair", "Panel chair"
    ANALYST = "analyst", "Analyst"
    SYSTEM_ADMINISTRATOR = "system_administrator", "System administrator"
    DATA_PROTECTION_OFFICER = "data_protection_officer", "Data protection officer"


# Which kinds of agency a role belongs to. A role outside these is refused by a constraint.
ROLE_AGENCY_KINDS: dict[str, tuple[str, ...]] = {
    Role.POLICE_OFFICER: (AgencyKind.POLICE_FORCE,),
    Role.POLICE_SUPERVISOR: (AgencyKind.POLICE_FORCE,),
    Role.MISSING_TEAM_WORKER: (AgencyKind.MISSING_TEAM, AgencyKind.VOLUNTARY_SECTOR),
    Role.MISSING_TEAM_MANAGER: (AgencyKind.MISSING_TEAM, AgencyKind.VOLUNTARY_SECTOR),
    Role.SOCIAL_WORKER: (AgencyKind.CHILDRENS_SOCIAL_CARE,),
    Role.CARE_HOME_STAFF: (AgencyKind.CARE_PROVIDER,),
    Role.SCHOOL_SAFEGUARDING_LEAD: (AgencyKind.SCHOOL,),
    Role.SAFEGUARDING_PRACTITIONER: (AgencyKind.HEALTH, AgencyKind.HOUSING),
    Role.PANEL_CHAIR: tuple(AgencyKind.values),
    Role.ANALYST: tuple(AgencyKind.values),
    Role.SYSTEM_ADMINISTRATOR: tuple(AgencyKind.values),
    Role.DATA_PROTECTION_OFFICER: tuple(AgencyKind.values),
}


class Agency(models.Model):
    """A police force, council team, care provider, school or other partner."""

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=32, choices=AgencyKind.choices)
    area = models.CharField(
        max_length=100, help_text="The local authority area the agency serves, e.g. Hartlepool."
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        verbose_name_plural = "agencies"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=AgencyKind.values), name="agency_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Area(models.Model):
    """A council's area (a local authority): the agencies recorded under its name, the protocol
    its episodes follow, the force that serves it. Agencies name their area (`Agency.area`);
    a force serves every area that names it (`police_force`), so one force serves several.
    """

    name = models.CharField(max_length=100, unique=True)
    protocol = models.CharField(
        max_length=64,
        blank=True,
        help_text="The name of the area's active protocol (protocols/*.yaml); empty: the "
        "installation's default, MISSINGHUB_ACTIVE_PROTOCOL.",
    )
    police_force = models.ForeignKey(
        "Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="served_areas",
        limit_choices_to={"kind": AgencyKind.POLICE_FORCE},
        help_text="The police force that serves the area.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who signs in. Every user works for exactly one agency in one role."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="staff")
    role = models.CharField(max_length=32, choices=Role.choices)

    REQUIRED_FIELDS = ["email", "agency", "role"]

    class Meta:
        ordering = ["username"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="user_role_known"
            ),
            # Sign-in and lockout match usernames ignoring case: two spellings are one name.
            models.UniqueConstraint(
                Lower("username"),
                name="user_username_unique_ignoring_case",
                violation_error_message="A user with that username already exists "
                "(usernames ignore letter case).",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def role_label(self) -> str:
        return Role(self.role).label
