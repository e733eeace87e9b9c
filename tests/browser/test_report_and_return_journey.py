"""A police officer reports a child missing through the form; the missing team sees the
notification, opens the episode and records the return. Every page, errors included, passes axe."""

import pytest
from playwright.sync_api import Page, expect

from missinghub.accounts.models import Role
from missinghub.accounts.tests.factories import UserFactory
from missinghub.episodes.models import Episode
from tests.browser.conftest import assert_accessible
from tests.browser.test_first_journey import PASSWORD, sign_in


def fill_date(page: Page, legend: str, day: str, month: str, year: str, time: str = "") -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(day)
    group.get_by_label("Month").fill(month)
    group.get_by_label("Year").fill(year)
    if time:
        group.get_by_label("Time").fill(time)


@pytest.mark.django_db(transaction=True)
def test_report_then_return(page: Page, live_server, agencies, settings) -> None:
    # The report is dated March 2025 (a return cannot come before it): keep its share current.
    settings.MISSINGHUB_NOTIFICATION_DAYS = 36500
    agencies["missing_team"].area = agencies["police"].area
    agencies["missing_team"].save()
    officer = UserFactory(agency=agencies["police"], role=Role.POLICE_OFFICER, password=PASSWORD)
    worker = UserFactory(
        agency=agencies["missing_team"], role=Role.MISSING_TEAM_WORKER, password=PASSWORD
    )

    sign_in(page, live_server.url, officer.username)
    page.get_by_role("button", name="Report a child missing").click()
    assert_accessible(page)
    page.get_by_label("First name").fill("Ellis")
    page.get_by_label("Last name").fill("Browserfield")
    fill_date(page, "Date of birth", "30", "2", "2012")  # no such day
    fill_date(page, "When was the child last seen?", "14", "3", "2025", "22:40")
    fill_date(page, "When was the child reported?", "14", "3", "2025", "23:05")
    page.get_by_label("High").check()
    page.get_by_label("Why this risk level?").fill("Aged 13, never missing before, phone off")
    page.get_by_role("button", name="Report missing").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    fill_date(page, "Date of birth", "28", "2", "2012")
    page.get_by_role("button", name="Report missing").click()
    expect(page.get_by_text("Ellis Browserfield is reported missing")).to_be_visible()
    expect(page.get_by_text("Told: Testshire Missing Team")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server.url, worker.username)
    expect(page.get_by_text("Testshire Police about")).to_be_visible()
    page.get_by_role("link", name="Missing", exact=True).click()
    page.get_by_role("button", name="Record a return").click()
    assert_accessible(page)
    fill_date(page, "When did the child return or was found?", "15", "3", "2025", "07:10")
    page.get_by_label("Found by police").check()
    page.get_by_label("Where was the child found? (optional)").fill("Bus station")
    page.get_by_role("button", name="Record return").click()
    expect(page.get_by_text("Return recorded for Ellis Browserfield")).to_be_visible()
    expect(
        page.get_by_text("15 March 2025 07:10 GMT, found by police, Bus station")
    ).to_be_visible()
    assert_accessible(page)
    assert Episode.objects.get().status == "returned"

    page.get_by_role("link", name="Home").click()
    tasks = page.get_by_role("table", name="Open tasks for your team")
    # Returned 07:10 GMT on 15 March; England's statutory guidance: interview within 72 hours.
    expect(tasks.get_by_role("row", name="Return interview")).to_contain_text("18 Mar 2025 07:10")
    expect(tasks).to_contain_text("Overdue")
    assert_accessible(page)
