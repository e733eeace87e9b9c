"""Writes for protocol tasks: apply the engine's decisions, close tasks, send reminders.

Every write runs in a transaction with its audit event. Applying is idempotent: a decision whose
key is already stored creates nothing, so re-running the engine over the same history is safe.
"""

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from missinghub.accounts.models import Agency, User
from missinghub.audit.enums import AuditVerb
from missinghub.audit.services import record_event
from missinghub.children.models import Child, LegalStatus, Placement
from missinghub.episodes.models import Episode
from missinghub.protocols import hooks
from missinghub.protocols.areas import (
    EpisodeProtocols,
    protocols_for_episode,
    protocols_for_episodes,
    responsible_area,
)
from missinghub.protocols.engine import ChildHistory, Decision, Protocol
from missinghub.protocols.history_records import child_histories, child_history
from missinghub.protocols.models import ProtocolTask, ReferralEpisode, TaskKind, TaskStatus

logger = logging.getLogger(__name__)
DUE_SOON = timedelta(hours=24)
PENDING_BATCH = 500


def apply_protocol_for_episode(
    episode: Episode, *, actor: User | None = None, protocol: Protocol | None = None
) -> list[ProtocolTask]:
    """Evaluate the protocols that apply to the episode (its responsible area's, the force's
    for police tasks; or `protocol` for everything) for its report and, if any, its return;
    store the tasks they ask for. Safe to call again: known decisions create nothing new."""
    protocols = protocols_for_episode(episode.pk)
    if protocol is not None:
        protocols = EpisodeProtocols(protocols.area, protocol, protocol)
    history = child_history(episode.child)
    created = apply_decisions(_decisions(protocols, history, episode.pk), actor=actor)
    _keep_police_reviews([(episode, protocols.force)], actor)
    return created


def apply_at_once(*, episode: Episode, actor: User | None) -> None:
    """The `episodes.episode_reported` / `episode_returned` hooks: the protocol at once."""
    apply_protocol_for_episode(episode, actor=actor)


def _decisions(
    protocols: EpisodeProtocols, history: ChildHistory, episode_id: int
) -> list[Decision]:
    return protocols.decide(history, episode_id)


def apply_pending_protocols(*, batch_size: int = PENDING_BATCH) -> int:
    """Apply each episode's protocols to every episode stored with `protocol_pending` (reports
    taken in through the API), a batch at a time, oldest first, and clear the flag; returns how
    many episodes. Several workers may run it at once: each batch is locked (others skip it).
    An episode that fails is logged and keeps its flag for the next run; it holds up no other."""
    done, failed = 0, set[int]()
    while True:
        with transaction.atomic():
            pending = Episode.objects.filter(protocol_pending=True).exclude(pk__in=failed)
            batch = list(
                pending.order_by("pk")
                .select_for_update(skip_locked=True)
                .values_list("pk", "child_id")[:batch_size]
            )
            if not batch:
                return done
            try:
                with transaction.atomic():
                    _apply_batch(batch)
            except Exception:  # one bad episode must not hold up the others: one at a time
                failed |= _apply_one_by_one(batch)
        done += len(batch) - len(failed & {pk for pk, _ in batch})


def _apply_batch(batch: list[tuple[int, int]]) -> None:
    histories = child_histories(sorted({child_id for _, child_id in batch}))
    protocols = protocols_for_episodes(pk for pk, _ in batch)
    apply_decisions(
        [d for pk, child_id in batch for d in _decisions(protocols[pk], histories[child_id], pk)]
    )
    episodes = Episode.objects.filter(pk__in=[pk for pk, _ in batch])
    reviewed = [(e, protocols[e.pk].force) for e in episodes.only("pk", "child_id")]
    _keep_police_reviews(reviewed, None)
    episodes.update(protocol_pending=False)


def _keep_police_reviews(episodes: list[tuple[Episode, Protocol]], actor: User | None) -> None:
    """The police review schedule of each episode, by its force's protocol (police_reviews.py,
    which imports this module: hence imported here)."""
    from missinghub.protocols.police_reviews import keep_police_reviews

    for episode, protocol in episodes:
        if protocol.police_reviews is not None:
            keep_police_reviews(episode=episode, actor=actor, protocol=protocol)


