"""Reads of managed risk assessments and their tasks, scoped to the children the user may see."""

from django.db.models import QuerySet

from missinghub.access.policy import visible_child_ids
from missinghub.accounts.models import User
from missinghub.casework.models import (
    AssessmentTaskStatus,
    ManagedRiskAssessment,
    RiskAssessmentTask,
)
from missinghub.children.models import Child


def assessment_in_force(child: Child) -> ManagedRiskAssessment | None:
    """The child's newest assessment (each review is a new row)."""
    return (
        ManagedRiskAssessment.objects.filter(child=child)
        .select_related("recorded_by", "provider")
        .order_by("-recorded_at", "-id")
        .first()
    )


def child_for_assessment(*, user: User, child_id: int) -> Child | None:
    return Child.objects.filter(pk=child_id, pk__in=visible_child_ids(user)).first()


def earlier_assessments(child: Child) -> QuerySet[ManagedRiskAssessment]:
    return ManagedRiskAssessment.objects.filter(child=child).select_related("recorded_by")


def open_assessment_tasks_for_user(*, user: User) -> QuerySet[RiskAssessmentTask]:
    """Open tasks owned by the user's agency, for children it may see, soonest due first."""
    return RiskAssessmentTask.objects.filter(
        status=AssessmentTaskStatus.OPEN,
        owner_agency_id=user.agency_id,
        child_id__in=visible_child_ids(user),
    ).select_related("child")


def open_assessment_tasks_of_child(child: Child) -> QuerySet[RiskAssessmentTask]:
    return RiskAssessmentTask.objects.filter(child=child, status=AssessmentTaskStatus.OPEN)
