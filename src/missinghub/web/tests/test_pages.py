"""The first pages, as a signed-in user of each agency sees them."""

import datetime as dt

import pytest
from django.urls import reverse

from missinghub.accounts.models import Role
from missinghub.audit.enums import AuditVerb
from missinghub.audit.models import AuditEvent
from missinghub.episodes.models import RiskLevel
from missinghub.episodes.services import grade_risk
from missinghub.episodes.tests.factories import EpisodeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client, make_user):
    officer = make_user("police", Role.POLICE_OFFICER)
    client.force_login(officer)
    client.user = officer
    return client


def test_home_lists_the_children_missing_now_and_audits_who_was_shown(officer_client, agencies):
    ours = EpisodeFactory(reporting_agency=agencies["police"], child__given_name="Robin")
    theirs = EpisodeFactory(reporting_agency=agencies["other_police"], child__given_name="Quinn")
    page = officer_client.get(reverse("web:home")).content.decode()
    assert ours.child.full_name in page
    assert theirs.child.full_name not in page
    listed = AuditEvent.objects.filter(verb=AuditVerb.CHILDREN_LISTED, actor=officer_client.user)
    assert set(listed.values_list("child_id", flat=True)) == {ours.child_id}


def test_the_child_page_shows_the_record_and_audits_the_look(officer_client, agencies):
    episode = EpisodeFactory(reporting_agency=agencies["police"])
    response = officer_client.get(reverse("web:child", args=[episode.child_id]))
    assert response.status_code == 200
    assert episode.child.full_name in response.content.decode()
    assert AuditEvent.objects.filter(verb=AuditVerb.CHILD_VIEWED, child_id=episode.child_id)


def test_another_agencys_child_is_not_found_and_the_attempt_is_audited(officer_client, agencies):
    episode = EpisodeFactory(reporting_agency=agencies["other_police"])
    for url in (
        reverse("web:child", args=[episode.child_id]),
        reverse("web:episode", args=[episode.pk]),
    ):
        response = officer_client.get(url)
        assert response.status_code == 404
        assert episode.child.full_name not in response.content.decode()
    assert AuditEvent.objects.filter(verb=AuditVerb.ACCESS_REFUSED).count() == 2


def test_times_are_shown_in_uk_time(officer_client, agencies):
    # 21:30 UTC on 1 July is 22:30 British Summer Time; 21:30 UTC on 1 December is 21:30 GMT.
    summer = EpisodeFactory(
        reporting_agency=agencies["police"],
        last_seen_at=dt.datetime(2024, 7, 1, 21, 30, tzinfo=dt.UTC),
        reported_at=dt.datetime(2024, 7, 1, 23, 0, tzinfo=dt.UTC),
    )
    winter = EpisodeFactory(
        reporting_agency=agencies["police"],
        last_seen_at=dt.datetime(2024, 12, 1, 21, 30, tzinfo=dt.UTC),
        reported_at=dt.datetime(2024, 12, 1, 23, 0, tzinfo=dt.UTC),
    )
    summer_page = officer_client.get(reverse("web:episode", args=[summer.pk])).content.decode()
    winter_page = officer_client.get(reverse("web:episode", args=[winter.pk])).content.decode()
    assert "1 July 2024 22:30 BST" in summer_page
    assert "1 December 2024 21:30 GMT" in winter_page


def test_the_episode_page_shows_the_risk_grading_history(officer_client, agencies):
    episode = EpisodeFactory(reporting_agency=agencies["police"])
    grade_risk(actor=None, episode=episode, level=RiskLevel.LOW, reason="Known to return")
    grade_risk(actor=None, episode=episode, level=RiskLevel.HIGH, reason="Phone now off")
    page = officer_client.get(reverse("web:episode", args=[episode.pk])).content.decode()
    assert page.index("Known to return") < page.index("Phone now off")
    assert AuditEvent.objects.filter(verb=AuditVerb.EPISODE_VIEWED, target_id=str(episode.pk))


def test_an_analyst_is_told_their_role_shows_no_identifiable_records(client, make_user, agencies):
    EpisodeFactory(reporting_agency=agencies["social_care"], child__given_name="Hidden")
    client.force_login(make_user("social_care", Role.ANALYST))
    page = client.get(reverse("web:home")).content.decode()
    assert "does not show identifiable" in page
    assert "Hidden" not in page