def _apply_one_by_one(batch: list[tuple[int, int]]) -> set[int]:
    failed = set()
    for pk, child_id in batch:
        try:
            with transaction.atomic():
                _apply_batch([(pk, child_id)])
        except Exception:
            logger.exception("Protocol not applied to episode %s; it stays pending", pk)
            failed.add(pk)
    return failed


def apply_decisions(
    decisions: Iterable[Decision], *, actor: User | None = None
) -> list[ProtocolTask]:
    """Store one task per new decision; return the tasks created now. A panel referral for a
    child whose referral under that rule (or a higher tier) is still open joins it instead."""
    decisions = list(decisions)
    keys = [decision.key for decision in decisions]
    known = _stored_keys(keys)
    created = []
    for decision in decisions:
        if decision.key in known:
            continue
        try:
            with transaction.atomic():
                task = _join_open_referral(decision, actor) or _create_task(decision, actor)
                if task.decision_key == decision.key:
                    created.append(task)
        except IntegrityError:  # another process stored the same decision first
            if not _stored_keys([decision.key]):
                raise
    return created


def _stored_keys(keys: list[str]) -> set[str]:
    tasks = ProtocolTask.objects.filter(decision_key__in=keys).order_by()
    joined = ReferralEpisode.objects.filter(decision_key__in=keys).order_by()
    return {
        key
        for (key,) in tasks.values_list("decision_key").union(joined.values_list("decision_key"))
    }


def _join_open_referral(decision: Decision, actor: User | None) -> ProtocolTask | None:
    """The child's open referral this decision joins (recording the episode on it), if any."""
    if not decision.joins_open:
        return None
    episode = Episode.objects.only("child_id").get(pk=int(decision.episode_id))
    # One writer per child at a time, so two episodes cannot both open a referral.
    list(Child.objects.select_for_update().filter(pk=episode.child_id).values_list("pk"))
    task = (
        ProtocolTask.objects.filter(
            child_id=episode.child_id,
            protocol_name=decision.protocol_name,
            rule__in=decision.joins_open,
            status=TaskStatus.OPEN,
        )
        .order_by("triggered_at", "pk")
        .first()
    )
    if task is None:
        return None
    ReferralEpisode.objects.create(
        task=task,
        episode=episode,
        rule=decision.rule_id,
        triggered_at=decision.triggered_at,
        decision_key=decision.key,
    )
    record_event(
        verb=AuditVerb.PROTOCOL_REFERRAL_JOINED,
        actor=actor,
        target=task,
        child_id=episode.child_id,
        detail={"episode_id": episode.pk, "rule": decision.rule_id},
    )
    return task


def _create_task(decision: Decision, actor: User | None) -> ProtocolTask:
    episode = Episode.objects.select_related("reporting_agency").get(pk=int(decision.episode_id))
    task = ProtocolTask.objects.create(
        child_id=episode.child_id,
        episode=episode,
        kind=decision.task,
        owner_team=decision.owner_team,
        owner_agency=_owner_agency(episode, decision.owner_agency_kind),
        triggered_at=decision.triggered_at,
        due_at=decision.due_at,
        ideally_by=decision.ideally_by,
        rule=decision.rule_id,
        protocol_name=decision.protocol_name,
        protocol_version=decision.protocol_version,
        decision_key=decision.key,
    )
    record_event(
        verb=AuditVerb.PROTOCOL_TASK_CREATED,
        actor=actor,
        target=task,
        child_id=episode.child_id,
        detail={
            "episode_id": episode.pk,
            "kind": decision.task,
            "rule": decision.rule_id,
            "protocol": decision.protocol_name,
            "version": decision.protocol_version,
            "owner_agency_id": task.owner_agency_id,
        },
    )
    hooks.task_created.call(task=task)
    return task


