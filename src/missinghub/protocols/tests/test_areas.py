"""Several areas, each with its protocol: a child placed out of area follows the placing
council's protocol and its missing team owns the return interview; the host council and force
are told; police tasks follow the force's own protocol (docs/protocols.md, "Areas")."""

from datetime import UTC, date, datetime, timedelta

import pytest

from missinghub.accounts.models import Agency, AgencyKind, Area
from missinghub.accounts.tests.factories import AgencyFactory, AreaFactory
from missinghub.children.models import Child, LegalStatus, LegalStatusKind, PlacementType
from missinghub.children.tests.factories import ChildFactory, PlacementFactory
from missinghub.episodes.intake import MissingReport, take_missing_report
from missinghub.episodes.models import EpisodeCategory, ReturnMethod, RiskLevel
from missinghub.episodes.selectors import agencies_to_notify, agencies_to_notify_each
from missinghub.episodes.services import record_return
from missinghub.protocols.areas import responsible_area
from missinghub.protocols.models import ProtocolTask, TaskKind

pytestmark = pytest.mark.django_db
REPORTED = datetime(2024, 3, 4, 20, 0, tzinfo=UTC)


def _council(name: str, protocol: str, force: Agency) -> dict[str, Agency]:
    AreaFactory(name=name, protocol=protocol, police_force=force)
    return {
        kind: AgencyFactory(name=f"{name} {kind}", kind=kind, area=name)
        for kind in (AgencyKind.MISSING_TEAM, AgencyKind.CHILDRENS_SOCIAL_CARE)
    }


@pytest.fixture
def region() -> dict[str, dict[str, Agency]]:
    force = AgencyFactory(name="Eastshire Police", kind=AgencyKind.POLICE_FORCE, area="Eastshire")
    AreaFactory(name="Eastshire", protocol="northamptonshire")
    councils = {
        "A": _council("Northdale", "plymouth-2013", force),
        "B": _council("Southvale", "hartlepool-vemt", force),
        "C": _council("Westmere", "wales", force),
    }
    return councils | {"force": {AgencyKind.POLICE_FORCE: force}}


def _placed_out_of_area(region: dict[str, dict[str, Agency]]) -> Child:
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


def _missing_and_back(child: Child, police: Agency, day: int = 0):  # type: ignore[no-untyped-def]
    reported = REPORTED + timedelta(days=day)
    episode = take_missing_report(
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
    return record_return(
        actor=None,
        episode=episode,
        returned_at=reported + timedelta(hours=5),
        return_method=ReturnMethod.RETURNED_BY_SELF,
    )


def test_placing_council_gets_the_interview_and_host_council_and_force_are_told(region) -> None:  # type: ignore[no-untyped-def]
    child = _placed_out_of_area(region)
    police = AgencyFactory(kind=AgencyKind.POLICE_FORCE, name="Other Force", area="Elsewhere")
    episode = _missing_and_back(child, police)
    told = {n.to_agency.name: n for n in episode.notifications.select_related("to_agency")}
    assert set(told) >= {
        "Northdale missing_team",
        "Northdale childrens_social_care",
        "Southvale missing_team",
        "Southvale House",
        "Eastshire Police",
    }
    assert "Westmere missing_team" not in told
    assert all(n.purpose and n.expires_at > n.sent_at for n in told.values())
    assert responsible_area(episode.pk) == "Northdale"
    interview = ProtocolTask.objects.get(episode=episode, kind=TaskKind.RETURN_INTERVIEW)
    assert interview.owner_agency == region["A"][AgencyKind.MISSING_TEAM]
    assert (interview.protocol_name, interview.protocol_version) == ("plymouth-2013", "2013.1")


def test_police_tasks_follow_the_forces_protocol_and_the_rest_the_councils(region) -> None:  # type: ignore[no-untyped-def]
    child = ChildFactory(home_area=Area.objects.get(name="Westmere"))
    for day in range(3):  # Wales offers an interview from the third episode
        episode = _missing_and_back(child, region["force"][AgencyKind.POLICE_FORCE], day)
    tasks = {t.kind: t for t in ProtocolTask.objects.filter(episode=episode)}
    assert tasks[TaskKind.RETURN_INTERVIEW].protocol_name == "wales"
    assert tasks[TaskKind.RETURN_INTERVIEW].owner_agency == region["C"][AgencyKind.MISSING_TEAM]
    assert tasks[TaskKind.YOUTH_WORKER_VISIT].protocol_name == "northamptonshire"
    assert ProtocolTask.objects.filter(protocol_name="northamptonshire").count() == 3
    assert set(ProtocolTask.objects.values_list("protocol_name", flat=True)) == {
        "wales",
        "northamptonshire",
    }


def test_an_area_without_a_protocol_follows_the_installation_default(settings) -> None:  # type: ignore[no-untyped-def]
    settings.MISSINGHUB_ACTIVE_PROTOCOL = "england-statutory"
    force = AgencyFactory(kind=AgencyKind.POLICE_FORCE, area="Plainshire")
    AgencyFactory(kind=AgencyKind.MISSING_TEAM, area="Plainshire")
    episode = _missing_and_back(ChildFactory(), force)
    [task] = ProtocolTask.objects.filter(episode=episode, kind=TaskKind.RETURN_INTERVIEW)
    assert task.protocol_name == "england-statutory"
    assert not Area.objects.filter(name="Plainshire").exists()


def test_a_batch_of_reports_tells_the_same_agencies_as_one_report(region) -> None:  # type: ignore[no-untyped-def]
    placed, at_home = (
        _placed_out_of_area(region),
        ChildFactory(home_area=Area.objects.get(name="Westmere")),
    )
    police = region["force"][AgencyKind.POLICE_FORCE]
    each = agencies_to_notify_each(child_ids=[placed.pk, at_home.pk], reporting_agency=police)
    for child in (placed, at_home):
        one = agencies_to_notify(child_id=child.pk, reporting_agency=police)
        assert each[child.pk] == {agency.pk for agency in one}
    assert region["C"][AgencyKind.MISSING_TEAM].pk in each[at_home.pk]
    assert region["C"][AgencyKind.MISSING_TEAM].pk not in each[placed.pk]
