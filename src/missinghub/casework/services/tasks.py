"""Completing the tasks that have no record of their own: the youth-worker visit, the police
review, and alerts (a social-care alert task, a notification) acknowledged with what was done.
Each closes its task (or marks the notification read) in the same transaction, audited."""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from missinghub.accounts.models import User
from missinghub.audit.enums import AuditVerb
from missinghub.audit.services import record_event
from missinghub.casework.models import (
    Acknowledgement,
    PoliceReview,
    VisitOutcome,
    YouthWorkerVisit,
)
from missinghub.episodes.models import Notification
from missinghub.episodes.rules import moment_problem
from missinghub.protocols.models import ProtocolTask, TaskKind, TaskStatus
from missinghub.protocols.police_reviews import keep_police_reviews
from missinghub.protocols.services import close_task


class TaskError(ValueError):
    """The task cannot be completed that way; the message says why."""


def _open_task(task: ProtocolTask, kind: str) -> ProtocolTask:
    task = ProtocolTask.objects.select_for_update().get(pk=task.pk)
    if task.kind != kind:
        raise TaskError(f"This is a {TaskKind(task.kind).label.lower()} task.")
    if task.status != TaskStatus.OPEN:
        raise TaskError("This task is already closed.")
    return task


@transaction.atomic
def record_youth_worker_visit(
    *,
    actor: User,
    task: ProtocolTask,
    visited_on: date,
    seen: bool,
    support_taken_up: bool | None,
    outcome: VisitOutcome,
    notes: str = "",
) -> YouthWorkerVisit:
    task = _open_task(task, TaskKind.YOUTH_WORKER_VISIT)
    if visited_on > timezone.localdate():
        raise TaskError("The visit cannot be in the future.")
    if visited_on < timezone.localdate(task.triggered_at):
        raise TaskError("The visit cannot be before the child returned.")
    if not seen and outcome != VisitOutcome.NOT_SEEN:
        raise TaskError("A child who was not seen has the outcome 'Not seen'.")
    visit = YouthWorkerVisit.objects.create(
        task=task,
        child_id=task.child_id,
        visited_on=visited_on,
        seen=seen,
        support_taken_up=support_taken_up if seen else None,
        outcome=outcome,
        notes=notes.strip(),
        recorded_by=actor,
    )
    record_event(
        verb=AuditVerb.YOUTH_WORKER_VISIT_RECORDED,
        actor=actor,
        target=visit,
        child_id=task.child_id,
        detail={"task_id": task.pk, "seen": seen, "outcome": str(outcome)},
    )
    close_task(actor=actor, task=task, status=TaskStatus.DONE)
    return visit


@transaction.atomic
def record_police_review(
    *,
    actor: User,
    task: ProtocolTask,
    reviewed_at: datetime,
    progress: str,
    next_steps: str,
    risk_level_right: bool,
) -> PoliceReview:
    """Record the review, close its task, and schedule the next one while the child is still
    missing (protocols/police_reviews.py)."""
    task = _open_task(task, TaskKind.POLICE_REVIEW)
    problem = moment_problem(reviewed_at)
    if problem:
        raise TaskError(problem)
    if reviewed_at < task.episode.last_seen_at:
        raise TaskError("The review cannot be before the child was last seen.")
    if not progress.strip() or not next_steps.strip():
        raise TaskError("Enter what the investigation has done and what happens next.")
    review = PoliceReview.objects.create(
        task=task,
        reviewed_at=reviewed_at,
        progress=progress.strip(),
        next_steps=next_steps.strip(),
        risk_level_right=risk_level_right,
        reviewed_by=actor,
    )
    record_event(
        verb=AuditVerb.POLICE_REVIEW_RECORDED,
        actor=actor,
        target=review,
        child_id=task.child_id,
        detail={"task_id": task.pk, "risk_level_right": risk_level_right},
    )
    close_task(actor=actor, task=task, status=TaskStatus.DONE)
    keep_police_reviews(episode=task.episode, actor=actor)
    return review


@transaction.atomic
def acknowledge_alert_task(
    *, actor: User, task: ProtocolTask, what_was_done: str
) -> Acknowledgement:
    task = _open_task(task, TaskKind.SOCIAL_CARE_ALERT)
    acknowledgement = _acknowledge(actor, what_was_done, task=task)
    close_task(actor=actor, task=task, status=TaskStatus.DONE)
    return acknowledgement


@transaction.atomic
def acknowledge_notification(
    *, actor: User, notification: Notification, what_was_done: str
) -> Acknowledgement:
    """Marks the notification read; the agency still sees the child until it expires."""
    notification = Notification.objects.select_for_update().get(pk=notification.pk)
    if notification.read_at is not None:
        raise TaskError("This notification has already been acknowledged.")
    acknowledgement = _acknowledge(actor, what_was_done, notification=notification)
    notification.read_at = timezone.now()
    notification.save(update_fields=["read_at"])
    return acknowledgement


def _acknowledge(
    actor: User,
    what_was_done: str,
    *,
    task: ProtocolTask | None = None,
    notification: Notification | None = None,
) -> Acknowledgement:
    if not what_was_done.strip():
        raise TaskError("Enter what was done.")
    acknowledgement = Acknowledgement.objects.create(
        task=task,
        notification=notification,
        what_was_done=what_was_done.strip(),
        acknowledged_by=actor,
    )
    child_id = task.child_id if task is not None else notification.child_id  # type: ignore[union-attr]
    record_event(
        verb=AuditVerb.ALERT_ACKNOWLEDGED,
        actor=actor,
        target=acknowledgement,
        child_id=child_id,
        detail={
            "task_id": task.pk if task else None,
            "notification_id": notification.pk if notification else None,
        },
    )
    return acknowledgement