def _owner_agency(episode: Episode, kind: str | None) -> Agency | None:
    """Who owns a task for an agency of `kind`: the one of that kind in the responsible
    authority's area that was told about the episode (a child placed out of area: the placing
    council's team, not the host's); else any told (first told first); else the one holding the
    child (current legal status, then current placement); else the reporting agency when it is
    of that kind; else none."""
    if kind is None:
        return None
    area = responsible_area(episode.pk)
    told = [
        n.to_agency
        for n in episode.notifications.filter(to_agency__kind=kind, to_agency__is_active=True)
        .order_by("sent_at", "id")
        .select_related("to_agency")
    ]
    told.sort(key=lambda agency: agency.area != area)  # stable: first told first within each
    if told:
        return told[0]
    holding = Agency.objects.filter(kind=kind, is_active=True).filter(
        Q(
            pk__in=LegalStatus.objects.filter(
                child_id=episode.child_id, end_date__isnull=True
            ).values("responsible_authority")
        )
        | Q(
            pk__in=Placement.objects.filter(
                child_id=episode.child_id, end_date__isnull=True
            ).values("provider")
        )
    )
    holder = holding.order_by("pk").first()
    if holder is not None:
        return holder
    return episode.reporting_agency if episode.reporting_agency.kind == kind else None


@transaction.atomic
def close_task(*, actor: User, task: ProtocolTask, status: TaskStatus) -> ProtocolTask:
    """Mark an open task done or cancelled."""
    if status == TaskStatus.OPEN:
        raise ValueError("A task is closed as done or cancelled.")
    task = ProtocolTask.objects.select_for_update().get(pk=task.pk)
    if task.status != TaskStatus.OPEN:
        raise ValueError(f"Task {task.pk} is already {task.status}.")
    task.status, task.closed_at = status, timezone.now()
    task.save(update_fields=["status", "closed_at"])
    verb = (
        AuditVerb.PROTOCOL_TASK_DONE
        if status == TaskStatus.DONE
        else AuditVerb.PROTOCOL_TASK_CANCELLED
    )
    record_event(verb=verb, actor=actor, target=task, child_id=task.child_id)
    return task


def task_state(task: ProtocolTask, now: datetime) -> str:
    """`overdue` after the deadline; `due` within 24 hours of it or after the ideal time;
    otherwise `upcoming`."""
    if now >= task.due_at:
        return "overdue"
    if now >= task.due_at - DUE_SOON or (task.ideally_by is not None and now >= task.ideally_by):
        return "due"
    return "upcoming"


def sweep_reminders(*, now: datetime) -> int:
    """Send each open task's reminder once per state (due, overdue). Safe to re-run, and safe
    to run twice at once: a reminder is claimed by a conditional update before it is sent."""
    candidates = ProtocolTask.objects.filter(status=TaskStatus.OPEN, due_at__lte=now + DUE_SOON)
    candidates |= ProtocolTask.objects.filter(status=TaskStatus.OPEN, ideally_by__lte=now)
    sent = 0
    for task in candidates.select_related("owner_agency").distinct():
        state = task_state(task, now)
        if state == "upcoming":
            continue
        field = f"{state}_reminder_sent_at"
        claimed = ProtocolTask.objects.filter(pk=task.pk, **{f"{field}__isnull": True}).update(
            **{field: now}
        )
        if claimed:
            _send_reminder(task, state)
            sent += 1
    return sent


def _send_reminder(task: ProtocolTask, state: str) -> None:
    recipients = []
    if task.owner_agency is not None:
        recipients = list(
            task.owner_agency.staff.filter(is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    label = TaskKind(task.kind).label
    local_due = timezone.localtime(task.due_at)
    subject = f"{state.capitalize()}: {label.lower()} for child {task.child_id}"
    body = (
        f"{label} for child {task.child_id} (episode {task.episode_id}) is {state}.\n"
        f"Deadline: {local_due:%d/%m/%Y %H:%M}. Owner: {task.owner_team}.\n"
        f"Rule {task.rule} of {task.protocol_name} {task.protocol_version}.\n"
    )
    if recipients:
        send_mail(subject, body, None, recipients)
    else:
        logger.warning("Protocol task %s is %s but its owner has no one to email", task.pk, state)
    record_event(
        verb=AuditVerb.PROTOCOL_TASK_REMINDED,
        actor=None,
        target=task,
        child_id=task.child_id,
        detail={"state": state, "recipients": len(recipients)},
    )


def apply_protocol_to_recent_episodes(*, since: datetime) -> int:
    """Apply each episode's protocols to every episode reported or returned since `since`,
    oldest first (for episodes that arrived in bulk, e.g. a synthetic load). Safe to re-run."""
    recent = Episode.objects.filter(Q(reported_at__gte=since) | Q(returned_at__gte=since))
    created = 0
    for episode in recent.select_related("child").order_by("reported_at", "pk").iterator():
        created += len(apply_protocol_for_episode(episode))
    return created
