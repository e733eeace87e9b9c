"""Panels (VEMT, MACE, strategy meetings): members, meetings, an agenda filled from the protocol's
panel referrals, the discussion of each child with the child's own views, the letter inviting
those views, and actions with an owner and a due date.

A referral (a `panel_referral` or `strategy_meeting` task) goes on the agenda of the next meeting
of a panel of the owning agency that takes that kind of task: at once when such a meeting is
scheduled, else when the next one is. Recording the discussion closes the referral task."""

import logging
from collections.abc import Iterable
from datetime import date, datetime

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from missinghub.accounts.models import User
from missinghub.audit.enums import AuditVerb
from missinghub.audit.services import record_children_listed, record_event
from missinghub.casework.models import AgendaItem, Panel, PanelAction, PanelKind, PanelMeeting
from missinghub.children.models import Child
from missinghub.protocols.models import ProtocolTask, TaskKind, TaskStatus
from missinghub.protocols.registry import known_protocols
from missinghub.protocols.services import close_task

logger = logging.getLogger(__name__)

# Which protocol tasks each kind of panel takes on its agenda.
TASKS_FOR_PANEL = {
    PanelKind.VEMT: TaskKind.PANEL_REFERRAL,
    PanelKind.MACE: TaskKind.PANEL_REFERRAL,
    PanelKind.STRATEGY: TaskKind.STRATEGY_MEETING,
}


class PanelError(ValueError):
    """The panel cannot do that; the message says why."""


def panel_kinds_for(task_kind: str) -> list[str]:
    return [kind for kind, taken in TASKS_FOR_PANEL.items() if taken == task_kind]


@transaction.atomic
def create_panel(*, actor: User, name: str, kind: PanelKind, members: Iterable[User] = ()) -> Panel:
    """A panel hosted by the actor's agency, chaired by the actor."""
    if Panel.objects.filter(name__iexact=name.strip()).exists():
        raise PanelError("A panel with that name already exists.")
    panel = Panel.objects.create(name=name.strip(), kind=kind, agency=actor.agency, chair=actor)
    panel.members.add(actor, *members)
    record_event(
        verb=AuditVerb.PANEL_CREATED,
        actor=actor,
        target=panel,
        detail={"kind": str(kind), "members": sorted(m.pk for m in panel.members.all())},
    )
    return panel


@transaction.atomic
def add_member(*, actor: User, panel: Panel, member: User) -> Panel:
    panel.members.add(member)
    record_event(
        verb=AuditVerb.PANEL_MEMBER_ADDED,
        actor=actor,
        target=panel,
        detail={"member_id": member.pk, "agency_id": member.agency_id},
    )
    return panel


def record_agenda_viewed(*, actor: User, meeting: PanelMeeting, child_ids: set[int]) -> None:
    record_children_listed(user=actor, list_name="panel agenda", child_ids=child_ids)


def waiting_referrals(panel: Panel) -> QuerySet[ProtocolTask]:
    """Open referrals this panel takes that are on no agenda yet. A child already on one of
    the panel's coming agendas (by hand, or for an earlier referral) is not waiting."""
    on_agendas = AgendaItem.objects.filter(task__isnull=False).values("task_id")
    coming = AgendaItem.objects.filter(
        meeting__panel=panel, meeting__held=False, discussed_at__isnull=True
    ).values("child_id")
    return (
        ProtocolTask.objects.filter(
            kind=TASKS_FOR_PANEL[PanelKind(panel.kind)],
            owner_agency=panel.agency_id,
            status=TaskStatus.OPEN,
        )
        .exclude(pk__in=on_agendas)
        .exclude(child_id__in=coming)
        .select_related("child")
        .order_by("triggered_at", "pk")
    )


@transaction.atomic
def schedule_meeting(
    *, actor: User, panel: Panel, meets_at: datetime, location: str = ""
) -> PanelMeeting:
    """A meeting; every waiting referral goes on its agenda."""
    if meets_at < timezone.now():
        raise PanelError("A new meeting must be in the future.")
    if panel.meetings.filter(meets_at=meets_at).exists():
        raise PanelError("This panel already meets at that time.")
    meeting = PanelMeeting.objects.create(panel=panel, meets_at=meets_at, location=location.strip())
    record_event(
        verb=AuditVerb.PANEL_MEETING_SCHEDULED,
        actor=actor,
        target=meeting,
        detail={"panel_id": panel.pk},
    )
    for task in waiting_referrals(panel):
        if not meeting.items.filter(child_id=task.child_id).exists():
            _add_item(meeting=meeting, child=task.child, task=task, reason=referral_reason(task))
    return meeting


def referral_reason(task: ProtocolTask) -> str:
    """The protocol rule's own words, and which rule of which protocol fired."""
    protocol = known_protocols().get(task.protocol_name)
    rule = next((r for r in protocol.rules if r.id == task.rule), None) if protocol else None
    words = rule.description.strip() if rule and rule.description else TaskKind(task.kind).label
    source = f"rule {task.rule} of {task.protocol_name} {task.protocol_version}"
    return f"{words} ({source})"[:300]


def next_meeting_for(task: ProtocolTask) -> PanelMeeting | None:
    return (
        PanelMeeting.objects.filter(
            panel__kind__in=panel_kinds_for(task.kind),
            panel__agency=task.owner_agency_id,
            held=False,
            meets_at__gte=timezone.now(),
        )
        .order_by("meets_at", "pk")
        .first()
    )


