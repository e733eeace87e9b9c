"""Who is told when a child goes missing."""

import datetime as dt

import pytest

from missinghub.accounts.models import AgencyKind
from missinghub.accounts.tests.factories import AgencyFactory
from missinghub.children.models import LegalStatus, LegalStatusKind
from missinghub.children.tests.factories import ChildFactory, PlacementFactory
from missinghub.episodes.selectors import agencies_to_notify

pytestmark = pytest.mark.django_db


def test_the_area_team_the_placing_councils_team_and_the_current_holders_are_told() -> None:
    police = AgencyFactory(kind=AgencyKind.POLICE_FORCE, area="Testshire")
    team = AgencyFactory(kind=AgencyKind.MISSING_TEAM, area="Testshire")
    placing_team = AgencyFactory(kind=AgencyKind.MISSING_TEAM, area="Otherwhere")
    AgencyFactory(kind=AgencyKind.MISSING_TEAM, area="Elsewhere")
    council = AgencyFactory(kind=AgencyKind.CHILDRENS_SOCIAL_CARE, area="Otherwhere")
    home = AgencyFactory(kind=AgencyKind.CARE_PROVIDER, area="Otherwhere")
    former_home = AgencyFactory(kind=AgencyKind.CARE_PROVIDER, area="Otherwhere")
    closed = AgencyFactory(kind=AgencyKind.CARE_PROVIDER, area="Otherwhere", is_active=False)
    child = ChildFactory()
    PlacementFactory(
        child=child,
        provider=former_home,
        start_date=dt.date(2023, 1, 1),
        end_date=dt.date(2024, 1, 1),
    )
    PlacementFactory(child=child, provider=home, start_date=dt.date(2024, 1, 1))
    PlacementFactory(child=ChildFactory(), provider=closed)
    LegalStatus.objects.create(
        child=child,
        status=LegalStatusKind.LOOKED_AFTER,
        start_date=dt.date(2023, 1, 1),
        responsible_authority=council,
    )
    told = agencies_to_notify(child_id=child.pk, reporting_agency=police)
    assert {agency.pk for agency in told} == {team.pk, placing_team.pk, council.pk, home.pk}
    assert [agency.name for agency in told] == sorted(agency.name for agency in told)
    assert agencies_to_notify(child_id=None, reporting_agency=police) == [team]
    assert team not in agencies_to_notify(child_id=child.pk, reporting_agency=team)
