"""Each council's list of children placed in its area by others, and of its own placed
elsewhere: the host council and force see a child once told; a third council sees nothing."""

import pytest
from django.urls import reverse

from missinghub.accounts.models import Agency, AgencyKind, Role
from missinghub.accounts.tests.factories import UserFactory
from missinghub.audit.models import AuditEvent
from missinghub.protocols.tests.region import build_region, placed_out_of_area, reported_missing

pytestmark = pytest.mark.django_db


def _lists(client, agency: Agency, role: Role) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    client.force_login(UserFactory(agency=agency, role=role))
    page = client.get(reverse("web:placed-across-borders")).content.decode()
    here, _, away = page.partition("Our children placed elsewhere")
    return here, away


def test_host_council_and_force_list_the_child_once_told_and_the_placing_council_too(
    client,  # type: ignore[no-untyped-def]
) -> None:
    region = build_region()
    child = placed_out_of_area(region)
    host_team = region["B"][AgencyKind.MISSING_TEAM]
    assert child.full_name not in _lists(client, host_team, Role.MISSING_TEAM_WORKER)[0]
    reported_missing(child, region["force"][AgencyKind.POLICE_FORCE])

    here, away = _lists(client, host_team, Role.MISSING_TEAM_WORKER)
    assert child.full_name in here and "Northdale Social Care" in here
    assert child.full_name not in away
    here, away = _lists(client, region["force"][AgencyKind.POLICE_FORCE], Role.POLICE_OFFICER)
    assert child.full_name in here  # the force serves Southvale (and Northdale)
    placing = region["A"][AgencyKind.MISSING_TEAM]
    here, away = _lists(client, placing, Role.MISSING_TEAM_WORKER)
    assert child.full_name in away and "Southvale" in away
    assert child.full_name not in here
    for agency in region["C"].values():
        here, away = _lists(
            client,
            agency,
            Role.MISSING_TEAM_WORKER
            if agency.kind == AgencyKind.MISSING_TEAM
            else Role.SOCIAL_WORKER,
        )
        assert child.full_name not in here + away
    listed = AuditEvent.objects.filter(verb="child.listed", child_id=child.pk)
    assert listed.filter(detail__list="placed_across_borders").count() == 3
