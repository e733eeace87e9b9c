"""An analyst opens the reports dashboard, chooses the demand report for a year, and every chart
is drawn by the locally served vega-embed under the strict CSP (no eval, no violations); each
chart has its data table, children are pseudonymised, and the page passes axe."""

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from missinghub.accounts.models import Role
from missinghub.accounts.tests.factories import UserFactory
from missinghub.reporting.pseudonyms import pseudonym
from missinghub.reporting.tests.conftest import small_area  # noqa: F401  (the fixture)
from tests.browser.conftest import assert_accessible
from tests.browser.test_first_journey import PASSWORD, sign_in


def fill_date(page: Page, legend: str, day: str, month: str, year: str) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(day)
    group.get_by_label("Month").fill(month)
    group.get_by_label("Year").fill(year)


@pytest.mark.django_db(transaction=True)
def test_analyst_reads_the_demand_report_with_charts(
    page: Page,
    live_server,
    agencies,
    small_area,  # noqa: F811
) -> None:
    problems: list[str] = []
    page.on("console", lambda message: _collect(message, problems))
    page.on("pageerror", lambda error: problems.append(str(error)))
    analyst = UserFactory(agency=agencies["missing_team"], role=Role.ANALYST, password=PASSWORD)
    sign_in(page, live_server.url, analyst.username)
    page.goto(f"{live_server.url}/reports/")
    expect(page.get_by_role("heading", name="Reports", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Demand: how long, when, and who goes missing again").check()
    fill_date(page, "First day", "1", "4", "2024")
    fill_date(page, "Last day", "31", "3", "2025")
    page.get_by_role("button", name="Show report").click()
    expect(page.get_by_text("1 April 2024 to 31 March 2025")).to_be_visible()
    holders = page.locator("[data-chart-spec]")
    expect(page.locator("[data-chart-drawn='true']")).to_have_count(holders.count())
    assert holders.count() >= 4
    expect(page.locator("#chart-durations svg").first).to_be_visible()
    frequent = page.get_by_role("table", name="The 10 children with most episodes in the period")
    expect(frequent.get_by_role("rowheader").first).to_have_text(pseudonym(small_area["cal"].pk))
    assert "Lovelace" not in page.content()
    assert problems == []
    assert_accessible(page)


def _collect(message: ConsoleMessage, problems: list[str]) -> None:
    if message.type in ("error", "warning"):
        problems.append(message.text)
