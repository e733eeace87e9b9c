"""A missing-team worker completes a return interview from the team's task list: home page, the
interview task, take it, record a contact attempt, fill in the interview (an error first), complete
it with an outcome; the task is done and the child's timeline shows the interview. Every page
passes axe."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from missinghub.accounts.models import Role
from missinghub.accounts.tests.factories import UserFactory
from missinghub.casework.models import ReturnInterview
from missinghub.casework.tests.returns import returned_ten_hours_ago
from missinghub.children.tests.factories import ChildFactory
from missinghub.kit.forms import LONDON
from missinghub.protocols.models import ProtocolTask, TaskKind, TaskStatus
from tests.browser.conftest import assert_accessible
from tests.browser.test_first_journey import PASSWORD, sign_in
from tests.browser.test_report_and_return_journey import fill_date


@pytest.fixture
def returned_child(agencies):
    child = ChildFactory(given_name="Kit", family_name="Journeyfield")
    returned_ten_hours_ago(agencies, child, "RI-1")
    return child


def fill_moment(page: Page, legend: str, moment: dt.datetime) -> None:
    local = moment.astimezone(LONDON)
    fill_date(
        page, legend, str(local.day), str(local.month), str(local.year), local.strftime("%H:%M")
    )


@pytest.mark.django_db(transaction=True)
def test_a_worker_completes_an_interview_from_the_task_list(
    page: Page, live_server, agencies, returned_child
) -> None:
    worker = UserFactory(
        agency=agencies["missing_team"], role=Role.MISSING_TEAM_WORKER, password=PASSWORD
    )
    sign_in(page, live_server.url, worker.username)
    tasks = page.get_by_role("table", name="Open tasks for your team")
    tasks.get_by_role("link", name="Return interview for Kit Journeyfield").click()
    expect(page.get_by_role("heading", name="Return interview", exact=True)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Assign to me").click()
    expect(page.get_by_text(f"Interview assigned to {worker}")).to_be_visible()

    page.get_by_role("button", name="Record a contact attempt").click()
    assert_accessible(page)
    fill_moment(page, "When did you try to make contact?", timezone.now() - dt.timedelta(hours=2))
    page.get_by_label("Phone call").check()
    page.get_by_label("Interview arranged").check()
    page.get_by_role("button", name="Record contact attempt").click()
    expect(page.get_by_text("Contact attempt recorded.")).to_be_visible()
    expect(page.get_by_role("table", name="Attempts to contact")).to_contain_text("Phone call")

    fill_moment(page, "When did the interview take place?", timezone.now() - dt.timedelta(hours=1))
    page.get_by_label("Where did it take place?").fill("Youth centre")
    page.get_by_label("Who was present?").fill("Kit and the worker")
    page.get_by_label("Conflict or arguments at home or in placement").check()
    page.get_by_label("To be with friends").check()
    page.get_by_label("In the child's own words").fill("I stayed at Sam's. I felt safe there.")
    page.get_by_role("button", name="Complete interview").click()  # no outcome chosen yet
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_label("In the child's own words")).to_have_value(
        "I stayed at Sam's. I felt safe there."
    )
    assert_accessible(page)

    page.get_by_label("Early help assessment (pre-CAF)").check()
    page.get_by_role("button", name="Complete interview").click()
    expect(page.get_by_text("Interview completed and its task done.")).to_be_visible()
    expect(page.get_by_text("I stayed at Sam's. I felt safe there.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Home").click()
    expect(page.get_by_role("link", name=re.compile("Return interview for"))).to_have_count(0)
    task = ProtocolTask.objects.get(kind=TaskKind.RETURN_INTERVIEW, child=returned_child)
    assert task.status == TaskStatus.DONE
    interview = ReturnInterview.objects.get(task=task)
    assert (interview.outcome, interview.assigned_to) == ("early_help", worker)
    assert interview.push_factors == ["conflict_at_home"]

    page.goto(f"{live_server.url}/children/{returned_child.pk}/")
    expect(
        page.get_by_role("link", name="Completed: Early help assessment (pre-CAF)")
    ).to_be_visible()
    assert_accessible(page)


@pytest.mark.django_db(transaction=True)
def test_screening_and_intervention_pages_from_the_child_page(
    page: Page, live_server, agencies, returned_child
) -> None:
    worker = UserFactory(
        agency=agencies["missing_team"], role=Role.MISSING_TEAM_WORKER, password=PASSWORD
    )
    sign_in(page, live_server.url, worker.username)
    page.goto(f"{live_server.url}/children/{returned_child.pk}/")
    page.get_by_role("link", name="Screen for child criminal exploitation").click()
    assert_accessible(page)
    found = page.get_by_role("group", name="Found in another town or county")
    found.get_by_label("Yes").check()
    page.get_by_role("button", name="Save screening").click()  # the others unanswered
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    for answer in page.locator('input[type="radio"][value="no"]').all():
        answer.check()
    page.get_by_role("group", name="Found in another town or county").get_by_label("Yes").check()
    page.get_by_role("button", name="Save screening").click()
    expect(page.get_by_text("Screening recorded: low level.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name=returned_child.full_name).click()
    page.get_by_role("link", name="Start an intervention").click()
    page.get_by_label("Mentoring").check()
    page.get_by_role("button", name="Start intervention").click()  # no planned end
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    end = timezone.localdate() + dt.timedelta(days=30)
    fill_date(page, "Planned end date", str(end.day), str(end.month), str(end.year))
    page.get_by_role("button", name="Start intervention").click()
    expect(page.get_by_text("Intervention started.")).to_be_visible()
    assert_accessible(page)
