"""The police review schedule of a missing episode (the protocol's `police_reviews` block).

While the child is missing and the protocol reviews the current risk level, the episode has
exactly one open `police_review` task, due the level's hours after the latest of: the report,
the latest risk grading and the latest review recorded. `keep_police_reviews` brings that
about after each of those events and on the return (which cancels the open review); it is
safe to call again (it changes nothing when the schedule is already right).
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from missinghub.accounts.models import User
from missinghub.audit.enums import AuditVerb
from missinghub.audit.services import record_event
from missinghub.episodes.models import Episode, EpisodeStatus, RiskGrading
from missinghub.protocols.areas import protocols_for_episode
from missinghub.protocols.engine import Protocol
from missinghub.protocols.engine.police_reviews import police_review_decision
from missinghub.protocols.models import ProtocolTask, TaskKind, TaskStatus
from missinghub.protocols.services import apply_decisions


@transaction.atomic
def keep_police_reviews(
    *, episode: Episode, actor: User | None = None, protocol: Protocol | None = None
) -> ProtocolTask | None:
    """The episode's open review after bringing its schedule up to date, or None."""
    protocol = protocol or protocols_for_episode(episode.pk).force  # the force's own rules
    reviews = list(
        ProtocolTask.objects.select_for_update()
        .filter(episode_id=episode.pk, kind=TaskKind.POLICE_REVIEW)
        .order_by("created_at", "pk")
    )
    still_open = [task for task in reviews if task.status == TaskStatus.OPEN]
    decision = None
    status, reported_at = Episode.objects.values_list("status", "reported_at").get(pk=episode.pk)
    latest = RiskGrading.objects.filter(episode_id=episode.pk).order_by("-graded_at", "-pk").first()
    if status == EpisodeStatus.OPEN and latest is not None:
        decision = police_review_decision(
            protocol,
            child_id=str(episode.child_id),
            episode_id=str(episode.pk),
            level=latest.level,
            since=_since(reported_at, latest.graded_at, reviews),
            number=len(reviews) + 1,
        )
    if decision is None:
        _cancel(still_open, actor)
        return None
    if still_open:
        first, *extra = still_open
        _cancel(extra, actor)
        return _move(first, decision.triggered_at, decision.due_at, latest, actor)
    created = apply_decisions([decision], actor=actor)
    return created[0] if created else None


def _since(reported_at: datetime, graded_at: datetime, reviews: list[ProtocolTask]) -> datetime:
    done = [t.closed_at for t in reviews if t.status == TaskStatus.DONE and t.closed_at]
    return max([reported_at, graded_at, *done])


def _move(
    task: ProtocolTask,
    since: datetime,
    due_at: datetime,
    grading: RiskGrading | None,
    actor: User | None,
) -> ProtocolTask:
    """The open review, due at `due_at` now (its reminders start again when it moves)."""
    if task.due_at == due_at:
        return task
    before = task.due_at
    task.triggered_at, task.due_at = since, due_at
    task.due_reminder_sent_at = task.overdue_reminder_sent_at = None
    task.save(
        update_fields=["triggered_at", "due_at", "due_reminder_sent_at", "overdue_reminder_sent_at"]
    )
    record_event(
        verb=AuditVerb.PROTOCOL_TASK_RESCHEDULED,
        actor=actor,
        target=task,
        child_id=task.child_id,
        detail={
            "episode_id": task.episode_id,
            "from": before.isoformat(),
            "to": due_at.isoformat(),
            "level": grading.level if grading else "",
        },
    )
    return task


def _cancel(tasks: list[ProtocolTask], actor: User | None) -> None:
    """Reviews no longer wanted: the child returned, or the level has no review schedule."""
    now = timezone.now()
    for task in tasks:
        task.status, task.closed_at = TaskStatus.CANCELLED, now
        task.save(update_fields=["status", "closed_at"])
        record_event(
            verb=AuditVerb.PROTOCOL_TASK_CANCELLED,
            actor=actor,
            target=task,
            child_id=task.child_id,
            detail={"episode_id": task.episode_id, "why": "no review due"},
        )


def keep_reviews_after_grading(*, episode: Episode, actor: User | None) -> None:
    """The `episodes.risk_graded` hook."""
    keep_police_reviews(episode=episode, actor=actor)
