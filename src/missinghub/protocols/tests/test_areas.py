"""Several areas, each with its protocol: a child placed out of area follows the placing
council's protocol and its missing team owns the return interview; the host council and force
are told; police tasks follow the force's own protocol (docs/protocols.md, "Areas")."""

from datetime import UTC, datetime

import pytest

from missinghub.accounts.models import Agency, AgencyKind, Area
from missinghub.accounts.tests.factories import AgencyFactory
from missinghub.children.tests.factories import ChildFactory
from missinghub.episodes.selectors import agencies_to_notify, agencies_to_notify_each
from missinghub.protocols.areas import responsible_area
from missinghub.protocols.models import ProtocolTask, TaskKind
from missinghub.protocols.tests.region import build_region, missing_and_back, placed_out_of_area

pytestmark = pytest.mark.django_db


@pytest.fixture
def region() -> dict[str, dict[str, Agency]]:
    return build_region()


REPORTED = datetime(2024, 3, 4, 20, 0, tzinfo=UTC)


def test_placing_council_gets_the_interview_and_host_council_and_force_are_told(region) -> None:  # type: ignore[no-untyped-def]
    child = placed_out_of_area(region)
    police = AgencyFactory(kind=AgencyKind.POLICE_FORCE, name="Other Force", area="Elsewhere")
    episode = missing_and_back(child, police)
    told = {n.to_agency.name: n for n in episode.notifications.select_related("to_agency")}
    assert set(told) >= {
        "Northdale Missing Team",
        "Northdale Social Care",
        "Southvale Missing Team",
        "Southvale House",
        "Eastshire Police",
    }
    assert "Westmere Missing Team" not in told
    assert all(n.purpose and n.expires_at > n.sent_at for n in told.values())
    assert responsible_area(episode.pk) == "Northdale"
    interview = ProtocolTask.objects.get(episode=episode, kind=TaskKind.RETURN_INTERVIEW)
    assert interview.owner_agency == region["A"][AgencyKind.MISSING_TEAM]
    assert (interview.protocol_name, interview.protocol_version) == ("plymouth-2013", "2013.1")


def test_police_tasks_follow_the_forces_protocol_and_the_rest_the_councils(region) -> None:  # type: ignore[no-untyped-def]
    child = ChildFactory(home_area=Area.objects.get(name="Westmere"))
    for day in range(3):  # Wales offers an interview from the third episode
        episode = missing_and_back(child, region["force"][AgencyKind.POLICE_FORCE], day)
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
    episode = missing_and_back(ChildFactory(), force)
    [task] = ProtocolTask.objects.filter(episode=episode, kind=TaskKind.RETURN_INTERVIEW)
    assert task.protocol_name == "england-statutory"
    assert not Area.objects.filter(name="Plainshire").exists()


def test_a_batch_of_reports_tells_the_same_agencies_as_one_report(region) -> None:  # type: ignore[no-untyped-def]
    placed, at_home = (
        placed_out_of_area(region),
        ChildFactory(home_area=Area.objects.get(name="Westmere")),
    )
    police = region["force"][AgencyKind.POLICE_FORCE]
    each = agencies_to_notify_each(child_ids=[placed.pk, at_home.pk], reporting_agency=police)
    for child in (placed, at_home):
        one = agencies_to_notify(child_id=child.pk, reporting_agency=police)
        assert each[child.pk] == {agency.pk for agency in one}
    assert region["C"][AgencyKind.MISSING_TEAM].pk in each[at_home.pk]
    assert region["C"][AgencyKind.MISSING_TEAM].pk not in each[placed.pk]
