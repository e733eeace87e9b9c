"""The review queue, a pair side by side, accept/reject with a reason, undo from the merges
page, and the intake fragment on the report-missing form (names only for visible children)."""

import datetime as dt

import pytest
from django.urls import reverse

from missinghub.accounts.models import Role
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


def test_a_pair_with_a_child_the_reviewer_cannot_see_is_not_found(client, make_user, agencies):
    user = make_user("social_care", Role.SOCIAL_WORKER)
    client.force_login(user)
    seen = held_by(agencies["social_care"])
    unseen = held_by(agencies["police"])
    hidden = ReviewPair.objects.create(
        first_child_id=min(seen.pk, unseen.pk),
        second_child_id=max(seen.pk, unseen.pk),
        match_probability=0.9,
        match_weight=3.0,
        model_label="children v1",
        found_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
    )

    assert client.get(reverse("linkage:review-pair", args=[hidden.pk])).status_code == 404
    queue = client.get(reverse("linkage:review-queue")).content.decode()
    assert reverse("linkage:review-pair", args=[hidden.pk]) not in queue


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