def place_referral(task: ProtocolTask) -> AgendaItem | None:
    """Put a new referral on the next meeting's agenda (None when no meeting is scheduled: it
    waits for the next one). A child already on that agenda keeps one item."""
    if not panel_kinds_for(task.kind) or task.owner_agency_id is None:
        return None
    meeting = next_meeting_for(task)
    if meeting is None:
        return None
    existing = meeting.items.filter(child_id=task.child_id).first()
    if existing is not None:
        if existing.task_id is None:  # added by hand: the referral is the same discussion
            existing.task = task
            existing.save(update_fields=["task"])
        return existing
    return _add_item(meeting=meeting, child=task.child, task=task, reason=referral_reason(task))


def _add_item(
    *,
    meeting: PanelMeeting,
    child: Child,
    reason: str,
    task: ProtocolTask | None = None,
    actor: User | None = None,
) -> AgendaItem:
    item = AgendaItem.objects.create(meeting=meeting, child=child, task=task, reason=reason)
    record_event(
        verb=AuditVerb.AGENDA_ITEM_ADDED,
        actor=actor,
        target=item,
        child_id=child.pk,
        detail={"meeting_id": meeting.pk, "task_id": task.pk if task else None},
    )
    return item


@transaction.atomic
def add_child_to_agenda(
    *, actor: User, meeting: PanelMeeting, child: Child, reason: str
) -> AgendaItem:
    """The chair adds a child by hand (a professional's concern rather than a threshold)."""
    _refuse_if_held(meeting)
    if meeting.items.filter(child=child).exists():
        raise PanelError("This child is already on the agenda.")
    if not reason.strip():
        raise PanelError("Say why the child is on the agenda.")
    return _add_item(meeting=meeting, child=child, reason=reason.strip(), actor=actor)


def _refuse_if_held(meeting: PanelMeeting) -> None:
    if meeting.held:
        raise PanelError("This meeting has been held; its agenda is closed.")


@transaction.atomic
def send_letter(*, actor: User, item: AgendaItem) -> AgendaItem:
    """Record that the letter inviting the child's views was sent (the first date is kept)."""
    _refuse_if_held(item.meeting)
    if item.letter_sent_at is None:
        item.letter_sent_at = timezone.now()
        item.save(update_fields=["letter_sent_at"])
    record_event(
        verb=AuditVerb.PANEL_LETTER_SENT,
        actor=actor,
        target=item,
        child_id=item.child_id,
        detail={"meeting_id": item.meeting_id},
    )
    return item


@transaction.atomic
def record_discussion(
    *, actor: User, item: AgendaItem, discussion: str, child_voice: str = ""
) -> AgendaItem:
    """What the panel said and the child's own views; closes the referral task as done."""
    if not discussion.strip():
        raise PanelError("Write down what the panel discussed.")
    item.discussion = discussion.strip()
    item.child_voice = child_voice.strip()
    item.discussed_at = item.discussed_at or timezone.now()
    item.save(update_fields=["discussion", "child_voice", "discussed_at"])
    for task in _referrals_discussed(item):
        close_task(actor=actor, task=task, status=TaskStatus.DONE)
    record_event(
        verb=AuditVerb.PANEL_DISCUSSION_RECORDED,
        actor=actor,
        target=item,
        child_id=item.child_id,
        detail={"meeting_id": item.meeting_id, "task_id": item.task_id},
    )
    return item


def _referrals_discussed(item: AgendaItem) -> list[ProtocolTask]:
    """The item's referral and any other open one of the child this panel takes: the
    discussion closes them all, so the child can be referred afresh."""
    panel = item.meeting.panel
    taken = Q(kind=TASKS_FOR_PANEL[PanelKind(panel.kind)], owner_agency=panel.agency_id)
    if item.task_id is not None:
        taken |= Q(pk=item.task_id)
    return list(ProtocolTask.objects.filter(taken, child_id=item.child_id, status=TaskStatus.OPEN))


@transaction.atomic
def agree_action(
    *, actor: User, item: AgendaItem, description: str, owner: User, due_date: date
) -> PanelAction:
    today = timezone.localdate()
    if not description.strip():
        raise PanelError("Say what is to be done.")
    if due_date < today:
        raise PanelError("The due date cannot be in the past.")
    action = PanelAction.objects.create(
        item=item, description=description.strip(), owner=owner, due_date=due_date, agreed_on=today
    )
    record_event(
        verb=AuditVerb.PANEL_ACTION_AGREED,
        actor=actor,
        target=action,
        child_id=item.child_id,
        detail={"item_id": item.pk, "owner_id": owner.pk, "due_date": due_date.isoformat()},
    )
    return action


@transaction.atomic
def complete_action(*, actor: User, action: PanelAction) -> PanelAction:
    if action.done_on is not None:
        raise PanelError("This action is already done.")
    action.done_on = timezone.localdate()
    action.save(update_fields=["done_on"])
    record_event(
        verb=AuditVerb.PANEL_ACTION_DONE,
        actor=actor,
        target=action,
        child_id=action.item.child_id,
        detail={"item_id": action.item_id},
    )
    return action


@transaction.atomic
def mark_meeting_held(*, actor: User, meeting: PanelMeeting) -> PanelMeeting:
    if meeting.meets_at > timezone.now():
        raise PanelError("A meeting cannot be held before its time.")
    meeting.held = True
    meeting.save(update_fields=["held"])
    record_event(verb=AuditVerb.PANEL_MEETING_HELD, actor=actor, target=meeting)
    return meeting


def record_pack_produced(*, actor: User, meeting: PanelMeeting, child_ids: set[int]) -> None:
    """The pack names children: one event for the pack, one per child named in it."""
    record_event(
        verb=AuditVerb.PANEL_PACK_PRODUCED,
        actor=actor,
        target=meeting,
        detail={"panel_id": meeting.panel_id, "children": len(child_ids)},
    )
    record_children_listed(user=actor, list_name="panel pack", child_ids=child_ids)
