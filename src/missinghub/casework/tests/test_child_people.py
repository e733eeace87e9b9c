"""The child's people (#24): an allocated social worker and named contacts, kept by social care
and the missing team through guarded pages, audited, shown on the child page; the letters name
the worker. Fictional people only."""

from uuid import uuid4

import pytest
from django.urls import reverse

from missinghub.accounts.models import Role
from missinghub.audit.enums import AuditVerb
from missinghub.audit.models import AuditEvent
from missinghub.casework.services.packs import offer_letter_pdf
from missinghub.casework.tests.scenarios import looked_after_child, report_episodes
from missinghub.casework.tests.test_panel_documents import pdf_text
from missinghub.children.models import ChildContact, ContactRole
from missinghub.children.services import (
    ContactDetails,
    ContactError,
    add_contact,
    change_contact,
    end_contact,
)

pytestmark = pytest.mark.django_db

WORKER = ContactDetails(
    role=ContactRole.ALLOCATED_SOCIAL_WORKER,
    name="Jo Allocated",
    agency="Testshire Social Care",
    phone="01632 960100",
)


@pytest.fixture
def held_child(agencies):
    """A looked-after child social care holds, reported missing once (the police and the
    missing team were told)."""
    child = looked_after_child(agencies, given_name="Robin", family_name="Casefield")
    report_episodes(child, agencies, [3])
    return child


def _form(**changes: str) -> dict[str, str]:
    return {
        "submission_id": str(uuid4()),
        "role": "parent",
        "name": "Morgan Casefield",
        "agency": "",
        "phone": "07700 900123",
        "email": "",
        **changes,
    }


def test_a_social_worker_adds_a_contact_once_and_the_child_page_shows_it(
    client, make_user, held_child
):
    child = held_child
    social_worker = make_user("social_care", Role.SOCIAL_WORKER)
    client.force_login(social_worker)
    url = reverse("casework:contact-new", args=[child.pk])
    assert client.get(url).status_code == 200
    data = _form()
    assert client.post(url, data)["Location"] == reverse("web:child", args=[child.pk])
    client.post(url, data)  # Back, then sent again: no second contact
    contact = ChildContact.objects.get(child=child)
    assert (contact.role, contact.name, contact.added_by) == (
        "parent",
        "Morgan Casefield",
        social_worker,
    )
    page = client.get(reverse("web:child", args=[child.pk])).content.decode()
    assert "Morgan Casefield" in page and "07700 900123" in page
    assert reverse("casework:contact-edit", args=[contact.pk]) in page
    added = AuditEvent.objects.filter(verb=AuditVerb.CHILD_CONTACT_ADDED, child_id=child.pk)
    assert list(added.values_list("detail", flat=True)) == [{"role": "parent"}]


def test_a_contact_needs_a_name_and_a_phone_or_email(client, make_user, held_child):
    child = held_child
    client.force_login(make_user("missing_team", Role.MISSING_TEAM_WORKER))
    url = reverse("casework:contact-new", args=[child.pk])
    response = client.post(url, _form(name="", phone=""))
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert "Enter their name" in page
    response = client.post(url, _form(phone="", email=""))
    assert "Enter a phone number or an email address" in response.content.decode()
    assert not ChildContact.objects.exists()
    with pytest.raises(ContactError, match="phone number or an email"):
        add_contact(
            actor=make_user("social_care", Role.SOCIAL_WORKER),
            child=child,
            details=ContactDetails(role=ContactRole.PARENT, name="Pat"),
        )


def test_allocating_a_new_social_worker_ends_the_last_one(make_user, held_child):
    child = held_child
    actor = make_user("social_care", Role.SOCIAL_WORKER)
    first = add_contact(actor=actor, child=child, details=WORKER)
    second = add_contact(
        actor=actor,
        child=child,
        details=ContactDetails(
            role=ContactRole.ALLOCATED_SOCIAL_WORKER, name="Lee Newworker", email="Lee@Example.org"
        ),
    )
    first.refresh_from_db()
    assert first.ended_at is not None and first.ended_by == actor
    assert second.is_current and second.email == "lee@example.org"
    ended = AuditEvent.objects.get(verb=AuditVerb.CHILD_CONTACT_ENDED)
    assert ended.target_id == str(first.pk)


