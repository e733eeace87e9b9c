"""The panel pack and the letter to a child render as PDFs whose text a PDF reader finds."""

import datetime as dt
from io import BytesIO

import pytest
from django.utils import timezone
from pypdf import PdfReader

from missinghub.accounts.models import Role
from missinghub.audit.enums import AuditVerb
from missinghub.audit.models import AuditEvent
from missinghub.casework.models import PanelKind
from missinghub.casework.services.packs import letter_pdf, panel_pack_pdf
from missinghub.casework.services.panels import (
    add_child_to_agenda,
    agree_action,
    create_panel,
    record_discussion,
    schedule_meeting,
)
from missinghub.casework.tests.scenarios import looked_after_child, report_episodes
from missinghub.children.models import ContactRole
from missinghub.children.services import ContactDetails, add_contact
from missinghub.children.tests.factories import ChildFactory


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF-")
    reader = PdfReader(BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture
def chair(make_user):
    return make_user("social_care", Role.PANEL_CHAIR)


@pytest.fixture
def meeting(chair):
    panel = create_panel(actor=chair, name="Testshire MACE", kind=PanelKind.MACE)
    return schedule_meeting(
        actor=chair, panel=panel, meets_at=timezone.now() + dt.timedelta(days=3), location="Room 4"
    )


def test_the_panel_pack_holds_each_visible_child_with_history_views_and_actions(
    meeting, chair, agencies
):
    child = looked_after_child(agencies, given_name="Jamie", family_name="Packwell")
    report_episodes(child, agencies, [30, 12, 4])
    item = add_child_to_agenda(
        actor=chair, meeting=meeting, child=child, reason="Seen with older males at the station"
    )
    add_child_to_agenda(actor=chair, meeting=meeting, child=ChildFactory(), reason="Unshared")
    record_discussion(
        actor=chair,
        item=item,
        discussion="Agreed disruption plan with police.",
        child_voice="They buy me food, that's all.",
    )
    agree_action(
        actor=chair,
        item=item,
        description="Police to visit known address",
        owner=chair,
        due_date=timezone.localdate() + dt.timedelta(days=7),
    )

    text = pdf_text(panel_pack_pdf(user=chair, meeting=meeting))

    for expected in (
        "Panel pack: Testshire MACE",
        "Room 4",
        "Jamie Packwell",
        "Seen with older males at the station",
        "Episodes in the last 12 months (3)",
        "They buy me food, that's all.",
        "Police to visit known address",
        "1 other child on this agenda is held by agencies",
    ):
        assert expected in text
    assert AuditEvent.objects.filter(verb=AuditVerb.PANEL_PACK_PRODUCED, actor=chair).exists()
    assert AuditEvent.objects.filter(verb=AuditVerb.CHILDREN_LISTED, child_id=child.pk).exists()


def test_the_letter_invites_the_child_to_give_their_views(meeting, chair, agencies):
    child = looked_after_child(agencies, given_name="Jamie", family_name="Packwell")
    item = add_child_to_agenda(actor=chair, meeting=meeting, child=child, reason="Concern")

    text = pdf_text(letter_pdf(item))

    assert "Dear Jamie," in text
    assert (
        meeting.meets_at.astimezone(timezone.get_current_timezone()).strftime("%-d %B %Y") in text
    )
    assert "Testshire MACE" in text and "My views" in text
    assert "tell your worker and they" in text  # no allocated worker recorded yet


def test_the_letter_names_the_childs_allocated_social_worker(meeting, chair, agencies):
    child = looked_after_child(agencies, given_name="Jamie", family_name="Packwell")
    add_contact(
        actor=chair,
        child=child,
        details=ContactDetails(
            role=ContactRole.ALLOCATED_SOCIAL_WORKER, name="Jo Allocated", phone="01632 960100"
        ),
    )
    item = add_child_to_agenda(actor=chair, meeting=meeting, child=child, reason="Concern")
    text = pdf_text(letter_pdf(item))
    assert "tell your worker, Jo Allocated (01632 960100), and they" in text
