"""The panel, Philomena and CME pages: the chair's agenda and item forms, the photo served only to
those who may see the child (never cached, each look audited), a stale profile save refused on
the page with the worker's text kept, the grab pack PDF, and the school's CME referral."""

import datetime as dt
from uuid import uuid4

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from missinghub.accounts.models import Role
from missinghub.audit.enums import AuditVerb
from missinghub.audit.models import AuditEvent
from missinghub.casework.models import CmeReferral, GrabPack, PanelKind
from missinghub.casework.services.panels import add_child_to_agenda, create_panel, schedule_meeting
from missinghub.casework.services.philomena import start_profile
from missinghub.casework.tests.scenarios import looked_after_child, picture, report_episodes
from missinghub.casework.tests.test_philomena import FIRST
from missinghub.children.models import IdentifierKind
from missinghub.children.tests.factories import ChildIdentifierFactory
from missinghub.kit.forms import LONDON

PASSWORD = "correct-horse-battery"


@pytest.fixture(autouse=True)
def _private_folder(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def signed_in(client, sign_in):
    def as_user(user):
        sign_in(client, user, PASSWORD)
        return client

    return as_user


@pytest.fixture
def child(agencies):
    return looked_after_child(agencies, given_name="Quinn", family_name="Pagewood")


def test_the_chair_records_discussion_and_an_action_on_the_item_page(signed_in, make_user, child):
    chair = make_user("social_care", Role.PANEL_CHAIR)
    panel = create_panel(actor=chair, name="Testshire VEMT", kind=PanelKind.VEMT)
    meeting = schedule_meeting(
        actor=chair, panel=panel, meets_at=timezone.now() + dt.timedelta(days=2)
    )
    item = add_child_to_agenda(actor=chair, meeting=meeting, child=child, reason="Concern")
    client = signed_in(chair)

    agenda = client.get(reverse("casework:panel-meeting", args=[meeting.pk]))
    assert agenda.status_code == 200 and "Quinn Pagewood" in agenda.content.decode()

    url = reverse("casework:agenda-item", args=[item.pk])
    client.post(url, {"form": "discussion", "discussion": "Safety plan agreed", "child_voice": ""})
    due = timezone.localdate() + dt.timedelta(days=10)
    client.post(
        url,
        {
            "form": "action",
            "description": "Return interview follow-up",
            "owner": chair.pk,
            "due_day": due.day,
            "due_month": due.month,
            "due_year": due.year,
            "submission_id": str(uuid4()),
        },
    )
    item.refresh_from_db()
    assert item.discussion == "Safety plan agreed"
    assert [(a.description, a.due_date) for a in item.actions.all()] == [
        ("Return interview follow-up", due)
    ]
    letter = client.post(reverse("casework:agenda-item-letter", args=[item.pk]))
    assert letter["Content-Type"] == "application/pdf"
    pack = client.get(reverse("casework:panel-pack", args=[meeting.pk]))
    assert pack.status_code == 200 and pack.content.startswith(b"%PDF-")


def test_the_photo_is_served_only_to_those_who_may_see_the_child(signed_in, make_user, child):
    carer = make_user("care_home", Role.CARE_HOME_STAFF)
    start_profile(actor=carer, child=child, content=FIRST)
    client = signed_in(carer)
    upload = SimpleUploadedFile("holiday.gif", picture("JPEG"), content_type="image/gif")
    response = client.post(
        reverse("casework:philomena-photo-upload", args=[child.pk]),
        {"version": 1, "photo": upload},
    )
    assert response.status_code == 302

    photo = client.get(reverse("casework:philomena-photo", args=[child.pk]))
    assert photo.status_code == 200 and photo["Content-Type"] == "image/jpeg"
    assert photo["Cache-Control"] == "private, no-store"
    assert AuditEvent.objects.filter(verb=AuditVerb.PHILOMENA_PHOTO_VIEWED, actor=carer).exists()

    client.logout()
    stranger = signed_in(make_user("other_police", Role.POLICE_OFFICER))
    refused = stranger.get(reverse("casework:philomena-photo", args=[child.pk]))
    assert refused.status_code == 404


def test_a_stale_profile_save_is_refused_on_the_page_and_keeps_my_text(signed_in, make_user, child):
    carer = make_user("care_home", Role.CARE_HOME_STAFF)
    profile = start_profile(actor=carer, child=child, content=FIRST)
    client = signed_in(carer)
    url = reverse("casework:philomena-edit", args=[child.pk])
    fields = FIRST.cleaned()
    client.post(url, {**fields, "version": 1, "associates": "Colleague's change"})

    response = client.post(url, {**fields, "version": 1, "associates": "My change"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this profile after you opened it" in page
    assert "My change" in page
    profile.refresh_from_db()
    assert (profile.version, profile.associates) == (2, "Colleague's change")


def test_the_police_produce_a_grab_pack_for_a_child_missing_now(
    signed_in, make_user, child, agencies
):
    start_profile(actor=make_user("care_home", Role.CARE_HOME_STAFF), child=child, content=FIRST)
    *_, missing = report_episodes(child, agencies, [0], last_open=True)
    client = signed_in(make_user("police", Role.POLICE_OFFICER))

    response = client.post(
        reverse("casework:grab-pack-new", args=[missing.pk]),
        {
            "last_seen_clothing": "Red hoodie, black jeans",
            "last_seen_details": "",
            "submission_id": str(uuid4()),
        },
    )

    pack = GrabPack.objects.get(episode=missing)
    assert response["Location"] == reverse("casework:grab-pack", args=[pack.pk])
    pdf = client.get(response["Location"])
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")


def test_a_school_refers_a_pupil_missing_education(signed_in, make_user, agencies, child):
    ChildIdentifierFactory(
        child=child, agency=agencies["school"], kind=IdentifierKind.SCHOOL_UPN, value="Q1"
    )
    client = signed_in(make_user("school", Role.SCHOOL_SAFEGUARDING_LEAD))
    today = timezone.now().astimezone(LONDON).date()
    response = client.post(
        reverse("casework:cme-refer", args=[child.pk]),
        {
            "ground": "moved_away",
            "referred_day": today.day,
            "referred_month": today.month,
            "referred_year": today.year,
            "referred_to": agencies["missing_team"].pk,
            "submission_id": str(uuid4()),
        },
    )
    referral = CmeReferral.objects.get(child=child)
    assert response["Location"] == reverse("casework:cme", args=[referral.pk])
    listing = client.get(reverse("casework:cme-list"))
    assert "Quinn Pagewood" in listing.content.decode()


def test_the_child_page_links_to_the_profile_and_the_cme_referral(signed_in, make_user, child):
    carer = make_user("care_home", Role.CARE_HOME_STAFF)
    page = signed_in(carer).get(reverse("web:child", args=[child.pk])).content.decode()
    assert reverse("casework:philomena-edit", args=[child.pk]).rsplit("edit/", 1)[0] in page
    assert "Start a Philomena profile" in page
    assert reverse("casework:cme-refer", args=[child.pk]) not in page
