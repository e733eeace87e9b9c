"""#24 must show 1: every role given tasks walks from its home page through each of them to its
completion on the real pages, and the home page is empty of them afterwards. The school refers a
pupil missing education; the missing-team worker does two return interviews (one ends in child
protection) and acknowledges every notification; the police early-intervention youth worker
records the visit and the child protection unit acknowledges the alert; the care home reads what
it was told; the panel chair takes the VEMT referral to the agenda, records the discussion and
agrees an action; the social worker acknowledges the child protection alert and notifications,
records the child's people and does the panel action. The world is built with services
(day_world.py). Every page passes axe."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from missinghub.casework.models import CmeReferral, ReturnInterview
from missinghub.episodes.models import Notification
from missinghub.protocols.models import ProtocolTask, TaskStatus
from tests.browser.conftest import assert_accessible
from tests.browser.day_world import DayWorld, build_day
from tests.browser.test_first_journey import sign_in
from tests.browser.test_interview_journey import fill_moment
from tests.browser.test_report_and_return_journey import fill_date

TASKS = "Open tasks for your team"


def home(page: Page) -> None:
    page.get_by_role("link", name="Home").first.click()
    expect(page.get_by_role("heading", name="Home", exact=True)).to_be_visible()


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def task_link(page: Page, name: str | re.Pattern[str]) -> Locator:
    return page.get_by_role("table", name=TASKS).get_by_role("link", name=name)


def expect_nothing_left(page: Page) -> None:
    home(page)
    expect(page.get_by_text("Your team has no open tasks.")).to_be_visible()
    expect(page.get_by_text("No notifications waiting to be acknowledged.")).to_be_visible()
    expect(page.get_by_role("heading", name="Your panel actions")).to_have_count(0)
    assert_accessible(page)


def acknowledge_every_notification(page: Page, what_was_done: str) -> int:
    done = 0
    home(page)
    acknowledge = page.get_by_role("link", name=re.compile("^Acknowledge the notification"))
    while acknowledge.count():
        acknowledge.first.click()
        acknowledge_here(page, what_was_done, check_page=not done)
        done += 1
    return done


def acknowledge_here(page: Page, what_was_done: str, *, check_page: bool = True) -> None:
    """On an alert's page: say what was done, acknowledge, and see it confirmed."""
    if check_page:
        assert_accessible(page)
    page.get_by_label("What was done").fill(what_was_done)
    page.get_by_role("button", name="Acknowledge").click()
    expect(page.get_by_text("Acknowledged.", exact=True)).to_be_visible()


