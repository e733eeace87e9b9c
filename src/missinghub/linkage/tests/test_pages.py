"""The review queue, a pair side by side, accept/reject with a reason, undo from the merges
page, and the intake fragment on the report-missing form (names only for visible children)."""

import datetime as dt

import pytest
from django.urls import reverse

from missinghub.accounts.models import AgencyKind, Role
from missinghub.accounts.tests.factories import AgencyFactory
from missinghub.audit.enums import AuditVerb
from missinghub.audit.models import AuditEvent
from missinghub.children.models import Child
from missinghub.children.tests.factories import ChildFactory, ChildIdentifierFactory
from missinghub.linkage.models import ChildMerge, ReviewPair, ReviewStatus
from missinghub.linkage.tests.people import create_background


def held_by(agency, **values):
    child = ChildFactory(**values)
    ChildIdentifierFactory(child=child, agency=agency)
    return child


@pytest.fixture
def pair(agencies):
    first = held_by(agencies["social_care"], given_name="Amelia", family_name="Thornbury")
    second = held_by(agencies["social_care"], given_name="Jessica", family_name="Thornbury")
    return ReviewPair.objects.create(
        first_child_id=first.pk,
        second_child_id=second.pk,
        match_probability=0.93,
        match_weight=3.8,
        model_label="children v1",
        found_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
    )


@pytest.fixture
def social_worker(client, make_user):
    user = make_user("social_care", Role.SOCIAL_WORKER)
    client.force_login(user)
    return user


def test_the_pair_page_shows_what_agrees_and_what_differs(client, social_worker, pair):
    response = client.get(reverse("linkage:review-pair", args=[pair.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Amelia" in page and "Jessica" in page
    assert "Agrees" in page and "Differs" in page
    assert AuditEvent.objects.filter(verb=AuditVerb.MATCH_PAIR_VIEWED).count() == 2


def test_accepting_a_pair_merges_it_and_the_merge_can_be_undone(client, social_worker, pair):
    client.post(
        reverse("linkage:review-pair", args=[pair.pk]),
        {"decision": "same", "reason": "Same school and social worker confirms"},
    )
    pair.refresh_from_db()
    assert pair.status == ReviewStatus.ACCEPTED
    assert not Child.objects.filter(pk=pair.second_child_id).exists()

    merge = ChildMerge.objects.get()
    client.post(reverse("linkage:unmerge", args=[merge.pk]), {"reason": "They are twins"})

    assert Child.objects.filter(pk=pair.second_child_id).exists()
    pair.refresh_from_db()
    assert pair.status == ReviewStatus.PENDING


def test_rejecting_needs_a_reason(client, social_worker, pair):
    response = client.post(
        reverse("linkage:review-pair", args=[pair.pk]), {"decision": "different"}
    )
    assert "Give the reason for your decision" in response.content.decode()

    client.post(
        reverse("linkage:review-pair", args=[pair.pk]),
        {"decision": "different", "reason": "Twins"},
    )
    pair.refresh_from_db()
    assert pair.status == ReviewStatus.REJECTED


def _pair_of(first: Child, second: Child) -> ReviewPair:
    return ReviewPair.objects.create(
        first_child_id=min(first.pk, second.pk),
        second_child_id=max(first.pk, second.pk),
        match_probability=0.9,
        match_weight=3.0,
        model_label="children v2",
        found_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
    )


def test_a_pair_with_a_child_held_outside_the_area_is_not_found(client, make_user, agencies):
    user = make_user("social_care", Role.SOCIAL_WORKER)
    client.force_login(user)
    elsewhere = AgencyFactory(name="Farshire Police", kind=AgencyKind.POLICE_FORCE, area="Farshire")
    hidden = _pair_of(held_by(agencies["social_care"]), held_by(elsewhere))

    assert client.get(reverse("linkage:review-pair", args=[hidden.pk])).status_code == 404
    queue = client.get(reverse("linkage:review-queue")).content.decode()
    assert reverse("linkage:review-pair", args=[hidden.pk]) not in queue


@pytest.mark.parametrize("role", [Role.MISSING_TEAM_MANAGER, Role.SOCIAL_WORKER])
def test_a_pair_held_by_two_agencies_of_the_area_goes_to_the_areas_reviewers(
    client, make_user, agencies, role
):
    """Neither agency may see both children, so before this the pair was shown to nobody."""
    reviewer = make_user(
        "missing_team" if role == Role.MISSING_TEAM_MANAGER else "social_care", role
    )
    client.force_login(reviewer)
    police_child = held_by(agencies["police"], given_name="Amelia", family_name="Thornbury")
    school_child = held_by(agencies["school"], given_name="Amelie", family_name="Thornbury")
    pair = _pair_of(police_child, school_child)

    queue = client.get(reverse("linkage:review-queue")).content.decode()
    page = client.get(reverse("linkage:review-pair", args=[pair.pk]))

    assert reverse("linkage:review-pair", args=[pair.pk]) in queue
    shown = page.content.decode()
    assert page.status_code == 200 and "Amelia" in shown and "Amelie" in shown
    # Only the fields the model compares: nothing else of either child's record.
    assert reverse("web:child", args=[police_child.pk]) not in shown
    viewed = AuditEvent.objects.filter(verb=AuditVerb.MATCH_PAIR_VIEWED, actor=reviewer)
    assert {event.child_id for event in viewed} == {police_child.pk, school_child.pk}


def test_a_police_officer_may_not_review(client, make_user, pair):
    client.force_login(make_user("police", Role.POLICE_OFFICER))
    assert client.get(reverse("linkage:review-queue")).status_code == 403


def test_intake_names_only_children_the_officer_may_see(client, make_user, agencies):
    create_background(100)
    officer = make_user("police", Role.POLICE_OFFICER)
    client.force_login(officer)
    held_by(
        agencies["social_care"],
        given_name="William",
        family_name="Ashcombe",
        date_of_birth=dt.date(2009, 4, 7),
    )

    response = client.get(
        reverse("linkage:intake-candidates"),
        {
            "given_name": "Bill",
            "family_name": "Ashcombe",
            "date_of_birth_day": "7",
            "date_of_birth_month": "4",
            "date_of_birth_year": "2009",
        },
    )

    page = response.content.decode()
    assert "A record you cannot open" in page and "Ashcombe" not in page
    assert "Known to social care:</strong> yes" in page
    assert AuditEvent.objects.filter(verb=AuditVerb.INTAKE_MATCHES_CHECKED).exists()


def test_the_report_missing_form_asks_for_known_children(client, make_user):
    client.force_login(make_user("police", Role.POLICE_OFFICER))
    page = client.get(reverse("web:report-missing")).content.decode()
    assert reverse("linkage:intake-candidates") in page
