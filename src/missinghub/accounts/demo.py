"""The fictional county used by the demo and the synthetic generator's `--load`: Northdale, and
its neighbouring council Eastmere, both served by Northdale Police (the areas of #25).

Every name here is invented. Both `demo_setup` and `synth --load` call `ensure_demo_agencies`, so
loaded episodes, placements and legal statuses point at agencies the demo users belong to.
Northdale follows the installation's default protocol; Eastmere its own (`SECOND_COUNCIL`).
"""

from dataclasses import dataclass

from missinghub.accounts.models import Agency, AgencyKind, Area, Role, User

AREA = "Northdale"
# The second council: (area, its protocol). Its agencies' keys start "eastmere_".
SECOND_COUNCIL = ("Eastmere", "plymouth-2013")


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
    DemoAgency(
        "eastmere_social_care",
        "Eastmere Council Children's Social Care",
        AgencyKind.CHILDRENS_SOCIAL_CARE,
    ),
    DemoAgency("eastmere_missing_team", "Eastmere Missing Team", AgencyKind.MISSING_TEAM),
    DemoAgency("eastmere_home", "Eastmere House Children's Home", AgencyKind.CARE_PROVIDER),
)
AGENCY_AREAS = {"neighbour_police": "Southvale", "eastmere": SECOND_COUNCIL[0]}

# The second council's demo users (username, role, agency key), besides one user per role.
SECOND_COUNCIL_USERS = (
    ("eastmere.missing.team.worker", Role.MISSING_TEAM_WORKER, "eastmere_missing_team"),
    ("eastmere.social.worker", Role.SOCIAL_WORKER, "eastmere_social_care"),
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
    """Create (or find) the Northdale and Eastmere agencies and their areas, both served by
    Northdale Police; returns the agencies by key."""
    agencies = {}
    for spec in DEMO_AGENCIES:
        area = AGENCY_AREAS.get(spec.key, AGENCY_AREAS.get(spec.key.split("_")[0], AREA))
        agency, _ = Agency.objects.get_or_create(
            name=spec.name, defaults={"kind": spec.kind, "area": area}
        )
        agencies[spec.key] = agency
    for name, protocol in ((AREA, ""), SECOND_COUNCIL):
        Area.objects.update_or_create(
            name=name, defaults={"police_force": agencies["police"], "protocol": protocol}
        )
    Area.objects.get_or_create(name="Southvale")
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
