"""#24 must show 1, the police supervisor: two children missing under Hartlepool's protocol
(its `police_reviews` block reviews every risk level while the child is missing), so the force
has a police review due for each; the care home that reported one of them told the force. The
supervisor opens each review from the home page and records it on its page: the first says the
risk is still right (the next review is then scheduled, and shows on the home page), the second
says it is not and the supervisor regrades it. Both children are then found, and recording each
return cancels the review still scheduled: the home page is empty afterwards. What remains open
is the missing team's: a return interview for each child. Every page passes axe."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from missinghub.accounts.models import Agency, Role
from missinghub.accounts.tests.factories import UserFactory
from missinghub.casework.models import PoliceReview
from missinghub.casework.tests.scenarios import report_episodes
from missinghub.children.tests.factories import ChildFactory
from missinghub.episodes.intake import report_missing
from missinghub.episodes.models import EpisodeCategory, RiskLevel
from missinghub.protocols.models import ProtocolTask, TaskKind, TaskStatus
from tests.browser.conftest import assert_accessible
from tests.browser.test_day_closes_journey import (
    acknowledge_every_notification,
    expect_nothing_left,
    home,
    sign_out,
    task_link,
)
from tests.browser.test_first_journey import PASSWORD, sign_in
from tests.browser.test_interview_journey import fill_moment


def _missing_children(agencies: dict[str, Agency], settings: object) -> None:
    """Mo, reported by the force an hour ago; Lee, reported by the care home, which told the
    force. Both at medium risk: a review due 12 hours after the report."""
    settings.MISSINGHUB_ACTIVE_PROTOCOL = "hartlepool-vemt"  # type: ignore[attr-defined]
    report_episodes(
        ChildFactory(given_name="Mo", family_name="Stillout"), agencies, [0], last_open=True
    )
    reported = timezone.now() - dt.timedelta(hours=2)
    report_missing(
        actor=None,
        child=ChildFactory(given_name="Lee", family_name="Nightwalk"),
        category=EpisodeCategory.MISSING,
        last_seen_at=reported - dt.timedelta(hours=1),
        reported_at=reported,
        reporting_agency=agencies["care_home"],
        source_system="browser-test",
        source_reference="SUP-1",
        risk_level=RiskLevel.MEDIUM,
        risk_reason="Not back from college; phone off",
        notify=(agencies["police"],),
    )


def record_review(page: Page, child: str, *, risk_right: bool) -> str:
    """Open the child's review from the home page and record it; the review page's address."""
    home(page)
    task_link(page, f"Police review for {child}").click()
    expect(page.get_by_role("heading", name="Record the police review")).to_be_visible()
    assert_accessible(page)
    address = page.url
    fill_moment(page, "When was the review?", timezone.now() - dt.timedelta(minutes=5))
    page.get_by_label("What the investigation has done and found").fill(
        "Friends and the college called; phone last used near the station."
    )
    page.get_by_label("What happens next").fill("Check the station's cameras.")
    right = page.get_by_role("group", name="Is the risk level still right?")
    right.get_by_label("Yes" if risk_right else "No").check()
    page.get_by_role("button", name="Record the review").click()
    expect(page.get_by_text("Review recorded and its task done.")).to_be_visible()
    assert_accessible(page)
    return address


def regrade_to_high(page: Page) -> None:
    """On the regrade page the review led to (the risk was not right)."""
    expect(page.get_by_role("heading", name="Regrade the risk")).to_be_visible()
    page.get_by_label("High").check()
    page.get_by_label("Why does the risk level change?").fill("Seen with an adult of concern")
    page.get_by_role("button", name="Regrade the risk").click()
    expect(page.get_by_text("Risk regraded.")).to_be_visible()
    assert_accessible(page)


def record_the_return(page: Page, child: str) -> None:
    """The child is found: from the next review's page to the episode, and its return."""
    task_link(page, f"Police review for {child}").click()
    page.get_by_role("link", name="Open the episode: its risk history and police log").click()
    page.get_by_role("button", name="Record a return").click()
    assert_accessible(page)
    fill_moment(page, "When did the child return or was found?", timezone.now())
    page.get_by_label("Found by police").check()
    page.get_by_role("button", name="Record return").click()
    expect(page.get_by_text(f"Return recorded for {child}")).to_be_visible()


def expect_review_gone(page: Page, address: str) -> None:
    home(page)
    path = re.sub(r"^https?://[^/]+", "", address)
    expect(page.locator(f'a[href="{path}"]')).to_have_count(0)


@pytest.mark.django_db(transaction=True)
def test_the_police_supervisor_finishes_the_reviews_and_the_home_page_empties(
    page: Page, live_server, agencies, settings
) -> None:
    _missing_children(agencies, settings)
    supervisor = UserFactory(
        agency=agencies["police"],
        role=Role.POLICE_SUPERVISOR,
        password=PASSWORD,
        first_name="Sue",
        last_name="Pervisor",
    )
    sign_in(page, live_server.url, supervisor.username)
    assert acknowledge_every_notification(page, "Read; the review is booked.") == 1

    first = record_review(page, "Mo Stillout", risk_right=True)
    expect_review_gone(page, first)
    # Mo is still missing: the next review is due 12 hours (medium) after this one.
    expect(task_link(page, "Police review for Mo Stillout")).to_have_count(1)
    record_the_return(page, "Mo Stillout")

    second = record_review(page, "Lee Nightwalk", risk_right=False)
    regrade_to_high(page)
    expect_review_gone(page, second)
    # Lee is still missing at high risk: the next review is due 6 hours on.
    expect(task_link(page, "Police review for Lee Nightwalk")).to_have_count(1)
    record_the_return(page, "Lee Nightwalk")

    expect_nothing_left(page)
    sign_out(page)
    reviews = ProtocolTask.objects.filter(kind=TaskKind.POLICE_REVIEW)
    assert sorted(reviews.values_list("status", flat=True)) == sorted(
        [TaskStatus.DONE, TaskStatus.DONE, TaskStatus.CANCELLED, TaskStatus.CANCELLED]
    )
    assert PoliceReview.objects.count() == 2
    assert not ProtocolTask.objects.filter(
        owner_agency=agencies["police"], status=TaskStatus.OPEN
    ).exists()
    # What remains is the missing team's: each child's return interview.
    remaining = ProtocolTask.objects.filter(status=TaskStatus.OPEN)
    assert sorted(remaining.values_list("kind", "child__family_name")) == [
        (TaskKind.RETURN_INTERVIEW, "Nightwalk"),
        (TaskKind.RETURN_INTERVIEW, "Stillout"),
    ]
