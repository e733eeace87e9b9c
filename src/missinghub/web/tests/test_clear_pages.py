"""Clear pages (issue 26): back links below home, risk as a coloured tag, UK dates, numbers."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from missinghub.accounts.models import Role
from missinghub.episodes.models import RiskLevel
from missinghub.episodes.services import grade_risk
from missinghub.episodes.tests.factories import EpisodeFactory
from missinghub.web.templatetags.uk_time import uk_date

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client, make_user):
    client.force_login(make_user("police", Role.POLICE_OFFICER))
    return client


def _back_link(page):
    match = re.search(r'<a href="([^"]+)" class="govuk-back-link">', page)
    return match.group(1) if match else None


def test_pages_below_home_have_a_back_link_to_the_page_above(officer_client, agencies):
    episode = EpisodeFactory(reporting_agency=agencies["police"])
    child_url = reverse("web:child", args=[episode.child_id])
    expected = {
        child_url: reverse("web:home"),
        reverse("web:episode", args=[episode.pk]): child_url,
        reverse("web:search"): reverse("web:home"),
    }
    for url, back in expected.items():
        assert _back_link(officer_client.get(url).content.decode()) == back, url
    assert _back_link(officer_client.get(reverse("web:home")).content.decode()) is None


@pytest.mark.parametrize(
    ("level", "colour"),
    [
        (RiskLevel.HIGH, "red"),
        (RiskLevel.MEDIUM, "orange"),
        (RiskLevel.LOW, "yellow"),
        (RiskLevel.VERY_LOW, "grey"),
    ],
)
def test_risk_is_a_tag_coloured_by_level_on_the_home_and_episode_pages(
    officer_client, agencies, level, colour
):
    episode = EpisodeFactory(reporting_agency=agencies["police"])
    grade_risk(actor=None, episode=episode, level=level, reason="Checked with the home")
    tag = rf'govuk-tag--{colour} mh-tag">{level.label}</strong>'
    for url in (reverse("web:home"), reverse("web:episode", args=[episode.pk])):
        assert re.search(tag, officer_client.get(url).content.decode()), url


def test_dates_read_day_month_year_whatever_form_they_come_in():
    assert uk_date(dt.date(2026, 12, 7)) == "7 Dec 2026"
    assert uk_date("2025-03-04") == "4 Mar 2025"  # as a profile version stores it (JSON)
    assert uk_date(dt.datetime(2025, 6, 30, 23, 30, tzinfo=dt.UTC)) == "1 Jul 2025"  # BST
    assert uk_date("") == ""
