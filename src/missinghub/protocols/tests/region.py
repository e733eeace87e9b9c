"""A region for tests: three councils, each with its protocol, and the force serving them."""

from datetime import UTC, date, datetime, timedelta

from missinghub.accounts.models import Agency, AgencyKind, Area
from missinghub.accounts.tests.factories import AgencyFactory, AreaFactory
from missinghub.children.models import Child, LegalStatus, LegalStatusKind, PlacementType
from missinghub.children.tests.factories import ChildFactory, PlacementFactory
from missinghub.episodes.intake import MissingReport, take_missing_report
from missinghub.episodes.models import Episode, EpisodeCategory, ReturnMethod, RiskLevel
from missinghub.episodes.services import record_return

# Recent, so the notifications are current (they expire), at 20:00 UTC ten days ago.
REPORTED = datetime.now(UTC).replace(hour=20, minute=0, second=0, microsecond=0) - timedelta(
    days=10
)


def _council(name: str, protocol: str, force: Agency) -> dict[str, Agency]:
    AreaFactory(name=name, protocol=protocol, police_force=force)
    teams = {
        AgencyKind.MISSING_TEAM: "Missing Team",
        AgencyKind.CHILDRENS_SOCIAL_CARE: "Social Care",
    }
    return {
        kind: AgencyFactory(name=f"{name} {team}", kind=kind, area=name)
        for kind, team in teams.items()
    }


def build_region() -> dict[str, dict[str, Agency]]:
    """Three councils (A Northdale, B Southvale, C Westmere), each with its missing team,
    social care team and protocol, served by one force (Eastshire Police) with its own."""
    force = AgencyFactory(name="Eastshire Police", kind=AgencyKind.POLICE_FORCE, area="Eastshire")
    AreaFactory(name="Eastshire", protocol="northamptonshire")
    councils = {
        "A": _council("Northdale", "plymouth-2013", force),
        "B": _council("Southvale", "hartlepool-vemt", force),
        "C": _council("Westmere", "wales", force),
    }
    return councils | {"force": {AgencyKind.POLICE_FORCE: force}}


def placed_out_of_area(region: dict[str, dict[str, Agency]]) -> Child:
    """A child looked after by council A, living in a children's home in council B."""
    child = ChildFactory(home_area=Area.objects.get(name="Northdale"))
    LegalStatus.objects.create(
        child=child,
        status=LegalStatusKind.LOOKED_AFTER,
        start_date=date(2023, 1, 1),
        responsible_authority=region["A"][AgencyKind.CHILDRENS_SOCIAL_CARE],
    )
    home = AgencyFactory(name="Southvale House", kind=AgencyKind.CARE_PROVIDER, area="Southvale")
    PlacementFactory(
        child=child,
        placement_type=PlacementType.CHILDRENS_HOME,
        provider=home,
        host_area=Area.objects.get(name="Southvale"),
        placing_authority=region["A"][AgencyKind.CHILDRENS_SOCIAL_CARE],
        start_date=date(2023, 1, 1),
    )
    return child


def reported_missing(child: Child, police: Agency, day: int = 0) -> Episode:
    reported = REPORTED + timedelta(days=day)
    return take_missing_report(
        actor=None,
        report=MissingReport(
            category=EpisodeCategory.MISSING,
            last_seen_at=reported - timedelta(hours=2),
            reported_at=reported,
            source_system="test",
            source_reference=f"R{child.pk}-{day}",
            risk_level=RiskLevel.MEDIUM,
            risk_reason="Not back from school",
            child=child,
            reporting_agency=police,
        ),
        protocol_at_once=True,
    )


def missing_and_back(child: Child, police: Agency, day: int = 0) -> Episode:
    episode = reported_missing(child, police, day)
    return record_return(
        actor=None,
        episode=episode,
        returned_at=episode.reported_at + timedelta(hours=5),
        return_method=ReturnMethod.RETURNED_BY_SELF,
    )
