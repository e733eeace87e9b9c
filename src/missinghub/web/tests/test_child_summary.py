"""The child's page leads with a summary and keeps long lists short until asked."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from missinghub.accounts.models import Role
from missinghub.casework.tests.returns import returned_ten_hours_ago
from missinghub.children.models import LegalStatusKind, PlacementArea, PlacementType
from missinghub.children.tests.factories import ChildFactory
from missinghub.episodes.models import EpisodeStatus, RiskLevel
from missinghub.episodes.services import grade_risk
from missinghub.episodes.tests.factories import EpisodeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client, make_user):
    client.force_login(make_user("police", Role.POLICE_OFFICER))
    return client


def _returned_episodes(child, agency, days_ago):
    now = timezone.now()
    for days in days_ago:
        seen = now - dt.timedelta(days=days)
        EpisodeFactory(
            child=child,
            reporting_agency=agency,
            status=EpisodeStatus.RETURNED,
            last_seen_at=seen,
            reported_at=seen + dt.timedelta(hours=1),
            returned_at=seen + dt.timedelta(hours=8),
        )


def _episode_links_in_list(page):
    section = page[page.index('id="episodes"') : page.index('id="timeline"')]
    return re.findall(r'href="[^"]*/episodes/\d+/"', section)


def test_a_child_with_30_episodes_shows_the_latest_10_and_a_show_all_link(officer_client, agencies):
    child = ChildFactory()
    _returned_episodes(child, agencies["police"], days_ago=range(1, 31))
    url = reverse("web:child", args=[child.pk])

    page = officer_client.get(url).content.decode()
    assert len(_episode_links_in_list(page)) == 10
    assert "Show all 30 episodes" in page
    assert "Show all" in page[page.index('id="timeline"') :]

    everything = officer_client.get(url, {"all": "1"}).content.decode()
    assert len(_episode_links_in_list(everything)) == 30
    assert "Show all 30 episodes" not in everything


def test_the_summary_counts_episodes_in_the_last_90_days_and_12_months(officer_client, agencies):
    child = ChildFactory()
    # 3 within 90 days, 2 more within the year, 4 older than a year.
    days_ago = [5, 40, 80, 120, 300, 400, 500, 600, 700]
    _returned_episodes(child, agencies["police"], days_ago=days_ago)
    page = officer_client.get(reverse("web:child", args=[child.pk])).content.decode()
    assert '<span data-count="90-days">3</span> in the last 90 days' in page
    assert '<span data-count="12-months">5</span> in the last 12 months' in page
    assert "Episodes (9)" in page


def test_the_summary_shows_the_open_episode_with_its_risk_as_a_red_tag(officer_client, agencies):
    seen = timezone.now() - dt.timedelta(hours=3)
    episode = EpisodeFactory(
        reporting_agency=agencies["police"], last_seen_at=seen, reported_at=seen
    )
    grade_risk(actor=None, episode=episode, level=RiskLevel.HIGH, reason="Phone now off")
    page = officer_client.get(reverse("web:child", args=[episode.child_id])).content.decode()
    summary = page[page.index("Summary") : page.index("Details")]
    assert "Missing now" in summary
    assert re.search(r'govuk-tag--red[^"]*">High</strong>', summary)
    assert "Not screened" in summary
    assert "Not held" in summary


def test_a_child_never_missing_says_so(officer_client, agencies):
    episode = EpisodeFactory(
        reporting_agency=agencies["police"],
        status=EpisodeStatus.RETURNED,
        returned_at=dt.datetime(2024, 3, 2, 8, 0, tzinfo=dt.UTC),
    )
    page = officer_client.get(reverse("web:child", args=[episode.child_id])).content.decode()
    summary = page[page.index("Summary") : page.index("Details")]
    assert re.search(r"Missing now</dt>\s*<dd[^>]*>No</dd>", summary)
    assert "Show all" not in page


def test_the_page_reads_as_many_times_for_30_episodes_as_for_3(officer_client, agencies):
    few, many = ChildFactory(), ChildFactory()
    _returned_episodes(few, agencies["police"], days_ago=range(1, 4))
    _returned_episodes(many, agencies["police"], days_ago=range(1, 31))
    counts = []
    for child in (few, many, few):  # the first look also warms per-process caches
        with CaptureQueriesContext(connection) as queries:
            officer_client.get(reverse("web:child", args=[child.pk]), {"all": "1"})
        counts.append(len(queries))
    assert counts[1] == counts[2], counts


def test_the_summary_lists_the_child_s_open_tasks_with_who_owns_them(client, make_user, agencies):
    child = ChildFactory()
    returned_ten_hours_ago(agencies, child, "SUMMARY-1")  # the protocol sets the interview task
    client.force_login(make_user("missing_team", Role.MISSING_TEAM_WORKER))
    page = client.get(reverse("web:child", args=[child.pk])).content.decode()
    summary = page[page.index("Summary") : page.index("Details")]
    assert '<span data-count="open-tasks">1</span>' in summary
    assert "Return interview (Testshire Missing Team), due by" in summary


def test_the_summary_names_the_child_s_people(officer_client, agencies):
    episode = EpisodeFactory(reporting_agency=agencies["police"])
    child = episode.child
    child.legal_statuses.create(
        status=LegalStatusKind.values[0],
        start_date=dt.date(2023, 1, 1),
        responsible_authority=agencies["social_care"],
    )
    child.placements.create(
        placement_type=PlacementType.values[0],
        area=PlacementArea.values[0],
        provider=agencies["care_home"],
        start_date=dt.date(2023, 2, 1),
    )
    page = officer_client.get(reverse("web:child", args=[child.pk])).content.decode()
    summary = page[page.index("Summary") : page.index("Details")]
    assert "Responsible authority: Testshire Social Care" in summary
    assert "Placement provider: Hilltop Children&#x27;s Home" in summary
