"""Pursue (issue #27, must show 2): a missing-team worker records an associate's phone number
from one child's return interview; another child's Philomena profile names the same number,
written another way, and a police officer records it from the profile; the protocol proposes
the number to the MACE panel and the chair sees the item with both children; the chair records
a Child Abduction Warning Notice owned by the officer, and it appears on the officer's home
page. The area protocol here proposes at 2 children (the shipped ones at 3): the threshold is
configuration. Every page passes axe; the network is drawn by Cytoscape under the strict CSP."""

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from missinghub.accounts.models import Role
from missinghub.accounts.tests.factories import UserFactory
from missinghub.casework.models import PanelKind, PanelMeeting, PhilomenaProfile
from missinghub.casework.services.interviews import open_interview
from missinghub.casework.services.panels import create_panel
from missinghub.casework.tests.returns import returned_ten_hours_ago
from missinghub.children.tests.factories import ChildFactory
from missinghub.kit.forms import LONDON
from missinghub.protocols.models import ProtocolTask, TaskKind
from missinghub.protocols.registry import SHIPPED_PROTOCOLS_DIR
from tests.browser.conftest import assert_accessible
from tests.browser.test_first_journey import PASSWORD, sign_in
from tests.browser.test_report_and_return_journey import fill_date


def record_phone(page: Page, number: str, relationship: str, *, offered: bool = False) -> None:
    """From the page the worker is on; `offered`: pick the number the page offers, prefilled."""
    page.get_by_role("link", name="Add a person, place, phone or vehicle of concern").click()
    assert_accessible(page)
    if offered:
        page.get_by_role("link", name=f"record {number}").click()
        expect(page.get_by_role("radio", name="Phone number")).to_be_checked()
    else:
        page.get_by_role("radio", name="Phone number").check()
        page.get_by_label("Name, address, phone number, registration or handle").fill(number)
    page.get_by_label("How the child knows them or it").fill(relationship)
    today = timezone.localdate()
    fill_date(
        page,
        "When was the child with, at or in touch with them?",
        str(today.day),
        str(today.month),
        str(today.year),
    )
    page.get_by_label("2: Untested").check()
    page.get_by_label("B: Known indirectly to the source but corroborated").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="People and places of concern")).to_be_visible()
    expect(page.locator("#network-graph[data-graph-drawn=true]")).to_have_count(1)
    assert_accessible(page)


@pytest.mark.django_db(transaction=True)
def test_one_number_from_two_children_reaches_the_panel_and_a_cawn_reaches_its_owner(
    page: Page, live_server, agencies, settings, tmp_path: Path
) -> None:
    protocol = tmp_path / "two-children.yaml"
    shipped = (SHIPPED_PROTOCOLS_DIR / "england-statutory.yaml").read_text(encoding="utf-8")
    protocol.write_text(shipped.replace("min_children: 3", "min_children: 2"), encoding="utf-8")
    settings.MISSINGHUB_ACTIVE_PROTOCOL = str(protocol)
    worker = UserFactory(
        agency=agencies["missing_team"], role=Role.MISSING_TEAM_WORKER, password=PASSWORD
    )
    officer = UserFactory(agency=agencies["police"], role=Role.POLICE_OFFICER, password=PASSWORD)
    chair = UserFactory(agency=agencies["social_care"], role=Role.PANEL_CHAIR, password=PASSWORD)
    robin = ChildFactory(given_name="Robin", family_name="Linkwater")
    sky = ChildFactory(given_name="Sky", family_name="Pursemoor")
    episode = returned_ten_hours_ago(agencies, robin, "PJ-1")
    returned_ten_hours_ago(agencies, sky, "PJ-2")
    task = ProtocolTask.objects.get(episode=episode, kind=TaskKind.RETURN_INTERVIEW)
    interview = open_interview(actor=worker, task=task)[0]
    panel = create_panel(actor=chair, name="Testshire MACE", kind=PanelKind.MACE)
    meeting = PanelMeeting.objects.create(
        panel=panel, meets_at=timezone.now() + dt.timedelta(days=7)
    )

    # The worker records the number Robin gave in the return interview.
    sign_in(page, live_server.url, worker.username)
    page.goto(f"{live_server.url}/casework/interviews/{interview.pk}/")
    record_phone(page, "07700 900123", "older friend who sends taxis")
    expect(page.get_by_role("row", name="Phone number: 07700 900123")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    # Sky's Philomena profile names the same number, written another way; the officer records
    # it from the profile, where the form offers the number the profile's text names.
    PhilomenaProfile.objects.create(
        child=sky, associates="Older friend 'T', calls from +44 (0)7700 900123 late at night."
    )
    sign_in(page, live_server.url, officer.username)
    page.goto(f"{live_server.url}/casework/children/{sky.pk}/philomena/")
    assert_accessible(page)
    record_phone(page, "07700900123", "associate named in the profile", offered=True)
    expect(page.get_by_role("link", name="Robin Linkwater")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    # The chair sees the proposed item with both children and adds it to the agenda.
    sign_in(page, live_server.url, chair.username)
    page.goto(f"{live_server.url}/pursue/proposals/")
    assert_accessible(page)
    card = page.locator(".govuk-summary-card")
    expect(card.get_by_role("heading")).to_contain_text("Phone number: 07700 900123")
    expect(card.get_by_role("link", name="Robin Linkwater")).to_be_visible()
    expect(card.get_by_role("link", name="Sky Pursemoor")).to_be_visible()
    card.get_by_role("button", name="Add to the agenda").click()
    expect(page.get_by_text("Added to the agenda.")).to_be_visible()
    assert meeting.items.count() == 2

    # The chair records a CAWN owned by the officer, on the number's page.
    page.goto(f"{live_server.url}/pursue/entities/{card_entity_id(meeting)}/")
    assert_accessible(page)
    page.get_by_role("radio", name="Child Abduction Warning Notice").check()
    page.get_by_label("What is to be done").fill("Serve a CAWN on the number's user")
    page.get_by_label("Owner").select_option(str(officer.pk))
    page.get_by_label("Child it protects (optional)").select_option(str(robin.pk))
    due = (timezone.now() + dt.timedelta(days=14)).astimezone(LONDON)
    fill_date(page, "Due date", str(due.day), str(due.month), str(due.year))
    page.get_by_role("button", name="Record the action").click()
    expect(page.get_by_text("Disruption action recorded.")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    # The officer finds it on their home page.
    sign_in(page, live_server.url, officer.username)
    actions = page.locator("#my-disruption-actions")
    expect(actions).to_contain_text("Child Abduction Warning Notice")
    expect(actions).to_contain_text("Serve a CAWN on the number's user")
    assert_accessible(page)

    # The officer searches the number, written a third way, from the service menu.
    page.get_by_role("link", name="Pursue").click()
    search = page.get_by_label("Phone number, postcode, registration, handle or name")
    search.fill("0044 7700900123")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("link", name="Phone number: 07700 900123")).to_be_visible()
    assert_accessible(page)


def card_entity_id(meeting: PanelMeeting) -> int:
    from missinghub.pursue.models import ConcernProposal

    return ConcernProposal.objects.get(meeting=meeting).entity_id
