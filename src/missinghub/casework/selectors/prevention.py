"""Reads of prevention work (the user's area) and return-interview audits (interviews the
user's agency owns, for children it may see)."""

import datetime as dt
import hashlib

from django.db.models import QuerySet

from missinghub.access.policy import visible_child_ids
from missinghub.accounts.models import User
from missinghub.casework.models import (
    InterviewAudit,
    InterviewStatus,
    PreventionActivity,
    ReturnInterview,
)


def prevention_for_user(*, user: User) -> QuerySet[PreventionActivity]:
    """Prevention work done in the user's agency's area (by any agency there)."""
    return PreventionActivity.objects.filter(area=user.agency.area).select_related("agency")


def _auditable(user: User) -> QuerySet[ReturnInterview]:
    return ReturnInterview.objects.filter(
        status=InterviewStatus.COMPLETED,
        task__owner_agency_id=user.agency_id,
        child_id__in=visible_child_ids(user),
    )


def audits_for_user(*, user: User) -> QuerySet[InterviewAudit]:
    return InterviewAudit.objects.filter(interview__in=_auditable(user)).select_related(
        "interview", "interview__child", "audited_by"
    )


def auditable_interview_for_user(*, user: User, interview_id: int) -> ReturnInterview | None:
    return _auditable(user).select_related("child").filter(pk=interview_id).first()


def _sample_order(month: dt.date, interview_id: int) -> str:
    """A fixed shuffle per month: the same month always samples the same interviews."""
    return hashlib.sha256(f"{month:%Y-%m}:{interview_id}".encode()).hexdigest()


def audit_sample_for_user(*, user: User, month: dt.date, size: int) -> list[ReturnInterview]:
    """`size` interviews completed in `month` (UK dates) not yet audited, drawn at random but
    the same each time the month's sample is asked for."""
    first = month.replace(day=1)
    after = (first + dt.timedelta(days=32)).replace(day=1)
    completed = list(
        _auditable(user)
        .filter(
            completed_at__date__gte=first,
            completed_at__date__lt=after,
            quality_audit__isnull=True,
        )
        .select_related("child")
    )
    completed.sort(key=lambda interview: _sample_order(first, interview.pk))
    return completed[:size]
