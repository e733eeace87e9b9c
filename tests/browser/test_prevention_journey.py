"""Prevention work and return-interview quality audits in the pages (issue 28): a missing-team
manager records a school session (an error first), then audits this month's sampled interview.
Every page, errors included, passes axe."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from missinghub.accounts.models import Role
from missinghub.accounts.tests.factories import UserFactory
from missinghub.casework.models import InterviewAudit, PreventionActivity, ReturnInterview
from missinghub.casework.services.interviews import open_interview
from missinghub.casework.tests.returns import returned_ten_hours_ago
from missinghub.children.tests.factories import ChildFactory
from missinghub.protocols.models import ProtocolTask, TaskKind
from tests.browser.conftest import assert_accessible
from tests.browser.test_first_journey import PASSWORD, sign_in
from tests.browser.test_report_and_return_journey import fill_date


def _completed_interview(agencies, worker) -> ReturnInterview:
    episode = returned_ten_hours_ago(agencies, ChildFactory(given_name="Kit"), "PJ-1")
    task = ProtocolTask.objects.get(episode=episode, kind=TaskKind.RETURN_INTERVIEW)
    interview = open_interview(actor=worker, task=task)[0]
    interview.status, interview.assigned_to = "completed", worker
    interview.interviewed_at = interview.returned_at + dt.timedelta(hours=2)
    interview.completed_at, interview.completed_by = timezone.now(), worker
    interview.outcome = "no_further_action"
    interview.save()
    return interview


@pytest.mark.django_db(transaction=True)
def test_record_prevention_work_then_audit_an_interview(page: Page, live_server, agencies) -> None:
    manager = UserFactory(
        agency=agencies["missing_team"], role=Role.MISSING_TEAM_MANAGER, password=PASSWORD
    )
    worker = UserFactory(agency=agencies["missing_team"], role=Role.MISSING_TEAM_WORKER)
    interview = _completed_interview(agencies, worker)

    sign_in(page, live_server.url, manager.username)
    page.get_by_role("link", name="Prevention work").click()
    assert_accessible(page)
    page.get_by_role("link", name="Record prevention work").click()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    today = timezone.localdate()
    fill_date(page, "Date", str(today.day), str(today.month), str(today.year))
    page.get_by_label("Prevention session in a school").check()
    page.get_by_label("Pupils").check()
    page.get_by_label("Number reached").fill("60")
    page.get_by_label("Where (optional)").fill("Testshire Academy, Year 8")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Prevention work recorded.")).to_be_visible()
    expect(page.get_by_role("cell", name="Testshire Academy, Year 8")).to_be_visible()
    assert_accessible(page)
    assert PreventionActivity.objects.get().reached == 60

    page.get_by_role("link", name="Back").click()
    page.get_by_role("link", name="Return interview quality audits").click()
    assert_accessible(page)
    page.get_by_role("link", name="Audit the interview with Kit").click()
    assert_accessible(page)
    page.get_by_label("The child's voice is recorded in their own words").check()
    page.get_by_label("Good").check()
    page.get_by_label("Learning for the team").fill("Ask how they got home")
    page.get_by_role("button", name="Save the audit").click()
    expect(page.get_by_text("Quality audit saved.")).to_be_visible()
    expect(page.get_by_text("1 of 5")).to_be_visible()
    assert_accessible(page)
    assert InterviewAudit.objects.get().interview == interview
