"""Interventions: start, record sessions and take-up, end with a reason."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from missinghub.accounts.models import User
from missinghub.audit.enums import AuditVerb
from missinghub.audit.services import record_event
from missinghub.casework.config import casework_config
from missinghub.casework.models import (
    Intervention,
    InterventionEndReason,
    InterventionType,
    ReturnInterview,
)
from missinghub.casework.services.concurrency import refuses_stale_saves, update_if_current
from missinghub.children.models import Child


class InterventionError(ValueError):
    """The intervention cannot be recorded that way; the message says why."""


@transaction.atomic
def record_intervention_viewed(*, actor: User, intervention: Intervention) -> None:
    """A look at an intervention page (it names the child) goes into the audit trail."""
    record_event(
        verb=AuditVerb.INTERVENTION_VIEWED,
        actor=actor,
        target=intervention,
        child_id=intervention.child_id,
    )


def start_intervention(
    *,
    actor: User,
    child: Child,
    intervention_type: InterventionType,
    worker: User,
    start_date: date,
    planned_end_date: date,
    sessions_planned: int = 0,
    interview: ReturnInterview | None = None,
) -> Intervention:
    """Start an intervention. A brief intervention lasts at most the configured days (3 months);
    the database refuses a planned end before the start."""
    longest = casework_config().brief_intervention_max_days
    if (
        intervention_type == InterventionType.BRIEF_INTERVENTION
        and (planned_end_date - start_date).days > longest
    ):
        raise InterventionError(f"A brief intervention lasts at most {longest} days.")
    intervention = Intervention.objects.create(
        child=child,
        interview=interview,
        intervention_type=intervention_type,
        worker=worker,
        start_date=start_date,
        planned_end_date=planned_end_date,
        sessions_planned=sessions_planned,
    )
    record_event(
        verb=AuditVerb.INTERVENTION_STARTED,
        actor=actor,
        target=intervention,
        child_id=child.pk,
        detail={"type": str(intervention_type), "worker_id": worker.pk},
    )
    return intervention


@refuses_stale_saves
def record_take_up(
    *,
    actor: User,
    intervention: Intervention,
    expected_version: int,
    child_took_up: bool | None,
    family_took_up: bool | None,
    sessions_attended: int,
) -> Intervention:
    if intervention.ended_on is not None:
        raise InterventionError("This intervention has ended.")
    if sessions_attended > intervention.sessions_planned:
        raise InterventionError(
            f"Sessions attended cannot be more than the {intervention.sessions_planned} planned."
        )
    update_if_current(
        instance=intervention,
        expected_version=expected_version,
        changes={
            "child_took_up": child_took_up,
            "family_took_up": family_took_up,
            "sessions_attended": sessions_attended,
        },
        what="intervention",
    )
    record_event(
        verb=AuditVerb.INTERVENTION_UPDATED,
        actor=actor,
        target=intervention,
        child_id=intervention.child_id,
        detail={"sessions_attended": sessions_attended},
    )
    return intervention


@refuses_stale_saves
def end_intervention(
    *,
    actor: User,
    intervention: Intervention,
    expected_version: int,
    ended_on: date,
    end_reason: InterventionEndReason,
) -> Intervention:
    if intervention.ended_on is not None:
        raise InterventionError("This intervention has already ended.")
    if ended_on > timezone.localdate():
        raise InterventionError("An intervention cannot end in the future.")
    update_if_current(
        instance=intervention,
        expected_version=expected_version,
        changes={"ended_on": ended_on, "end_reason": end_reason},
        what="intervention",
    )
    record_event(
        verb=AuditVerb.INTERVENTION_ENDED,
        actor=actor,
        target=intervention,
        child_id=intervention.child_id,
        detail={"end_reason": str(end_reason)},
    )
    return intervention