def test_changing_and_ending_are_audited_with_the_fields_not_their_values(make_user, held_child):
    child = held_child
    actor = make_user("missing_team", Role.MISSING_TEAM_WORKER)
    contact = add_contact(actor=actor, child=child, details=WORKER)
    change_contact(
        actor=actor, contact=contact, details=ContactDetails(**{**WORKER.__dict__, "phone": "0"})
    )
    changed = AuditEvent.objects.get(verb=AuditVerb.CHILD_CONTACT_CHANGED)
    assert changed.detail == {"fields": ["phone"]}
    end_contact(actor=actor, contact=contact)
    with pytest.raises(ContactError, match="already been ended"):
        end_contact(actor=actor, contact=contact)
    with pytest.raises(ContactError, match="no longer holds the child"):
        change_contact(actor=actor, contact=contact, details=WORKER)


def test_only_social_care_and_the_missing_team_keep_the_childs_people(
    client, make_user, held_child
):
    child = held_child
    contact = add_contact(
        actor=make_user("social_care", Role.SOCIAL_WORKER), child=child, details=WORKER
    )
    officer = make_user("police", Role.POLICE_OFFICER)
    client.force_login(officer)
    page = client.get(reverse("web:child", args=[child.pk])).content.decode()
    assert "Jo Allocated" in page  # everyone who sees the child reads them
    assert reverse("casework:contact-edit", args=[contact.pk]) not in page
    for url in (
        reverse("casework:contact-new", args=[child.pk]),
        reverse("casework:contact-edit", args=[contact.pk]),
        reverse("casework:contact-end", args=[contact.pk]),
    ):
        assert client.post(url, _form()).status_code == 403
    contact.refresh_from_db()
    assert contact.is_current and contact.name == "Jo Allocated"


def test_the_end_page_ends_the_contact_and_a_second_send_changes_nothing(
    client, make_user, held_child
):
    child = held_child
    actor = make_user("social_care", Role.SOCIAL_WORKER)
    contact = add_contact(actor=actor, child=child, details=WORKER)
    client.force_login(actor)
    url = reverse("casework:contact-end", args=[contact.pk])
    assert "Does Jo Allocated no longer hold the child?" in client.get(url).content.decode()
    assert client.post(url)["Location"] == reverse("web:child", args=[child.pk])
    assert client.post(url)["Location"] == reverse("web:child", args=[child.pk])
    assert AuditEvent.objects.filter(verb=AuditVerb.CHILD_CONTACT_ENDED).count() == 1
    page = client.get(reverse("web:child", args=[child.pk])).content.decode()  # messages shown
    page = client.get(reverse("web:child", args=[child.pk])).content.decode()
    assert "Jo Allocated" not in page


def test_the_offer_letter_is_addressed_to_the_parents_and_names_the_worker(
    make_user, interview, worker
):
    child = interview.child
    actor = make_user("social_care", Role.SOCIAL_WORKER)
    add_contact(actor=actor, child=child, details=WORKER)
    add_contact(
        actor=actor,
        child=child,
        details=ContactDetails(role=ContactRole.PARENT, name="Morgan Casefield", phone="07700"),
    )
    text = pdf_text(offer_letter_pdf(user=worker, interview=interview))
    assert "Dear Morgan Casefield" in text
    assert "social worker is Jo Allocated" in text
    event = AuditEvent.objects.get(verb=AuditVerb.INTERVIEW_OFFER_LETTER)
    assert event.child_id == child.pk


def test_the_offer_letter_page_is_for_interviewers(client, interview, worker, make_user):
    url = reverse("casework:interview-offer-letter", args=[interview.pk])
    client.force_login(worker)
    response = client.get(url)
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    client.force_login(make_user("police", Role.POLICE_OFFICER))
    assert client.get(url).status_code == 403
