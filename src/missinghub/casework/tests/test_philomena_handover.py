"""Philomena profiles for any child at risk, not only those in care: the missing team or the police
start one for a child at home they may see (nobody else sees it); and the profile goes with the
child when the placement changes: the new placement's care provider holds and sees it, the old
home no longer does, and the handover is kept on the profile and audited."""

import datetime as dt

import pytest
from django.urls import reverse

from missinghub.accounts.models import AgencyKind, Role
from missinghub.accounts.tests.factories import AgencyFactory, UserFactory
from missinghub.audit.enums import AuditVerb
from missinghub.audit.models import AuditEvent
from missinghub.casework.models import PhilomenaProfile
from missinghub.casework.selectors.philomena import child_with_profile_for_user
from missinghub.casework.services.philomena import start_profile
from missinghub.casework.tests.scenarios import looked_after_child, report_episodes
from missinghub.casework.tests.test_panel_philomena_cme_pages import PASSWORD
from missinghub.casework.tests.test_philomena import FIRST
from missinghub.children.models import IdentifierKind, PlacementArea, PlacementType
from missinghub.children.services import record_placement
from missinghub.children.tests.factories import ChildFactory, ChildIdentifierFactory


@pytest.fixture
def child_at_home(agencies):
    """A child living at home, reported missing by the police; the missing team holds a record."""
    child = ChildFactory(given_name="Rowan", family_name="Homefield")
    ChildIdentifierFactory(
        child=child, agency=agencies["missing_team"], kind=IdentifierKind.SOCIAL_CARE_ID
    )
    report_episodes(child, agencies, [10])
    return child


def test_the_police_start_a_profile_for_a_child_at_home(make_user, child_at_home):
    officer = make_user("police", Role.POLICE_OFFICER)

    profile = start_profile(actor=officer, child=child_at_home, content=FIRST)

    assert profile.version == 1 and profile.held_by is None
    seen = child_with_profile_for_user(
        user=make_user("missing_team", Role.MISSING_TEAM_WORKER), child_id=child_at_home.pk
    )
    assert seen == (child_at_home, profile)
    unseen = child_with_profile_for_user(
        user=make_user("care_home", Role.CARE_HOME_STAFF), child_id=child_at_home.pk
    )
    assert unseen == (None, None)


def test_the_missing_team_starts_a_profile_for_a_child_at_home_on_the_page(
    client, sign_in, make_user, child_at_home
):
    sign_in(client, make_user("missing_team", Role.MISSING_TEAM_WORKER), PASSWORD)
    page = client.get(reverse("casework:philomena", args=[child_at_home.pk])).content.decode()
    assert "Start the profile" in page

    client.post(
        reverse("casework:philomena-edit", args=[child_at_home.pk]),
        {**FIRST.cleaned(), "version": ""},
    )

    profile = PhilomenaProfile.objects.get(child=child_at_home)
    assert profile.description == FIRST.description and profile.held_by is None
    page = client.get(reverse("casework:philomena", args=[child_at_home.pk])).content.decode()
    assert "Held by social care and the missing team" in page


def test_the_profile_goes_with_the_child_to_the_new_placement(agencies, make_user):
    child = looked_after_child(agencies, given_name="Sky", family_name="Movewell")
    profile = start_profile(
        actor=make_user("care_home", Role.CARE_HOME_STAFF), child=child, content=FIRST
    )
    assert profile.held_by == agencies["care_home"]
    foster = AgencyFactory(name="Riverside Fostering", kind=AgencyKind.CARE_PROVIDER)
    foster_carer = UserFactory(agency=foster, role=Role.CARE_HOME_STAFF)
    assert child_with_profile_for_user(user=foster_carer, child_id=child.pk) == (None, None)
    social_worker = make_user("social_care", Role.SOCIAL_WORKER)

    placement = record_placement(
        actor=social_worker,
        child=child,
        placement_type=PlacementType.FOSTER,
        area=PlacementArea.IN_BOROUGH,
        start_date=dt.date(2025, 3, 3),
        provider=foster,
    )

    profile.refresh_from_db()
    assert profile.held_by == foster and profile.version == 1
    assert child_with_profile_for_user(user=foster_carer, child_id=child.pk) == (child, profile)
    old_home = make_user("care_home", Role.CARE_HOME_STAFF)
    assert child_with_profile_for_user(user=old_home, child_id=child.pk) == (None, None)
    handover = AuditEvent.objects.get(verb=AuditVerb.PHILOMENA_PROFILE_HANDED_ON)
    assert handover.child_id == child.pk and handover.actor == social_worker
    assert handover.detail == {
        "from_agency": agencies["care_home"].pk,
        "to_agency": foster.pk,
        "placement": placement.pk,
    }


def test_a_move_home_hands_the_profile_back_to_social_care(agencies, make_user):
    child = looked_after_child(agencies, given_name="Ash", family_name="Homeward")
    profile = start_profile(
        actor=make_user("social_care", Role.SOCIAL_WORKER), child=child, content=FIRST
    )

    placement = record_placement(
        actor=None,
        child=child,
        placement_type=PlacementType.FAMILY_HOME,
        area=PlacementArea.IN_BOROUGH,
        start_date=dt.date(2025, 4, 1),
    )

    profile.refresh_from_db()
    assert profile.held_by is None
    handover = AuditEvent.objects.get(verb=AuditVerb.PHILOMENA_PROFILE_HANDED_ON)
    assert handover.detail == {
        "from_agency": agencies["care_home"].pk,
        "to_agency": None,
        "placement": placement.pk,
    }
