"""The return interview lifecycle: opened from its protocol task, assigned to a worker, contact
attempts, the interview and its content, and the outcome, which closes the protocol task and,
depending on the outcome, starts a brief intervention or raises a task for social care."""

from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from missinghub.accounts.models import User
from missinghub.audit.enums import AuditVerb
from missinghub.audit.services import record_event
from missinghub.casework.config import casework_config
from missinghub.casework.models import (
    ContactAttempt,
    ContactMethod,
    ContactOutcome,
    InterventionType,
    InterviewOutcome,
    InterviewStatus,
    ReturnInterview,
)
from missinghub.casework.services.concurrency import refuses_stale_saves, update_if_current
from missinghub.casework.services.interventions import start_intervention
from missinghub.casework.services.referrals import raise_social_care_task
from missinghub.protocols.models import ProtocolTask, TaskKind, TaskStatus
from missinghub.protocols.services import close_task


class InterviewError(ValueError):
    """The interview cannot do that in its current state; the message says why."""


@dataclass(frozen=True)
class InterviewContent:
    """What the worker writes about the interview (everything but assignment and outcome)."""

    interviewed_at: datetime | None
    place: str = ""
    present: str = ""
    child_declined: bool = False
    carers_account: str = ""
    push_factors: list[str] = field(default_factory=list)
    pull_factors: list[str] = field(default_factory=list)
    factors_notes: str = ""
    stayed_where: str = ""
    stayed_with: str = ""
    harm_suffered: str = ""
    disclosures: str = ""
    child_voice: str = ""


@transaction.atomic
def open_interview(*, actor: User, task: ProtocolTask) -> tuple[ReturnInterview, bool]:
    """The interview for a `return_interview` task, created on first opening."""
    if task.kind != TaskKind.RETURN_INTERVIEW:
        raise InterviewError("Only a return interview task has an interview.")
    existing = ReturnInterview.objects.filter(task=task).first()
    if existing is not None:
        return existing, False
    if task.episode.returned_at is None:
        raise InterviewError("The child has not returned yet.")
    interview = ReturnInterview.objects.create(
        task=task,
        child_id=task.child_id,
        episode=task.episode,
        returned_at=task.episode.returned_at,
    )
    record_event(
        verb=AuditVerb.INTERVIEW_OPENED,
        actor=actor,
        target=interview,
        child_id=task.child_id,
        detail={"task_id": task.pk, "episode_id": task.episode_id},
    )
    return interview, True


def record_interview_viewed(*, actor: User, interview: ReturnInterview) -> None:
    """Every look at an interview is in the audit trail (what the child said is sensitive)."""
    record_event(
        verb=AuditVerb.INTERVIEW_VIEWED,
        actor=actor,
        target=interview,
        child_id=interview.child_id,
    )


def _refuse_if_completed(interview: ReturnInterview) -> None:
    if interview.status == InterviewStatus.COMPLETED:
        raise InterviewError("This interview is completed and can no longer be changed.")


@refuses_stale_saves
def assign_interview(
    *, actor: User, interview: ReturnInterview, worker: User, expected_version: int
) -> ReturnInterview:
    _refuse_if_completed(interview)
    if worker.agency_id != actor.agency_id:
        raise InterviewError("Assign the interview to someone in your own team.")
    update_if_current(
        instance=interview,
        expected_version=expected_version,
        changes={
            "assigned_to": worker,
            "assigned_at": timezone.now(),
            "status": InterviewStatus.ASSIGNED,
            "updated_at": timezone.now(),
        },
        what="interview",
    )
    record_event(
        verb=AuditVerb.INTERVIEW_ASSIGNED,
        actor=actor,
        target=interview,
        child_id=interview.child_id,
        detail={"worker_id": worker.pk},
    )
    return interview


@transaction.atomic
def record_contact_attempt(
    *,
    actor: User,
    interview: ReturnInterview,
    attempted_at: datetime,
    method: ContactMethod,
    outcome: ContactOutcome,
    notes: str = "",
) -> ContactAttempt:
    _refuse_if_completed(interview)
    if attempted_at > timezone.now() + timedelta(minutes=5):
        raise InterviewError("A contact attempt cannot be in the future.")
    attempt = ContactAttempt.objects.create(
        interview=interview,
        attempted_at=attempted_at,
        method=method,
        outcome=outcome,
        notes=notes.strip(),
        recorded_by=actor,
    )
    record_event(
        verb=AuditVerb.CONTACT_ATTEMPT_RECORDED,
        actor=actor,
        target=interview,
        child_id=interview.child_id,
        detail={"method": str(method), "outcome": str(outcome)},
    )
    return attempt


