"""Interventions: start (a brief intervention lasts at most the configured 3 months), take-up and
sessions, end with a reason; stale updates are refused."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from missinghub.audit.enums import AuditVerb
from missinghub.audit.models import AuditEvent
from missinghub.casework.models import Intervention, InterventionEndReason, InterventionType
from missinghub.casework.services.concurrency import EditConflict
from missinghub.casework.services.interventions import (
    InterventionError,
    end_intervention,
    record_take_up,
    start_intervention,
)

pytestmark = pytest.mark.django_db


def start(worker, child, kind=InterventionType.MENTORING, days=60) -> Intervention:
    today = timezone.localdate()
    return start_intervention(
        actor=worker,
        child=child,
        intervention_type=kind,
        worker=worker,
        start_date=today - dt.timedelta(days=7),
        planned_end_date=today - dt.timedelta(days=7) + dt.timedelta(days=days),
        sessions_planned=6,
    )


def test_an_intervention_runs_from_start_to_end(worker, interview):
    intervention = start(worker, interview.child)
    record_take_up(
        actor=worker,
        intervention=intervention,
        expected_version=1,
        child_took_up=True,
        family_took_up=None,
        sessions_attended=3,
    )
    end_intervention(
        actor=worker,
        intervention=intervention,
        expected_version=2,
        ended_on=timezone.localdate(),
        end_reason=InterventionEndReason.DISENGAGED,
    )
    stored = Intervention.objects.get(pk=intervention.pk)
    assert (stored.child_took_up, stored.family_took_up, stored.sessions_attended) == (
        True,
        None,
        3,
    )
    assert (stored.end_reason, stored.is_open, stored.version) == ("disengaged", False, 3)
    verbs = set(AuditEvent.objects.filter(child_id=stored.child_id).values_list("verb", flat=True))
    assert {
        AuditVerb.INTERVENTION_STARTED,
        AuditVerb.INTERVENTION_UPDATED,
        AuditVerb.INTERVENTION_ENDED,
    } <= verbs
    with pytest.raises(InterventionError, match="ended"):
        end_intervention(
            actor=worker,
            intervention=stored,
            expected_version=3,
            ended_on=timezone.localdate(),
            end_reason=InterventionEndReason.COMPLETED,
        )


def test_a_brief_intervention_lasts_at_most_three_months(worker, interview):
    with pytest.raises(InterventionError, match="at most 92 days"):
        start(worker, interview.child, kind=InterventionType.BRIEF_INTERVENTION, days=93)
    assert start(worker, interview.child, kind=InterventionType.BRIEF_INTERVENTION, days=92)
    assert start(worker, interview.child, kind=InterventionType.FAMILY_SUPPORT, days=200)


def test_an_end_in_the_future_or_a_stale_update_is_refused(worker, interview):
    intervention = start(worker, interview.child)
    with pytest.raises(InterventionError, match="future"):
        end_intervention(
            actor=worker,
            intervention=intervention,
            expected_version=1,
            ended_on=timezone.localdate() + dt.timedelta(days=1),
            end_reason=InterventionEndReason.COMPLETED,
        )
    stale = Intervention.objects.get(pk=intervention.pk)
    record_take_up(
        actor=worker,
        intervention=intervention,
        expected_version=1,
        child_took_up=True,
        family_took_up=True,
        sessions_attended=1,
    )
    with pytest.raises(EditConflict):
        end_intervention(
            actor=worker,
            intervention=stale,
            expected_version=1,
            ended_on=timezone.localdate(),
            end_reason=InterventionEndReason.COMPLETED,
        )
    assert Intervention.objects.get(pk=intervention.pk).is_open


def test_the_database_refuses_a_planned_end_before_the_start(worker, interview):
    intervention = start(worker, interview.child)
    intervention.planned_end_date = intervention.start_date - dt.timedelta(days=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        intervention.save()
