"""The fictional county used by the demo and the synthetic generator's `--load`: Northdale.

Every name here is invented. Both `demo_setup` and `synth --load` call `ensure_demo_agencies`, so
loaded episodes, placements and legal statuses point at agencies the demo users belong to.
"""

from dataclasses import dataclass

from missinghub.accounts.models import Agency, AgencyKind, Role, User

AREA = "Northdale"


@dataclass(frozen=True)
class DemoAgency:
    key: str
    name: str
    kind: AgencyKind


DEMO_AGENCIES: tuple[DemoAgency, ...] = (
    DemoAgency("police", "Northdale Police", AgencyKind.POLICE_FORCE),
    DemoAgency(
        "social_care", "Northdale Council Children's Social Care", AgencyKind.CHILDRENS_SOCIAL_CARE
    ),
    DemoAgency("missing_team", "Northdale Missing and Return Team", AgencyKind.MISSING_TEAM),
    DemoAgency("care_provider", "Moorside Children's Homes", AgencyKind.CARE_PROVIDER),
    DemoAgency("foster_agency", "Northdale Fostering Service", AgencyKind.CARE_PROVIDER),
    DemoAgency("school", "Northdale Academy", AgencyKind.SCHOOL),
    DemoAgency("health", "Northdale Community Health", AgencyKind.HEALTH),
    DemoAgency("housing", "Northdale Council Housing Options", AgencyKind.HOUSING),
    DemoAgency("voluntary", "Northdale Young Runaways Project", AgencyKind.VOLUNTARY_SECTOR),
    DemoAgency("neighbour_police", "Southvale Police", AgencyKind.POLICE_FORCE),
)

# The agency each demo user belongs to, one user per role.
DEMO_USER_AGENCY: dict[Role, str] = {
    Role.POLICE_OFFICER: "police",
    Role.POLICE_SUPERVISOR: "police",
    Role.MISSING_TEAM_WORKER: "missing_team",
    Role.MISSING_TEAM_MANAGER: "missing_team",
    Role.SOCIAL_WORKER: "social_care",
    Role.CARE_HOME_STAFF: "care_provider",
    Role.SCHOOL_SAFEGUARDING_LEAD: "school",
    Role.SAFEGUARDING_PRACTITIONER: "health",
    Role.PANEL_CHAIR: "social_care",
    Role.ANALYST: "social_care",
    Role.SYSTEM_ADMINISTRATOR: "missing_team",
    Role.DATA_PROTECTION_OFFICER: "social_care",
}


def ensure_demo_agencies() -> dict[str, Agency]:
    """Create (or find) the Northdale agencies; returns them by key."""
    agencies = {}
    for spec in DEMO_AGENCIES:
        agency, _ = Agency.objects.get_or_create(
            name=spec.name,
            defaults={
                "kind": spec.kind,
                "area": AREA if spec.key != "neighbour_police" else "Southvale",
            },
        )
        agencies[spec.key] = agency
    return agencies


# Who synthetic records name as their author (`synth --load`): accounts that cannot sign in.
SYNTHETIC_USERS: dict[str, tuple[str, Role, str]] = {
    "school": ("synthetic.school", Role.SCHOOL_SAFEGUARDING_LEAD, "School referrals"),
    "missing_team": ("synthetic.missing.team", Role.MISSING_TEAM_WORKER, "Missing team records"),
}


def ensure_synthetic_users(agencies: dict[str, Agency]) -> dict[str, User]:
    """The inactive, password-less users that synthetic CME referrals, interviews, screenings
    and interventions are recorded by (created once, then reused); returned by agency key."""
    users = {}
    for key, (username, role, last_name) in SYNTHETIC_USERS.items():
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "agency": agencies[key],
                "role": role,
                "first_name": "Synthetic",
                "last_name": last_name,
                "is_active": False,
            },
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        users[key] = user
    return users
