"""The pages: police and the missing and exploitation teams see the network; schools, care homes
and analysts see no page of it (refused and audited); every page writes its own audit verb."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from missinghub.accounts.models import Role
from missinghub.audit.models import AuditEvent
from missinghub.pursue.models import ConcernProposal, DisruptionAction, Entity, EntityKind
from missinghub.pursue.services import Grading, Mention, record_action, record_link

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorded(worker, officer, children, meeting):
    """Three children linked to one phone (so a proposal waits), and a CAWN the officer owns."""
    for child in children[:3]:
        record_link(
            actor=worker,
            child=child,
            mention=Mention(kind=EntityKind.PHONE, value="07700 900123"),
            source="return_interview",
            seen_on=timezone.localdate(),
            grading=Grading(),
        )
    phone = Entity.objects.get()
    action = record_action(
        actor=worker,
        entity=phone,
        kind="intelligence",
        description="Pass the number to the force intelligence bureau",
        owner=officer,
        due_date=timezone.localdate() + dt.timedelta(days=3),
    )
    return {"phone": phone, "action": action, "proposal": ConcernProposal.objects.get()}


def every_page(children, recorded) -> dict[str, str]:
    child = children[0].pk
    return {
        "pursue.network_viewed": reverse("pursue:network", args=[child]),
        "pursue.entity_viewed": reverse("pursue:entity", args=[recorded["phone"].pk]),
        "pursue.proposals_viewed": reverse("pursue:proposals"),
        "pursue.groups_viewed": reverse("pursue:groups"),
        "pursue.searched": reverse("pursue:search") + "?q=07700900123",
        "child.viewed": reverse("pursue:link-new", args=[child]),
        "pursue.action_viewed": reverse("pursue:action", args=[recorded["action"].pk]),
    }


@pytest.mark.parametrize(
    ("agency", "role"),
    [
        ("school", Role.SCHOOL_SAFEGUARDING_LEAD),
        ("care_home", Role.CARE_HOME_STAFF),
        ("police", Role.ANALYST),
        ("social_care", Role.SOCIAL_WORKER),
    ],
)
def test_schools_care_homes_and_analysts_see_no_page_of_the_network(
    client: Client, make_user, children, recorded, agency, role
) -> None:
    client.force_login(make_user(agency, role))
    pages = every_page(children, recorded)
    for url in pages.values():
        assert client.get(url).status_code == 403, url
    post = client.post(reverse("pursue:proposal-decide", args=[recorded["proposal"].pk]))
    assert post.status_code == 403
    assert AuditEvent.objects.filter(verb="access.refused").count() == len(pages) + 1
    assert not AuditEvent.objects.filter(verb__in=list(pages)).exists()


def test_every_page_is_audited_with_its_own_verb(client: Client, officer, children, recorded):
    client.force_login(officer)
    for verb, url in every_page(children, recorded).items():
        before = AuditEvent.objects.filter(actor=officer).count()
        assert client.get(url).status_code == 200, url
        assert AuditEvent.objects.filter(actor=officer).count() > before, url
        assert AuditEvent.objects.filter(actor=officer, verb=verb).exists(), verb


def test_the_network_table_names_the_children_sharing_a_contact(
    client: Client, officer, children, recorded
) -> None:
    client.force_login(officer)
    page = client.get(reverse("pursue:network", args=[children[0].pk])).content.decode()
    assert "07700 900123" in page
    assert children[1].full_name in page and children[2].full_name in page
    assert 'id="network-data"' in page and "cytoscape.min.js" in page
    listed = AuditEvent.objects.filter(verb="child.listed", actor=officer)
    assert set(listed.values_list("child_id", flat=True)) == {children[1].pk, children[2].pk}


def test_a_child_the_user_may_not_see_is_not_found(client: Client, make_user, children) -> None:
    stranger = make_user("other_police", Role.POLICE_OFFICER)
    client.force_login(stranger)
    assert client.get(reverse("pursue:network", args=[children[0].pk])).status_code == 404
    assert AuditEvent.objects.filter(verb="access.refused", child_id=children[0].pk).exists()


def test_the_record_form_names_a_wrong_number_at_the_field(client: Client, worker, children):
    client.force_login(worker)
    url = reverse("pursue:link-new", args=[children[0].pk])
    form = {
        "kind": "phone",
        "value": "+33 6 12 34 56 78",
        "source": "return_interview",
        "source_evaluation": "2",
        "intelligence_assessment": "B",
        "handling_code": "P",
        "seen_day": "3",
        "seen_month": "11",
        "seen_year": "2026",
    }
    page = client.post(url, form).content.decode()
    assert "Enter a real one: it is not a UK number (+44)" in page
    form["value"] = "+44 7700 900456"
    response = client.post(url, form)
    assert response.status_code == 302
    assert Entity.objects.get().label == "07700 900456"


def test_the_chair_accepts_a_proposal_and_the_owner_sees_the_action_on_home(
    client: Client, chair, officer, children, recorded, meeting
) -> None:
    client.force_login(chair)
    page = client.get(reverse("pursue:proposals")).content.decode()
    assert "Location or person of concern" in page and children[2].full_name in page
    url = reverse("pursue:proposal-decide", args=[recorded["proposal"].pk])
    client.post(url, {"decision": "accept"})
    assert meeting.items.count() == 3
    client.force_login(officer)
    home = client.get(reverse("web:home")).content.decode()
    assert "Pass the number to the force intelligence bureau" in home
    DisruptionAction.objects.update(done_on=timezone.localdate(), outcome="Passed")
    assert "force intelligence bureau" not in client.get(reverse("web:home")).content.decode()


def test_interview_and_philomena_pages_link_to_the_record_form(
    client: Client, worker, children
) -> None:
    client.force_login(worker)
    page = client.get(reverse("casework:philomena", args=[children[0].pk])).content.decode()
    expected = reverse("pursue:link-new", args=[children[0].pk]) + "?source=philomena_profile"
    assert expected in page


def test_the_form_refuses_a_day_in_the_future(client: Client, worker, children):
    client.force_login(worker)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    form = {
        "kind": "vehicle",
        "value": "AB12 CDE",
        "source": "police_log",
        "source_evaluation": "1",
        "intelligence_assessment": "A",
        "handling_code": "P",
        "seen_day": str(tomorrow.day),
        "seen_month": str(tomorrow.month),
        "seen_year": str(tomorrow.year),
    }
    page = client.post(reverse("pursue:link-new", args=[children[0].pk]), form)
    assert "The date must be today or in the past" in page.content.decode()
    assert not Entity.objects.exists()


def test_the_chair_is_told_of_waiting_proposals_on_home_and_the_meeting_page(
    client: Client, chair, recorded, meeting
):
    client.force_login(chair)
    home = client.get(reverse("web:home")).content.decode()
    assert "1 proposed agenda item of concern waits for a decision" in home
    page = client.get(reverse("casework:panel-meeting", args=[meeting.pk])).content.decode()
    assert "1 location or person of concern proposed for this meeting" in page


def test_a_number_written_another_way_finds_the_entity(client: Client, officer, recorded):
    client.force_login(officer)
    page = client.get(reverse("pursue:search"), {"q": "+44 (0)7700 900123"}).content.decode()
    assert "1 found" in page
    assert reverse("pursue:entity", args=[recorded["phone"].pk]) in page
    assert "0 found" in client.get(reverse("pursue:search"), {"q": "ND4 7QB"}).content.decode()


def test_the_groups_page_names_the_group_and_the_most_linked_contacts(
    client: Client, officer, recorded
):
    client.force_login(officer)
    page = client.get(reverse("pursue:groups")).content.decode()
    assert "Phone number: 07700 900123</a> (3 children)" in page
    assert "Linked to the most children" in page


def test_from_a_philomena_profile_the_form_offers_the_numbers_it_names(
    client: Client, worker, children
):
    from missinghub.casework.models import PhilomenaProfile

    PhilomenaProfile.objects.create(
        child=children[0],
        associates="An older man called Ghost; calls from +44 (0)7700 900456.",
        phone_and_social_media="Own phone 07700900789; Snapchat",
    )
    client.force_login(worker)
    url = reverse("pursue:link-new", args=[children[0].pk])
    page = client.get(url, {"source": "philomena_profile"}).content.decode()
    assert "An older man called Ghost" in page
    assert "record 07700900456" in page and "record 07700900789" in page
    page = client.get(
        url, {"source": "philomena_profile", "kind": "phone", "value": "07700900456"}
    ).content.decode()
    assert 'value="07700900456"' in page