def _checked_content(interview: ReturnInterview, content: InterviewContent) -> dict[str, object]:
    config = casework_config()
    known_push = {c.code for c in config.push_factors}
    known_pull = {c.code for c in config.pull_factors}
    if not set(content.push_factors) <= known_push or not set(content.pull_factors) <= known_pull:
        raise InterviewError("Choose push and pull factors from the list.")
    if content.interviewed_at is not None and content.interviewed_at < interview.returned_at:
        raise InterviewError("The interview cannot be before the child returned.")
    values = asdict(content)
    return {k: v.strip() if isinstance(v, str) else v for k, v in values.items()}


@refuses_stale_saves
def save_interview(
    *, actor: User, interview: ReturnInterview, content: InterviewContent, expected_version: int
) -> ReturnInterview:
    """Save what was said; refused if someone else saved since `expected_version`."""
    _refuse_if_completed(interview)
    changes = _checked_content(interview, content)
    update_if_current(
        instance=interview,
        expected_version=expected_version,
        changes={**changes, "updated_at": timezone.now()},
        what="interview",
    )
    record_event(
        verb=AuditVerb.INTERVIEW_SAVED, actor=actor, target=interview, child_id=interview.child_id
    )
    return interview


def _outcome_changes(
    actor: User, outcome: InterviewOutcome, notes: str, service: str
) -> dict[str, object]:
    if outcome == InterviewOutcome.SIGNPOSTING and casework_config().service(service) is None:
        raise InterviewError("Choose the service the child or family was signposted to.")
    return {
        "outcome": outcome,
        "outcome_notes": notes.strip(),
        "signposted_service": service if outcome == InterviewOutcome.SIGNPOSTING else "",
        "status": InterviewStatus.COMPLETED,
        "completed_at": timezone.now(),
        "completed_by": actor,
        "updated_at": timezone.now(),
    }


@refuses_stale_saves
def complete_interview(
    *,
    actor: User,
    interview: ReturnInterview,
    content: InterviewContent,
    outcome: InterviewOutcome,
    expected_version: int,
    outcome_notes: str = "",
    signposted_service: str = "",
    late_reason: str = "",
) -> ReturnInterview:
    """Save the interview with its outcome, close its protocol task, and act on the outcome.
    An interview held after its task's deadline needs the reason."""
    _refuse_if_completed(interview)
    if content.interviewed_at is None:
        raise InterviewError("Enter when the interview (or the talk with the carers) took place.")
    late = content.interviewed_at > interview.task.due_at
    if late and not late_reason.strip():
        raise InterviewError("Enter why the interview took place after its deadline.")
    changes = _checked_content(interview, content)
    changes.update(_outcome_changes(actor, outcome, outcome_notes, signposted_service))
    changes["late_reason"] = late_reason.strip() if late else ""
    if interview.status == InterviewStatus.AWAITING_ASSIGNMENT:
        changes.update(assigned_to=actor, assigned_at=timezone.now())
    update_if_current(
        instance=interview,
        expected_version=expected_version,
        changes=changes,
        what="interview",
    )
    record_event(
        verb=AuditVerb.INTERVIEW_COMPLETED,
        actor=actor,
        target=interview,
        child_id=interview.child_id,
        detail={
            "outcome": str(outcome),
            "child_declined": content.child_declined,
            "late": late,
        },
    )
    task = ProtocolTask.objects.get(pk=interview.task_id)
    if task.status == TaskStatus.OPEN:
        close_task(actor=actor, task=task, status=TaskStatus.DONE)
    _act_on_outcome(actor=actor, interview=interview, outcome=outcome)
    return interview


def _act_on_outcome(*, actor: User, interview: ReturnInterview, outcome: InterviewOutcome) -> None:
    source = f"interview:{interview.pk}"
    if outcome == InterviewOutcome.CAF_BRIEF_INTERVENTION:
        today = timezone.localdate()
        start_intervention(
            actor=actor,
            child=interview.child,
            intervention_type=InterventionType.BRIEF_INTERVENTION,
            worker=interview.assigned_to or actor,
            start_date=today,
            planned_end_date=today + timedelta(days=casework_config().brief_intervention_max_days),
            interview=interview,
        )
    elif outcome == InterviewOutcome.SOCIAL_CARE_REFERRAL:
        raise_social_care_task(
            actor=actor,
            episode=interview.episode,
            rule="interview-referral",
            source=source,
            urgent=False,
        )
    elif outcome == InterviewOutcome.CHILD_PROTECTION:
        raise_social_care_task(
            actor=actor,
            episode=interview.episode,
            rule="child-protection",
            source=source,
            urgent=True,
        )