def do_interview(page: Page, child: str, outcome: str, words: str) -> None:
    task_link(page, f"Return interview for {child}").click()
    expect(page.get_by_role("heading", name="Return interview", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Assign to me").click()
    fill_moment(page, "When did the interview take place?", timezone.now() - dt.timedelta(hours=1))
    page.get_by_label("Where did it take place?").fill("Youth centre")
    page.get_by_label("Who was present?").fill(f"{child} and the worker")
    page.get_by_label("In the child's own words").fill(words)
    page.get_by_label(outcome).check()
    page.get_by_role("button", name="Complete interview").click()
    expect(page.get_by_text("Interview completed and its task done.")).to_be_visible()
    assert_accessible(page)
    home(page)
    expect(task_link(page, f"Return interview for {child}")).to_have_count(0)


def school_refers_a_pupil(page: Page, url: str, world: DayWorld) -> None:
    sign_in(page, url, world.school_lead.username)
    expect(page.get_by_text("Your team has no open tasks.")).to_be_visible()
    page.goto(f"{url}/search/?q=Offroll")
    page.get_by_role("link", name="Sam Offroll").click()
    page.get_by_role("link", name="Refer as a child missing education").click()
    assert_accessible(page)
    page.get_by_label("Absent 20 school days, whereabouts unknown").check()
    today = timezone.localdate()
    fill_date(page, "Date of referral", str(today.day), str(today.month), str(today.year))
    page.get_by_label("Council team to tell").select_option(label="Testshire Missing Team")
    page.get_by_role("button", name="Send the referral").click()
    expect(page.get_by_text("Referral sent to Testshire Missing Team.")).to_be_visible()
    assert_accessible(page)
    assert CmeReferral.objects.get(child=world.pupil).referred_by == world.school_lead
    expect_nothing_left(page)
    sign_out(page)


def worker_does_interviews_and_notifications(page: Page, url: str, world: DayWorld) -> None:
    sign_in(page, url, world.worker.username)
    do_interview(page, "Pat Firsttime", "No further action", "I went to the park with mates.")
    do_interview(
        page,
        "Kit Returnfield",
        "Child protection procedures now",
        "The man at the flat hit me and took my phone.",
    )
    # Five reports and the school's referral told the missing team.
    assert acknowledge_every_notification(page, "Read; the return interviews are booked.") == 6
    expect_nothing_left(page)
    sign_out(page)


def police_visit_and_child_protection_alert(page: Page, url: str, world: DayWorld) -> None:
    sign_in(page, url, world.officer.username)
    task_link(page, "Youth-worker visit for Pat Firsttime").click()
    assert_accessible(page)
    today = timezone.localdate()
    fill_date(page, "When was the visit?", str(today.day), str(today.month), str(today.year))
    page.get_by_role("group", name="Did you see the child?").get_by_label("Yes").check()
    took_up = page.get_by_role("group", name="Did the child take up further support?")
    took_up.get_by_label("Yes").check()
    page.get_by_label("Further youth-work support agreed").check()
    page.get_by_role("button", name="Record the visit").click()
    expect(page.get_by_text("Visit recorded and its task done.")).to_be_visible()
    # The child protection outcome of Kit's interview alerted the police child protection unit.
    alert = page.get_by_role("link", name="Acknowledge the notification about Kit Returnfield")
    alert.click()
    expect(page.get_by_text("for the police child protection unit")).to_be_visible()
    acknowledge_here(page, "Strategy discussion held with social care; PPN filed.")
    expect_nothing_left(page)
    sign_out(page)


def care_home_reads_its_notifications(page: Page, url: str, world: DayWorld) -> None:
    sign_in(page, url, world.care_home.username)
    # Robin's home was told of each of the three episodes.
    assert acknowledge_every_notification(page, "Read; added to Robin's missing plan.") == 3
    expect_nothing_left(page)
    sign_out(page)


def chair_takes_the_referral(page: Page, url: str, world: DayWorld) -> None:
    sign_in(page, url, world.chair.username)
    task_link(page, "Panel referral for Robin Agendale").click()
    expect(page.get_by_role("heading", name="Robin Agendale")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("What the panel discussed and decided").fill(
        "Three episodes in 90 days; seen with older youths near the station."
    )
    page.get_by_role("button", name="Save the discussion").click()
    expect(page.get_by_text("Discussion recorded.")).to_be_visible()
    page.get_by_label("What is to be done").fill("Safety plan agreed with the home")
    page.get_by_label("Who owns it").select_option(label=str(world.social_worker))
    due = timezone.localdate() + dt.timedelta(days=7)
    fill_date(page, "Due by", str(due.day), str(due.month), str(due.year))
    page.get_by_role("button", name="Agree action").click()
    expect(page.get_by_text("Action agreed.")).to_be_visible()
    assert_accessible(page)
    home(page)
    expect(task_link(page, "Panel referral for Robin Agendale")).to_have_count(0)
    sign_out(page)


def social_worker_closes_the_day(page: Page, url: str, world: DayWorld) -> None:
    sign_in(page, url, world.social_worker.username)
    task_link(page, re.compile("^Social care alert for Kit Returnfield", re.IGNORECASE)).click()
    acknowledge_here(page, "Strategy meeting held; section 47 enquiry opened.")
    assert acknowledge_every_notification(page, "Read; the child's plan is updated.") == 4
    # The child's people: the social worker records themselves as Kit's allocated worker.
    page.goto(f"{url}/search/?q=Returnfield")
    page.get_by_role("link", name="Kit Returnfield").click()
    page.get_by_role("link", name="Add one of the child's people").click()
    assert_accessible(page)
    page.get_by_label("Allocated social worker").check()
    page.get_by_label("Name").fill("Sol Carer")
    page.get_by_label("Phone number").fill("01632 960123")
    page.get_by_role("button", name="Add person").click()
    expect(page.get_by_text("Sol Carer added to Kit Returnfield's people.")).to_be_visible()
    assert_accessible(page)
    home(page)
    page.get_by_role("link", name="Safety plan agreed with the home").click()
    page.get_by_role("button", name=re.compile("^Mark done")).click()
    expect(page.get_by_text("Action marked as done.")).to_be_visible()
    expect_nothing_left(page)
    sign_out(page)


@pytest.mark.django_db(transaction=True)
def test_every_role_finishes_its_tasks_and_its_home_page_empties(
    page: Page, live_server, agencies, settings
) -> None:
    world = build_day(agencies, settings)
    url = live_server.url
    school_refers_a_pupil(page, url, world)
    worker_does_interviews_and_notifications(page, url, world)
    police_visit_and_child_protection_alert(page, url, world)
    care_home_reads_its_notifications(page, url, world)
    chair_takes_the_referral(page, url, world)
    social_worker_closes_the_day(page, url, world)
    # The chair shares social care's task list: empty now the alert is acknowledged too.
    sign_in(page, url, world.chair.username)
    expect_nothing_left(page)
    assert not ProtocolTask.objects.filter(status=TaskStatus.OPEN).exists()
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    assert ReturnInterview.objects.filter(outcome="child_protection").count() == 1
