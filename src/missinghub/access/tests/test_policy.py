"""Need-to-know: which agency sees which child, through the one policy in access.policy."""

import datetime as dt

import pytest
from django.utils import timezone

from missinghub.accounts.models import Role
from missinghub.children.models import IdentifierKind, PlacementType
from missinghub.children.selectors import children_for_user
from missinghub.children.tests.factories import (
    ChildFactory,
    ChildIdentifierFactory,
    PlacementFactory,
)
from missinghub.episodes.selectors import episodes_for_user
from missinghub.episodes.services import notify_agency
from missinghub.episodes.tests.factories import EpisodeFactory

pytestmark = pytest.mark.django_db


def visible(user):
    return set(children_for_user(user=user).values_list("pk", flat=True))


def test_a_police_force_sees_the_children_it_reported_and_no_others(agencies, make_user):
    ours = EpisodeFactory(reporting_agency=agencies["police"]).child
    theirs = EpisodeFactory(reporting_agency=agencies["other_police"]).child
    officer = make_user("police", Role.POLICE_OFFICER)
    assert visible(officer) == {ours.pk}
    assert theirs.pk not in visible(officer)
    assert set(episodes_for_user(user=officer).values_list("child_id", flat=True)) == {ours.pk}


def test_a_notification_lets_the_missing_team_see_the_child_until_it_expires(agencies, make_user):
    child = EpisodeFactory(reporting_agency=agencies["police"]).child
    worker = make_user("missing_team", Role.MISSING_TEAM_WORKER)
    assert visible(worker) == set()
    now = timezone.now()
    notification = notify_agency(
        actor=None,
        child=child,
        from_agency=agencies["police"],
        to_agency=agencies["missing_team"],
        purpose="Return interview",
        lawful_basis="Safeguarding",
        sent_at=now - dt.timedelta(days=1),
        expires_at=now + dt.timedelta(days=1),
    )
    assert visible(worker) == {child.pk}
    notification.expires_at = now - dt.timedelta(seconds=1)
    notification.save()
    assert visible(worker) == set()


def test_a_care_home_sees_its_current_residents_only(agencies, make_user):
    resident, former = ChildFactory(), ChildFactory()
    PlacementFactory(
        child=resident, provider=agencies["care_home"], placement_type=PlacementType.CHILDRENS_HOME
    )
    PlacementFactory(
        child=former,
        provider=agencies["care_home"],
        start_date=dt.date(2023, 1, 1),
        end_date=dt.date(2023, 6, 1),
    )
    staff = make_user("care_home", Role.CARE_HOME_STAFF)
    assert visible(staff) == {resident.pk}


def test_a_school_sees_the_pupils_it_holds_a_upn_for(agencies, make_user):
    pupil = ChildIdentifierFactory(agency=agencies["school"], kind=IdentifierKind.SCHOOL_UPN).child
    ChildFactory()
    lead = make_user("school", Role.SCHOOL_SAFEGUARDING_LEAD)
    assert visible(lead) == {pupil.pk}


@pytest.mark.parametrize("role", [Role.ANALYST, Role.SYSTEM_ADMINISTRATOR])
def test_analysts_and_administrators_see_no_identifiable_child(agencies, make_user, role):
    EpisodeFactory(reporting_agency=agencies["social_care"])
    ChildIdentifierFactory(agency=agencies["social_care"])
    user = make_user("social_care", role)
    assert visible(user) == set()


def test_a_disabled_user_sees_nothing(agencies, make_user):
    EpisodeFactory(reporting_agency=agencies["police"])
    officer = make_user("police", Role.POLICE_OFFICER)
    officer.is_active = False
    assert visible(officer) == set()


def test_a_child_with_several_links_is_listed_once(agencies, make_user):
    child = ChildFactory()
    returned = {"status": "returned", "returned_at": timezone.now()}  # one open per child
    EpisodeFactory(child=child, reporting_agency=agencies["police"], **returned)
    EpisodeFactory(child=child, reporting_agency=agencies["police"])
    ChildIdentifierFactory(child=child, agency=agencies["police"])
    officer = make_user("police", Role.POLICE_OFFICER)
    assert list(children_for_user(user=officer).values_list("pk", flat=True)) == [child.pk]


def test_asking_about_one_child_agrees_with_the_list_for_every_way_of_seeing(agencies, make_user):
    """`visible_child_ids(user, child_id=...)` is the rule written again as one plain query: it
    must answer exactly as the list form does, for each way in and each way out."""
    from missinghub.access.policy import only_visible_children, visible_child_ids
    from missinghub.children.models import Child, LegalStatus, LegalStatusKind
    from missinghub.episodes.models import Notification

    team, now = agencies["missing_team"], timezone.now()
    children = [ChildFactory() for _ in range(9)]
    ChildIdentifierFactory(child=children[0], agency=team)
    EpisodeFactory(child=children[1], reporting_agency=team)
    PlacementFactory(child=children[2], provider=team)
    PlacementFactory(
        child=children[3],
        provider=team,
        start_date=dt.date(2019, 1, 1),
        end_date=dt.date(2020, 1, 1),
    )
    for child, ended in ((children[4], None), (children[5], dt.date(2020, 1, 1))):
        LegalStatus.objects.create(
            child=child,
            status=LegalStatusKind.LOOKED_AFTER,
            start_date=dt.date(2019, 1, 1),
            end_date=ended,
            responsible_authority=team,
        )
    for child, expires in ((children[6], now + dt.timedelta(days=1)), (children[7], now)):
        Notification.objects.create(
            child=child,
            from_agency=agencies["police"],
            to_agency=team,
            purpose="Return interview",
            lawful_basis="Safeguarding",
            sent_at=now - dt.timedelta(days=1),
            expires_at=expires - dt.timedelta(seconds=1),
        )
    EpisodeFactory(child=children[8], reporting_agency=agencies["police"])
    worker = make_user("missing_team", Role.MISSING_TEAM_WORKER)
    listed = set(visible_child_ids(worker).values_list("pk", flat=True))
    assert listed == {children[i].pk for i in (0, 1, 2, 4, 6)}
    for child in children:
        one = set(visible_child_ids(worker, child_id=child.pk).values_list("pk", flat=True))
        assert one == ({child.pk} & listed), child
    probed = only_visible_children(Child.objects.all(), worker).values_list("pk", flat=True)
    assert set(probed) == listed
