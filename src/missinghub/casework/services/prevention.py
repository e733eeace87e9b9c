"""Prevention work and return-interview quality audits: recorded and audited here.

Prevention activities are counts (no child). An audit scores one completed return interview
against the rubric in the casework configuration (`interview_audit`); one audit per interview."""

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from missinghub.accounts.models import User
from missinghub.audit.enums import AuditVerb
from missinghub.audit.services import record_event
from missinghub.casework.config import casework_config
from missinghub.casework.models import (
    AuditGrade,
    InterviewAudit,
    PreventionActivity,
    PreventionAudience,
    PreventionKind,
    ReturnInterview,
)


class PreventionError(ValueError):
    """The activity or audit cannot be saved like that; the message says why."""


@dataclass(frozen=True)
class ActivityContent:
    held_on: dt.date
    kind: PreventionKind
    audience: PreventionAudience
    reached: int
    area: str = ""
    setting: str = ""
    materials: str = ""
    notes: str = ""


def record_prevention_activity(*, actor: User, content: ActivityContent) -> PreventionActivity:
    if content.reached < 1:
        raise PreventionError("Give the number of people reached: 1 or more")
    if content.held_on > timezone.localdate():
        raise PreventionError("The date must be today or in the past")
    with transaction.atomic():
        activity = PreventionActivity.objects.create(
            agency_id=actor.agency_id,
            area=content.area.strip() or actor.agency.area,
            held_on=content.held_on,
            kind=content.kind,
            audience=content.audience,
            reached=content.reached,
            setting=content.setting.strip(),
            materials=content.materials.strip(),
            notes=content.notes.strip(),
            recorded_by=actor,
        )
        record_event(
            verb=AuditVerb.PREVENTION_RECORDED,
            actor=actor,
            target=activity,
            detail={"kind": str(content.kind), "reached": content.reached},
        )
    return activity


@dataclass(frozen=True)
class AuditContent:
    criteria_met: tuple[str, ...]
    grade: AuditGrade
    learning: str
    child_view_summary: str = ""


def record_interview_audit(
    *, actor: User, interview: ReturnInterview, content: AuditContent
) -> InterviewAudit:
    rubric = casework_config().interview_audit
    codes = {criterion.code for criterion in rubric.criteria}
    if not codes:
        raise PreventionError("No audit rubric is configured (casework interview_audit)")
    unknown = sorted(set(content.criteria_met) - codes)
    if unknown:
        raise PreventionError(f"Not a criterion of the rubric: {', '.join(unknown)}")
    if not interview.is_completed:
        raise PreventionError("Only a completed return interview can be audited")
    if not content.learning.strip():
        raise PreventionError("Write the learning for the team")
    try:
        with transaction.atomic():
            audit = InterviewAudit.objects.create(
                interview=interview,
                criteria_met=sorted(set(content.criteria_met)),
                criteria_total=len(codes),
                grade=content.grade,
                learning=content.learning.strip(),
                child_view_summary=content.child_view_summary.strip(),
                audited_by=actor,
                audited_at=timezone.now(),
            )
            record_event(
                verb=AuditVerb.INTERVIEW_AUDITED,
                actor=actor,
                target=audit,
                child_id=interview.child_id,
                detail={"grade": str(content.grade), "score": audit.score},
            )
    except IntegrityError as error:
        raise PreventionError("This interview has already been audited") from error
    return audit
