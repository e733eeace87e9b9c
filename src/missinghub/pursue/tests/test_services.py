"""Recording links: one entity however it is written; the protocol's alert proposes a person or
place of concern to the MACE panel with the evidence; the chair puts the children on the
agenda; disruption actions with an owner."""

import datetime as dt

import pytest
from django.utils import timezone

from missinghub.audit.models import AuditEvent
from missinghub.casework.services.panels import PanelError
from missinghub.pursue.models import (
    ConcernProposal,
    Entity,
    EntityKind,
    LinkSource,
    ProposalStatus,
)
from missinghub.pursue.proposals import decide_proposal
from missinghub.pursue.services import (
    Grading,
    Mention,
    record_action,
    record_link,
    record_outcome,
)

pytestmark = pytest.mark.django_db
GOOD = Grading("2", "B", "P")


def link(actor, child, value, *, kind=EntityKind.PHONE, days_ago=1, grading=GOOD, **mention):
    return record_link(
        actor=actor,
        child=child,
        mention=Mention(kind=kind, value=value, **mention),
        source=LinkSource.RETURN_INTERVIEW,
        seen_on=timezone.localdate() - dt.timedelta(days=days_ago),
        grading=grading,
    )


def test_one_number_written_three_ways_is_one_entity(worker, children) -> None:
    written_ways = ("07700 900123", "+44 7700 900123", "07700900123")
    for child, written in zip(children, written_ways, strict=False):
        link(worker, child, written)
    phone = Entity.objects.get()
    assert phone.label == "07700 900123"
    assert phone.links.count() == 3
    assert AuditEvent.objects.filter(verb="pursue.link_recorded").count() == 3


def test_a_person_is_found_again_by_a_street_name_given_before(worker, children) -> None:
    link(worker, children[0], "Damian Hollowell", kind=EntityKind.PERSON, aliases=("Ghost",))
    link(worker, children[1], "ghost", kind=EntityKind.PERSON)
    link(worker, children[2], "DAMIAN  HOLLOWELL", kind=EntityKind.PERSON)
    person = Entity.objects.get()
    assert person.links.count() == 3
    assert [alias.name for alias in person.aliases.all()] == ["Ghost"]


def test_places_match_by_postcode_and_first_line(worker, children) -> None:
    link(worker, children[0], "12 Larch Road", kind=EntityKind.PLACE, postcode="nd47qb")
    link(worker, children[1], "12, larch road", kind=EntityKind.PLACE, postcode="ND4 7QB")
    assert Entity.objects.get().label == "12 Larch Road, ND4 7QB"


def test_three_children_in_90_days_propose_an_item_for_the_next_mace_meeting(
    worker, children, meeting
) -> None:
    link(worker, children[0], "07700 900123")
    link(worker, children[1], "07700 900123")
    assert not ConcernProposal.objects.exists()
    link(worker, children[2], "+447700900123")
    proposal = ConcernProposal.objects.get()
    assert proposal.meeting == meeting
    assert {ev.child_id for ev in proposal.evidence.all()} == {c.pk for c in children[:3]}
    link(worker, children[3], "07700900123")  # a fourth child adds to the same proposal
    assert ConcernProposal.objects.get().evidence.count() == 4
    assert AuditEvent.objects.filter(verb="pursue.concern_proposed").count() == 1


def test_old_links_and_links_suspected_false_are_not_evidence(worker, children, meeting) -> None:
    link(worker, children[0], "07700 900123", days_ago=200)
    link(worker, children[1], "07700 900123", grading=Grading("3", "E", "P"))
    link(worker, children[2], "07700 900123")
    link(worker, children[3], "07700 900123")
    assert not ConcernProposal.objects.exists()


def test_accepting_puts_each_child_on_the_agenda_once(worker, chair, children, meeting) -> None:
    for child in children[:3]:
        link(worker, child, "07700 900123")
    proposal = ConcernProposal.objects.get()
    decide_proposal(actor=chair, proposal=proposal, accept=True)
    assert {item.child_id for item in meeting.items.all()} == {c.pk for c in children[:3]}
    assert "Phone number: 07700 900123" in meeting.items.first().reason
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    with pytest.raises(PanelError, match="already been decided"):
        decide_proposal(actor=chair, proposal=proposal, accept=False)


def test_a_proposal_without_a_meeting_waits_for_one(worker, chair, children) -> None:
    for child in children[:3]:
        link(worker, child, "07700 900123")
    proposal = ConcernProposal.objects.get()
    assert proposal.meeting is None
    with pytest.raises(PanelError, match="Schedule a meeting"):
        decide_proposal(actor=chair, proposal=proposal, accept=True)


def test_a_disruption_action_has_an_owner_and_an_outcome(worker, officer, children) -> None:
    adult = link(worker, children[0], "Damian Hollowell", kind=EntityKind.PERSON).entity
    action = record_action(
        actor=worker,
        entity=adult,
        kind="cawn",
        description="Serve a Child Abduction Warning Notice",
        owner=officer,
        due_date=timezone.localdate() + dt.timedelta(days=7),
        child=children[0],
    )
    record_outcome(actor=officer, action=action, outcome="Served in person", done_on=None)
    action.refresh_from_db()
    assert action.outcome == "Served in person"
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {"pursue.action_recorded", "pursue.action_updated"} <= verbs
