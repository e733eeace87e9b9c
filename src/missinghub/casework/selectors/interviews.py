"""Reads of return interviews, screenings and interventions, scoped to the children the user's
agency may see."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet

from missinghub.access.policy import visible_child_ids
from missinghub.access.roles import Action, roles_that
from missinghub.accounts.models import User
from missinghub.casework.models import (
    ExploitationScreening,
    Intervention,
    InterviewOutcome,
    InterviewStatus,
    ReturnInterview,
)
from missinghub.protocols.models import ProtocolTask, TaskKind
from missinghub.protocols.selectors import tasks_for_user


def interviews_for_user(*, user: User) -> QuerySet[ReturnInterview]:
    return ReturnInterview.objects.filter(child_id__in=visible_child_ids(user)).select_related(
        "child", "episode", "task", "assigned_to", "completed_by"
    )


def interview_for_user(*, user: User, interview_id: int) -> ReturnInterview | None:
    return (
        interviews_for_user(user=user)
        .prefetch_related("contact_attempts__recorded_by", "screenings", "interventions")
        .filter(pk=interview_id)
        .first()
    )


def interview_task_for_user(*, user: User, task_id: int) -> ProtocolTask | None:
    return tasks_for_user(user=user).filter(pk=task_id, kind=TaskKind.RETURN_INTERVIEW).first()


_OUTCOME_LABELS: dict[str, str] = dict(InterviewOutcome.choices)


@dataclass(frozen=True, slots=True)
class InterviewRow:
    """One line of a child's list of return interviews (no model instance, no related rows)."""

    pk: int
    status: str
    outcome: str
    child_declined: bool
    interviewed_at: datetime | None
    returned_at: datetime

    @property
    def is_completed(self) -> bool:
        return self.status == InterviewStatus.COMPLETED

    @property
    def status_label(self) -> str:
        return InterviewStatus(self.status).label

    @property
    def outcome_label(self) -> str:
        return _OUTCOME_LABELS.get(self.outcome, self.outcome)


def interview_rows_of_child_for_user(*, user: User, child_id: int) -> list[InterviewRow]:
    """The child's interviews for a list or timeline, as plain rows."""
    visible = visible_child_ids(user, child_id=child_id)
    rows = ReturnInterview.objects.filter(child_id__in=visible).values_list(
        "pk", "status", "outcome", "child_declined", "interviewed_at", "returned_at"
    )
    return [InterviewRow(*row) for row in rows]


def screenings_for_user(*, user: User) -> QuerySet[ExploitationScreening]:
    return ExploitationScreening.objects.filter(
        child_id__in=visible_child_ids(user)
    ).select_related("child", "episode", "screened_by")


def screening_for_user(*, user: User, screening_id: int) -> ExploitationScreening | None:
    return (
        screenings_for_user(user=user).prefetch_related("answers").filter(pk=screening_id).first()
    )


def interventions_for_user(*, user: User) -> QuerySet[Intervention]:
    return Intervention.objects.filter(child_id__in=visible_child_ids(user)).select_related(
        "child", "worker", "interview"
    )


def screenings_of_child_for_user(*, user: User, child_id: int) -> QuerySet[ExploitationScreening]:
    visible = visible_child_ids(user, child_id=child_id)
    return ExploitationScreening.objects.filter(child_id__in=visible)


def interventions_of_child_for_user(*, user: User, child_id: int) -> QuerySet[Intervention]:
    visible = visible_child_ids(user, child_id=child_id)
    return Intervention.objects.filter(child_id__in=visible).select_related("worker")


def intervention_for_user(*, user: User, intervention_id: int) -> Intervention | None:
    return interventions_for_user(user=user).filter(pk=intervention_id).first()


def team_workers(*, user: User) -> QuerySet[User]:
    """The people of the user's own agency who can take an interview or an intervention."""
    return User.objects.filter(
        agency_id=user.agency_id, is_active=True, role__in=roles_that(Action.CONDUCT_INTERVIEWS)
    ).order_by("first_name", "last_name", "username")
