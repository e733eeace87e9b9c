"""A VEMT panel chair sets up the panel and its next meeting; a child already missing twice in
the last 90 days is reported missing a third time by the police; the Hartlepool VEMT protocol
refers the child and the chair finds them on the meeting's agenda. Every page passes axe."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from missinghub.accounts.models import Role
from missinghub.accounts.tests.factories import UserFactory
from missinghub.casework.models import AgendaItem
from missinghub.casework.tests.scenarios import looked_after_child, report_episodes
from missinghub.kit.forms import LONDON
from missinghub.protocols.models import ProtocolTask, TaskKind
from tests.browser.conftest import assert_accessible
from tests.browser.test_first_journey import PASSWORD, sign_in
from tests.browser.test_report_and_return_journey import fill_date


@pytest.mark.django_db(transaction=True)
def test_a_third_episode_in_90_days_puts_the_child_on_the_panel_agenda(
    page: Page, live_server, agencies, settings
) -> None:
    settings.MISSINGHUB_ACTIVE_PROTOCOL = "hartlepool-vemt"
    chair = UserFactory(agency=agencies["social_care"], role=Role.PANEL_CHAIR, password=PASSWORD)
    officer = UserFactory(agency=agencies["police"], role=Role.POLICE_OFFICER, password=PASSWORD)
    child = looked_after_child(agencies, given_name="Robin", family_name="Agendale")
    report_episodes(child, agencies, [60, 30])

    # The chair sets up the panel and its next meeting: the agenda starts empty.
    sign_in(page, live_server.url, chair.username)
    page.goto(f"{live_server.url}/casework/panels/")
    assert_accessible(page)
    page.get_by_label("Name of the panel").fill("Testshire VEMT practitioners")
    page.get_by_label("VEMT (vulnerable, exploited, missing, trafficked)").check()
    page.get_by_role("button", name="Create panel").click()
    expect(page.get_by_role("heading", name="Testshire VEMT practitioners")).to_be_visible()
    assert_accessible(page)
    meets = (timezone.now() + dt.timedelta(days=7)).astimezone(LONDON)
    fill_date(
        page,
        "When does the panel meet?",
        str(meets.day),
        str(meets.month),
        str(meets.year),
        "10:00",
    )
    page.get_by_label("Where (optional)").fill("Civic Centre, room 2")
    page.get_by_role("button", name="Schedule meeting").click()
    expect(page.get_by_text("No children you can see are on this agenda.")).to_be_visible()
    assert_accessible(page)
    agenda_url = page.url
    page.get_by_role("button", name="Sign out").click()

    # The police report the third missing episode in 90 days.
    sign_in(page, live_server.url, officer.username)
    page.goto(f"{live_server.url}/children/{child.pk}/report-missing/")
    now = timezone.now().astimezone(LONDON) - dt.timedelta(minutes=30)
    fill_date(
        page,
        "When was the child last seen?",
        str(now.day),
        str(now.month),
        str(now.year),
        now.strftime("%H:%M"),
    )
    page.get_by_label("Medium").check()
    page.get_by_label("Why this risk level?").fill("Third time this term; not answering phone")
    page.get_by_role("button", name="Report missing").click()
    expect(page.get_by_text("Robin Agendale is reported missing")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    task = ProtocolTask.objects.get(child=child, kind=TaskKind.PANEL_REFERRAL)
    assert AgendaItem.objects.get(child=child).task == task

    # The chair sees Robin on the agenda, with the protocol's reason.
    sign_in(page, live_server.url, chair.username)
    page.goto(agenda_url)
    agenda = page.get_by_role("table", name="Children on the agenda")
    expect(agenda.get_by_role("link", name="Robin Agendale")).to_be_visible()
    expect(agenda).to_contain_text("3 or more missing episodes in 90 days")
    assert_accessible(page)
    agenda.get_by_role("link", name="Robin Agendale").click()
    expect(page.get_by_role("heading", name="Robin Agendale")).to_be_visible()
    assert_accessible(page)
