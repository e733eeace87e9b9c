"""Must show (1) of issue 28: a care home records a managed risk assessment when a placement
starts; the report-missing form for that child shows it; after the episode a review task
appears and is completed. Every page passes axe."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from missinghub.accounts.models import Role
from missinghub.accounts.tests.factories import UserFactory
from missinghub.casework.models import AssessmentTaskReason, ManagedRiskAssessment
from missinghub.casework.models import RiskAssessmentTask as Task
from missinghub.children.models import (
    ChildIdentifier,
    IdentifierKind,
    LegalStatus,
    LegalStatusKind,
    PlacementArea,
    PlacementType,
)
from missinghub.children.services import record_placement
from missinghub.children.tests.factories import ChildFactory
from tests.browser.conftest import assert_accessible
from tests.browser.test_first_journey import PASSWORD, sign_in
from tests.browser.test_report_and_return_journey import fill_date


def _placed_child(agencies):
    """A looked-after child placed with the care home today (as social care records it)."""
    child = ChildFactory(given_name="Robin", family_name="Hazelbrook")
    today = timezone.localdate()
    LegalStatus.objects.create(
        child=child,
        status=LegalStatusKind.LOOKED_AFTER,
        start_date=today - dt.timedelta(days=30),
        responsible_authority=agencies["social_care"],
    )
    ChildIdentifier.objects.create(
        child=child,
        agency=agencies["police"],
        kind=IdentifierKind.POLICE_PERSON_REFERENCE,
        value="PR-RA-1",
    )
    record_placement(
        actor=None,
        child=child,
        placement_type=PlacementType.CHILDRENS_HOME,
        area=PlacementArea.IN_BOROUGH,
        start_date=today,
        provider=agencies["care_home"],
        placing_authority=agencies["social_care"],
    )
    return child


def _record_assessment(page: Page, task_name: str, hours: str) -> None:
    page.get_by_role("link", name=task_name).first.click()
    assert_accessible(page)
    page.get_by_label("What the home does before reporting").fill(
        "Ring Robin's phone and their friend Sam's mum; check the park and the bus station"
    )
    page.get_by_label("Report after a set number of hours").check()
    page.get_by_label("Hours before reporting").fill(hours)
    page.get_by_label("Report at once if (conditions)").fill("Seen with adults not known to us")
    page.get_by_label("Who the home tells").fill("Police on 101; the social worker")
    page.get_by_role("button", name="Save the assessment").click()
    expect(page.get_by_text("Managed risk assessment saved.")).to_be_visible()
    assert_accessible(page)


@pytest.mark.django_db(transaction=True)
def test_assessment_on_placement_shown_on_report_then_reviewed(
    page: Page, live_server, agencies, settings
) -> None:
    settings.MISSINGHUB_NOTIFICATION_DAYS = 36500
    home = UserFactory(agency=agencies["care_home"], role=Role.CARE_HOME_STAFF, password=PASSWORD)
    officer = UserFactory(agency=agencies["police"], role=Role.POLICE_OFFICER, password=PASSWORD)
    child = _placed_child(agencies)
    first = Task.objects.get(child=child)
    assert first.reason == AssessmentTaskReason.PLACEMENT_STARTED

    sign_in(page, live_server.url, home.username)
    expect(page.get_by_role("heading", name="Managed risk assessments to record or review"))
    assert_accessible(page)
    _record_assessment(page, "Placement started: record a managed risk assessment", "3")
    expect(page.get_by_text("Report after 3 hours if not back or found")).to_be_visible()
    first.refresh_from_db()
    assert first.status == "done"
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server.url, officer.username)
    page.goto(f"{live_server.url}/children/{child.pk}/report-missing/")
    expect(page.get_by_role("heading", name="The care home's managed risk assessment"))
    expect(page.get_by_text("Report after 3 hours if not back or found")).to_be_visible()
    expect(page.get_by_text("Seen with adults not known to us")).to_be_visible()
    assert_accessible(page)
    seen = timezone.localtime() - dt.timedelta(hours=5)
    reported = seen + dt.timedelta(hours=3)
    fill_date(page, "When was the child last seen?", *_parts(seen))
    fill_date(page, "When was the child reported?", *_parts(reported))
    page.get_by_label("Medium").check()
    page.get_by_label("Why this risk level?").fill("Not back 3 hours after curfew, as assessed")
    page.get_by_role("button", name="Report missing").click()
    expect(page.get_by_text("Robin Hazelbrook is reported missing")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server.url, home.username)
    page.goto(f"{live_server.url}/children/{child.pk}/")
    page.get_by_role("link", name="Missing", exact=True).first.click()
    page.get_by_role("button", name="Record a return").click()
    back = timezone.localtime() - dt.timedelta(hours=1)
    fill_date(page, "When did the child return or was found?", *_parts(back))
    page.get_by_label("Returned by self").check()
    page.get_by_role("button", name="Record return").click()
    expect(page.get_by_text("Return recorded for Robin Hazelbrook")).to_be_visible()
    review = Task.objects.get(child=child, reason=AssessmentTaskReason.AFTER_EPISODE)
    assert review.status == "open"

    page.get_by_role("link", name="Home").click()
    _record_assessment(page, "Review the managed risk assessment after an episode", "2")
    review.refresh_from_db()
    assert review.status == "done"
    assert ManagedRiskAssessment.objects.filter(child=child).count() == 2
    expect(page.get_by_text("Report after 2 hours if not back or found")).to_be_visible()
    expect(page.get_by_role("heading", name="Earlier assessments")).to_be_visible()


def _parts(moment: dt.datetime) -> tuple[str, str, str, str]:
    return (str(moment.day), str(moment.month), str(moment.year), moment.strftime("%H:%M"))
