"""Managed risk assessments: asked for when a placement with a care provider starts, recorded
(or reviewed) by the home or the child's social worker, and asked for again after each episode.
Recording an assessment completes the child's open assessment tasks. See docs/prevention.md."""

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from missinghub.accounts.models import Agency, AgencyKind, User
from missinghub.audit.enums import AuditVerb
from missinghub.audit.services import record_event
from missinghub.casework.models import (
    AssessmentTaskReason,
    AssessmentTaskStatus,
    ManagedRiskAssessment,
    ReportWhen,
    RiskAssessmentTask,
)
from missinghub.children.models import Child, Placement, PlacementType
from missinghub.children.selectors import current_placement
from missinghub.episodes.models import Episode

# Placements a care provider runs, whose home keeps a managed risk assessment for the child.
CARE_PLACEMENTS = frozenset(
    {
        PlacementType.FOSTER,
        PlacementType.CHILDRENS_HOME,
        PlacementType.SEMI_INDEPENDENT,
        PlacementType.SECURE,
    }
)
# Days the home has: to record an assessment after a placement starts, to review it after a
# return (the protocol's 72 hours for a return interview, so both meet the same facts).
RECORD_WITHIN_DAYS = 1
REVIEW_WITHIN_DAYS = 3


class AssessmentError(ValueError):
    """The assessment cannot be saved like that; the message says why."""


@dataclass(frozen=True)
class AssessmentContent:
    before_reporting: str
    report_when: ReportWhen
    who_to_tell: str
    review_by: dt.date
    report_after_hours: int | None = None
    conditions: str = ""

    def check(self) -> None:
        if not self.before_reporting.strip() or not self.who_to_tell.strip():
            raise AssessmentError("Say what the home does before reporting, and who it tells")
        hours = self.report_after_hours
        if (self.report_when == ReportWhen.AFTER_HOURS) != (hours is not None):
            raise AssessmentError("Give the hours only when the home reports after set hours")
        if hours is not None and not 1 <= hours <= 72:
            raise AssessmentError("The hours before reporting must be between 1 and 72")
        if self.report_when == ReportWhen.ON_CONDITIONS and not self.conditions.strip():
            raise AssessmentError("Write the conditions on which the home reports")


def _provider_of(placement: Placement | None) -> Agency | None:
    if placement is None or placement.placement_type not in CARE_PLACEMENTS:
        return None
    provider = placement.provider
    return provider if provider is not None and provider.kind == AgencyKind.CARE_PROVIDER else None


def _set_task(
    *, child: Child, owner: Agency, reason: AssessmentTaskReason, due_on: dt.date, **on: object
) -> RiskAssessmentTask | None:
    """One task per placement (or episode): a second call finds it already made."""
    try:
        with transaction.atomic():
            task = RiskAssessmentTask.objects.create(
                child=child, owner_agency=owner, reason=reason, due_on=due_on, **on
            )
    except IntegrityError:
        return None
    record_event(
        verb=AuditVerb.RISK_ASSESSMENT_TASK_SET,
        actor=None,
        target=task,
        child_id=child.pk,
        detail={"reason": str(reason), "owner_agency": owner.pk},
    )
    return task


def ask_on_placement(*, placement: Placement, actor: User | None = None) -> None:
    """Hook `children.placement_started`: a care placement asks its home for an assessment."""
    owner = _provider_of(placement)
    if owner is None or placement.end_date is not None:
        return
    _set_task(
        child=placement.child,
        owner=owner,
        reason=AssessmentTaskReason.PLACEMENT_STARTED,
        due_on=placement.start_date + dt.timedelta(days=RECORD_WITHIN_DAYS),
        placement=placement,
    )


def ask_for_review(*, episode: Episode, actor: User | None = None) -> None:
    """Hook `episodes.episode_returned`: the child's home reviews the assessment after a return."""
    owner = _provider_of(current_placement(episode.child))
    if owner is None or episode.returned_at is None:
        return
    returned_on = timezone.localdate(episode.returned_at)
    _set_task(
        child=episode.child,
        owner=owner,
        reason=AssessmentTaskReason.AFTER_EPISODE,
        due_on=returned_on + dt.timedelta(days=REVIEW_WITHIN_DAYS),
        episode=episode,
    )


@transaction.atomic
def record_assessment(
    *, actor: User, child: Child, content: AssessmentContent
) -> ManagedRiskAssessment:
    """A new assessment in force for the child; completes the child's open assessment tasks."""
    content.check()
    placement = current_placement(child)
    assessment = ManagedRiskAssessment.objects.create(
        child=child,
        placement=placement,
        provider=_provider_of(placement),
        before_reporting=content.before_reporting.strip(),
        report_when=content.report_when,
        report_after_hours=content.report_after_hours,
        conditions=content.conditions.strip(),
        who_to_tell=content.who_to_tell.strip(),
        review_by=content.review_by,
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    done = RiskAssessmentTask.objects.filter(child=child, status=AssessmentTaskStatus.OPEN).update(
        status=AssessmentTaskStatus.DONE, assessment=assessment
    )
    record_event(
        verb=AuditVerb.RISK_ASSESSMENT_RECORDED,
        actor=actor,
        target=assessment,
        child_id=child.pk,
        detail={"report_when": str(content.report_when), "tasks_done": done},
    )
    return assessment
