"""The protocol's concern alerts (`concern_alerts` in the area protocol, docs/protocols.md):
when enough children are linked to one person, place, phone or vehicle within the window, a
"location or person of concern" item is proposed for the next meeting of the exploitation panel,
with the links as evidence. Links graded E (suspected to be false) are not evidence. The chair
accepts it (each child goes on the agenda) or dismisses it."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from missinghub.accounts.models import User
from missinghub.audit.enums import AuditVerb
from missinghub.audit.services import record_event
from missinghub.casework.models import PanelMeeting
from missinghub.casework.services.panels import PanelError, add_child_to_agenda
from missinghub.children.models import Child
from missinghub.protocols.engine.model import ConcernAlert
from missinghub.protocols.registry import active_protocol
from missinghub.pursue.models import ConcernProposal, Entity, EntityLink, ProposalStatus


def next_meeting(panel_kind: str) -> PanelMeeting | None:
    return (
        PanelMeeting.objects.filter(
            panel__kind=panel_kind, held=False, meets_at__gte=timezone.now()
        )
        .order_by("meets_at", "id")
        .first()
    )


def evidence_for(entity: Entity, alert: ConcernAlert, today: date) -> list[EntityLink]:
    since = today - timedelta(days=alert.within_days)
    return list(
        entity.links.filter(seen_on__gte=since).exclude(intelligence_assessment="E").order_by("pk")
    )


def propose_concerns(*, entity: Entity, today: date) -> list[ConcernProposal]:
    """Apply every alert of the active protocol to `entity`; the open proposals it has now."""
    proposals = []
    for alert in active_protocol().concern_alerts:
        if entity.kind not in alert.entity_kinds:
            continue
        links = evidence_for(entity, alert, today)
        if len({link.child_id for link in links}) < alert.min_children:
            continue
        proposal = _open_proposal(entity, alert, today)
        if proposal is not None:
            proposal.evidence.add(*links)
            proposals.append(proposal)
    return proposals


def _open_proposal(entity: Entity, alert: ConcernAlert, today: date) -> ConcernProposal | None:
    """The open proposal for this alert, made now if needed; None when one was decided lately."""
    mine = ConcernProposal.objects.filter(entity=entity, rule_id=alert.id)
    proposal = mine.filter(status=ProposalStatus.PROPOSED).first()
    since = today - timedelta(days=alert.within_days)
    if proposal is not None or mine.filter(decided_at__date__gte=since).exists():
        return proposal
    proposal = ConcernProposal.objects.create(
        entity=entity,
        protocol_name=active_protocol().name,
        rule_id=alert.id,
        panel_kind=alert.panel_kind,
        meeting=next_meeting(alert.panel_kind),
        reason=alert.description or f"{alert.min_children} children in {alert.within_days} days",
        proposed_at=timezone.now(),
    )
    record_event(
        verb=AuditVerb.PURSUE_CONCERN_PROPOSED,
        actor=None,
        target=proposal,
        detail={"entity_id": entity.pk, "rule_id": alert.id, "meeting_id": proposal.meeting_id},
    )
    return proposal


def children_of(proposal: ConcernProposal) -> list[Child]:
    ids = {link.child_id for link in proposal.evidence.all()}
    return list(Child.objects.filter(pk__in=ids).order_by("family_name", "given_name", "pk"))


@transaction.atomic
def decide_proposal(
    *, actor: User, proposal: ConcernProposal, accept: bool, meeting: PanelMeeting | None = None
) -> ConcernProposal:
    """Accept (each child goes on the meeting's agenda) or dismiss a proposal."""
    if proposal.status != ProposalStatus.PROPOSED:
        raise PanelError("This proposal has already been decided.")
    if accept:
        meeting = meeting or proposal.meeting or next_meeting(proposal.panel_kind)
        if meeting is None:
            raise PanelError("Schedule a meeting of the panel first.")
        reason = f"{proposal.entity} of concern: {proposal.reason}"[:300]
        for child in children_of(proposal):
            if not meeting.items.filter(child=child).exists():
                add_child_to_agenda(actor=actor, meeting=meeting, child=child, reason=reason)
        proposal.meeting = meeting
    proposal.status = ProposalStatus.ACCEPTED if accept else ProposalStatus.DISMISSED
    proposal.decided_at = timezone.now()
    proposal.decided_by = actor
    proposal.save(update_fields=["status", "meeting", "decided_at", "decided_by"])
    record_event(
        verb=AuditVerb.PURSUE_PROPOSAL_DECIDED,
        actor=actor,
        target=proposal,
        detail={"accepted": accept, "meeting_id": proposal.meeting_id},
    )
    return proposal
