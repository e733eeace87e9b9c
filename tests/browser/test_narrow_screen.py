"""Issue 26, must show 3: at 375 pixels wide (a small phone) no page scrolls sideways and axe
still reports no violation. A missing-team worker goes through home, search, a child with many
episodes, an episode and a return interview; a missing-team manager through imports, panels,
children missing education, exports, matches to review and reports."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from missinghub.accounts.models import Role
from missinghub.accounts.tests.factories import UserFactory
from missinghub.casework.tests.returns import returned_ten_hours_ago
from missinghub.children.tests.factories import ChildFactory
from missinghub.episodes.models import EpisodeStatus
from missinghub.episodes.tests.factories import EpisodeFactory
from missinghub.reporting.tests.conftest import small_area  # noqa: F401  (the fixture)
from tests.browser.conftest import assert_accessible
from tests.browser.test_dashboard_journey import fill_date
from tests.browser.test_first_journey import PASSWORD, sign_in

PHONE = {"width": 375, "height": 812}
# A long double-barrelled name: the longest words a table cell or heading must wrap.
GIVEN, FAMILY = "Maximilian-Alexander", "Featherstonehaugh-Worthington"


def assert_fits(page: Page, what: str) -> None:
    """The page is no wider than the 375-pixel window, and passes axe."""
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth,"
        " [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right"
        " > window.innerWidth + 1 && !e.closest('.mh-table-scroll')).slice(0, 5)"
        ".map(e => e.tagName + '.' + e.className + ': ' + (e.textContent || '').slice(0, 40))]"
    )
    scroll_width, inner_width, culprits = widths
    assert scroll_width <= inner_width, (
        f"{what} scrolls sideways: {scroll_width}px > {inner_width}px; {culprits}"
    )
    assert_accessible(page)


@pytest.fixture
def frequent_child(agencies):
    """A child the missing team was told about, with 30 earlier episodes."""
    child = ChildFactory(given_name=GIVEN, family_name=FAMILY)
    returned_ten_hours_ago(agencies, child, "NARROW-1")
    now = timezone.now()
    for days in range(3, 93, 3):
        seen = now - dt.timedelta(days=days)
        EpisodeFactory(
            child=child,
            reporting_agency=agencies["police"],
            status=EpisodeStatus.RETURNED,
            last_seen_at=seen,
            reported_at=seen + dt.timedelta(hours=1),
            returned_at=seen + dt.timedelta(hours=9),
            police_reference=f"POLICE-REFERENCE-{days:05d}-WITHOUT-ANY-SPACES",
        )
    return child


@pytest.mark.django_db(transaction=True)
def test_a_worker_s_pages_fit_a_375_pixel_screen(
    page: Page, live_server, agencies, frequent_child
) -> None:
    worker = UserFactory(
        agency=agencies["missing_team"],
        role=Role.MISSING_TEAM_WORKER,
        password=PASSWORD,
        first_name="Alexandra-Jacqueline",
        last_name="Montgomery-Smythe",
    )
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.url, worker.username)
    expect(page.get_by_role("heading", name="Children missing now")).to_be_visible()
    assert_fits(page, "home")

    page.goto(f"{live_server.url}/search/?q={FAMILY}")
    expect(page.get_by_role("heading", name="1 child found")).to_be_visible()
    assert_fits(page, "search results")

    page.get_by_role("link", name=f"{GIVEN} {FAMILY}").first.click()
    expect(page.get_by_role("heading", name=f"{GIVEN} {FAMILY}")).to_be_visible()
    expect(page.get_by_role("link", name="Show all 31 episodes")).to_be_visible()
    assert_fits(page, "child page")
    page.get_by_role("link", name="Show all 31 episodes").click()
    assert_fits(page, "child page, every episode")

    page.get_by_role("region", name="Episodes").get_by_role("link").nth(1).click()
    expect(page.get_by_role("heading", name="Risk and category history")).to_be_visible()
    assert_fits(page, "episode page")

    page.goto(live_server.url + "/")
    tasks = page.get_by_role("table", name="Open tasks for your team")
    tasks.get_by_role("link", name=f"Return interview for {GIVEN} {FAMILY}").click()
    expect(page.get_by_role("heading", name="Return interview", exact=True)).to_be_visible()
    assert_fits(page, "return interview")


@pytest.mark.django_db(transaction=True)
def test_a_manager_s_imports_and_reports_fit_a_375_pixel_screen(
    page: Page,
    live_server,
    agencies,
    small_area,  # noqa: F811
) -> None:
    manager = UserFactory(
        agency=agencies["missing_team"], role=Role.MISSING_TEAM_MANAGER, password=PASSWORD
    )
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.url, manager.username)
    assert_fits(page, "home")
    for path, what in [
        ("/imports/", "imports"),
        ("/casework/panels/", "panels"),
        ("/casework/children-missing-education/", "children missing education"),
        ("/exports/", "exports"),
        ("/linkage/review/", "matches to review"),
    ]:
        page.goto(live_server.url + path)
        assert_fits(page, what)
    page.goto(f"{live_server.url}/reports/")
    expect(page.get_by_role("heading", name="Reports", exact=True)).to_be_visible()
    assert_fits(page, "reports")
    page.get_by_label("Demand: how long, when, and who goes missing again").check()
    fill_date(page, "First day", "1", "4", "2024")
    fill_date(page, "Last day", "31", "3", "2025")
    page.get_by_role("button", name="Show report").click()
    expect(page.get_by_text("1 April 2024 to 31 March 2025")).to_be_visible()
    assert_fits(page, "demand report")
