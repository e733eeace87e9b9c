"""The police's part of an episode (#24): a police supervisor regrades the risk of a child who is
absent (the episode becomes a missing episode), logs a sighting, records the return with where
the child was found and the prevention (safe and well) interview; the missing-team worker then
sees it on the return-interview page. Every page, errors included, passes axe."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from missinghub.accounts.models import Role
from missinghub.accounts.tests.factories import UserFactory
from missinghub.children.tests.factories import ChildFactory
from missinghub.episodes.intake import report_missing
from missinghub.episodes.models import EpisodeCategory, RiskLevel
from tests.browser.conftest import assert_accessible
from tests.browser.test_first_journey import PASSWORD, sign_in
from tests.browser.test_interview_journey import fill_moment


@pytest.fixture
def absent_child(agencies):
    agencies["missing_team"].area = agencies["police"].area
    agencies["missing_team"].save()
    child = ChildFactory(given_name="Nico", family_name="Policejourney")
    reported = timezone.now() - dt.timedelta(hours=4)
    report_missing(
        actor=None,
        child=child,
        category=EpisodeCategory.ABSENT,
        last_seen_at=reported - dt.timedelta(hours=1),
        reported_at=reported,
        reporting_agency=agencies["police"],
        source_system="browser-test",
        source_reference="PJ-1",
        risk_level=RiskLevel.NO_APPARENT_RISK,
        risk_reason="Late back from the park",
        notify=(agencies["missing_team"],),
    )
    return child


def _supervisor_works_the_episode(page: Page) -> None:
    page.get_by_role("link", name="Absent", exact=True).click()
    page.get_by_role("button", name="Regrade the risk").click()
    assert_accessible(page)
    page.get_by_role("button", name="Regrade the risk").click()  # nothing chosen
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("High").check()
    page.get_by_label("Why does the risk level change?").fill("Seen getting into a stranger's car")
    page.get_by_role("button", name="Regrade the risk").click()
    expect(page.get_by_text("Risk regraded.")).to_be_visible()
    expect(page.get_by_role("heading", name="Missing: missing now")).to_be_visible()
    expect(page.get_by_text("Category changed from absent to missing")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Add to the police log").click()
    assert_accessible(page)
    page.get_by_label("Sighting").check()
    page.get_by_label("What was done or seen").fill("Seen by a bus driver on the 42 to the coast")
    page.get_by_role("button", name="Add to the log").click()
    log = page.get_by_role("table", name="Enquiries, actions and sightings, oldest first")
    expect(log).to_contain_text("Seen by a bus driver on the 42 to the coast")
    assert_accessible(page)


def _supervisor_records_the_return(page: Page) -> None:
    page.get_by_role("button", name="Record a return").click()
    fill_moment(page, "When did the child return or was found?", timezone.now())
    page.get_by_label("Found by police").check()
    page.get_by_label("Where was the child found? (optional)").fill("Bus shelter on Coast Road")
    page.get_by_role("button", name="Record return").click()
    expect(page.get_by_text("Return recorded for Nico Policejourney")).to_be_visible()

    page.get_by_role("button", name="Record the prevention interview").click()
    assert_accessible(page)
    page.get_by_role("group", name="Did you see the child in person?").get_by_label("Yes").check()
    harm = page.get_by_role("group", name="Was any harm or injury seen or disclosed?")
    harm.get_by_label("Yes").check()
    page.get_by_role("group", name="Is there a county lines").get_by_label("Yes").check()
    page.get_by_role("button", name="Record the interview").click()  # harm not described
    expect(page.get_by_role("link", name="Describe the harm seen or disclosed")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("What harm was seen or disclosed?").fill("Graze on the right hand")
    page.get_by_label("Where the child says they had been").fill("A flat above the takeaway")
    page.get_by_label("For the return interviewer").fill("Ask about the new phone")
    page.get_by_role("button", name="Record the interview").click()
    expect(page.get_by_text("Prevention interview recorded.")).to_be_visible()
    expect(page.get_by_text("County lines or criminal exploitation")).to_be_visible()
    assert_accessible(page)


@pytest.mark.django_db(transaction=True)
def test_the_police_part_of_an_episode_reaches_the_return_interviewer(
    page: Page, live_server, agencies, absent_child
) -> None:
    supervisor = UserFactory(
        agency=agencies["police"], role=Role.POLICE_SUPERVISOR, password=PASSWORD
    )
    worker = UserFactory(
        agency=agencies["missing_team"], role=Role.MISSING_TEAM_WORKER, password=PASSWORD
    )
    sign_in(page, live_server.url, supervisor.username)
    _supervisor_works_the_episode(page)
    _supervisor_records_the_return(page)
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server.url, worker.username)
    tasks = page.get_by_role("table", name="Open tasks for your team")
    tasks.get_by_role("link", name="Return interview for Nico Policejourney").click()
    expect(page.get_by_role("heading", name="What the police found on return")).to_be_visible()
    for shown in (
        "Bus shelter on Coast Road",
        "Yes: Graze on the right hand",
        "A flat above the takeaway",
        "Ask about the new phone",
    ):
        expect(page.get_by_text(shown)).to_be_visible()
    assert_accessible(page)
