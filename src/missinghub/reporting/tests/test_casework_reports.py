"""Service and outcomes reports from casework rows, checked by hand on the small area."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from missinghub.accounts.models import Agency, Role
from missinghub.accounts.tests.factories import UserFactory
from missinghub.casework.models import (
    ContactAttempt,
    ContactMethod,
    ContactOutcome,
    Intervention,
    InterventionType,
    InterviewOutcome,
    InterviewStatus,
    ReturnInterview,
)
from missinghub.episodes.models import Episode, Notification
from missinghub.protocols.models import ProtocolTask, TaskKind
from missinghub.reporting.services import build_report
from missinghub_analytics.frames import Period

pytestmark = pytest.mark.django_db
YEAR = Period(dt.date(2024, 4, 1), dt.date(2025, 3, 31))
HOUR = dt.timedelta(hours=1)


def _task(episode: Episode, kind: str = TaskKind.RETURN_INTERVIEW) -> ProtocolTask:
    assert episode.returned_at is not None
    return ProtocolTask.objects.create(
        child=episode.child,
        episode=episode,
        kind=kind,
        owner_team="Missing team",
        triggered_at=episode.returned_at,
        due_at=episode.returned_at + 72 * HOUR,
        rule="interview-every-return",
        protocol_name="england-statutory",
        protocol_version="1",
        decision_key=f"{kind}-{episode.pk}",
    )


@pytest.fixture
def casework(small_area: dict[str, Any], agencies: dict[str, Agency]) -> dict[str, Any]:
    """Ada's two May returns and Ben's first return are due an interview:
    - Ada 1 May: contact 10 h after return, interview 20 h after (within 24 h);
    - Ada 20 May: the child declines when contacted 30 h after return;
    - Ben 7 June: never contacted.
    Each of those three episodes was notified to the missing team; Ben's fired a panel referral.
    Cal starts a brief intervention on 1 December 2024."""
    worker = UserFactory(agency=agencies["missing_team"], role=Role.MISSING_TEAM_WORKER)
    ada_episodes = list(
        Episode.objects.filter(
            child=small_area["ada"], reported_at__year=2024, reported_at__month=5
        ).order_by("reported_at")
    )
    ben_first = Episode.objects.filter(child=small_area["ben"]).order_by("reported_at").first()
    assert ben_first is not None
    for episode in [*ada_episodes, ben_first]:
        _task(episode)
        Notification.objects.create(
            child=episode.child,
            episode=episode,
            from_agency=agencies["police"],
            to_agency=agencies["missing_team"],
            purpose="Return interview",
            lawful_basis="test",
            sent_at=episode.reported_at,
            expires_at=episode.reported_at + dt.timedelta(days=30),
        )
    _task(ben_first, TaskKind.PANEL_REFERRAL)
    done, declined = (_interview(e, worker) for e in ada_episodes)
    _contact(done, worker, 10, ContactOutcome.INTERVIEW_ARRANGED)
    _complete(done, worker, 20)
    _contact(declined, worker, 30, ContactOutcome.DECLINED)
    Intervention.objects.create(
        child=small_area["cal"],
        intervention_type=InterventionType.BRIEF_INTERVENTION,
        worker=worker,
        start_date=dt.date(2024, 12, 1),
        planned_end_date=dt.date(2025, 2, 28),
    )
    return {"worker": worker}


def _interview(episode: Episode, worker: Any) -> ReturnInterview:
    assert episode.returned_at is not None
    return ReturnInterview.objects.create(
        task=ProtocolTask.objects.get(episode=episode, kind=TaskKind.RETURN_INTERVIEW),
        child=episode.child,
        episode=episode,
        returned_at=episode.returned_at,
        status=InterviewStatus.ASSIGNED,
        assigned_to=worker,
        assigned_at=episode.returned_at,
    )


def _contact(interview: ReturnInterview, worker: Any, hours: int, outcome: str) -> None:
    ContactAttempt.objects.create(
        interview=interview,
        attempted_at=interview.returned_at + hours * HOUR,
        method=ContactMethod.PHONE,
        outcome=outcome,
        recorded_by=worker,
    )


def _complete(interview: ReturnInterview, worker: Any, hours: int) -> None:
    interview.status = InterviewStatus.COMPLETED
    interview.interviewed_at = interview.returned_at + hours * HOUR
    interview.completed_at = interview.interviewed_at + HOUR
    interview.completed_by = worker
    interview.outcome = InterviewOutcome.NO_FURTHER_ACTION
    interview.save()


def test_service_measures_by_hand(casework: dict[str, Any]) -> None:
    data = build_report(kind="service", period=YEAR).data
    interviews = data["interviews"]
    assert interviews["returns"] == 3
    assert interviews["offered_share"] == pytest.approx(2 / 3)  # Ada twice; Ben never reached
    assert interviews["accepted_share"] == pytest.approx(1 / 2)  # one declined
    assert interviews["completed_within_24h"] == pytest.approx(1 / 3)
    assert interviews["completed_within_72h"] == pytest.approx(1 / 3)
    contact = data["contact_within_48h"]
    # First contact: Ada 1 May 10 h after the return (report + 13 h), 20 May 30 h after the
    # return (report + 60 h: too late); Ben none.
    assert contact == {"referrals": 3, "contacted_in_time": 1, "share": pytest.approx(1 / 3)}
    assert data["panel_referrals"] == 1
    assert [q["referrals"] for q in data["referrals_per_quarter"]] == [3]
    assert data["referrals_per_quarter"][0]["looked_after_share"] == pytest.approx(1 / 3)


def test_outcomes_intervention_against_interviewed_children(casework: dict[str, Any]) -> None:
    data = build_report(kind="outcomes", period=YEAR, change_date=dt.date(2024, 8, 1)).data
    groups = {g["group"]: g for g in data["intervention"]["groups"]}
    # Cal's intervention on 1 December: no later episode (his last was 1 November).
    assert groups["intervention"]["index_events"] == 1
    assert groups["intervention"]["went_missing_again"] == 0
    # Ada's completed interview (2 May): she went missing again on 20 May.
    comparison = groups["interviewed, no intervention"]
    assert (comparison["index_events"], comparison["went_missing_again"]) == (1, 1)
    assert any("randomised" in caveat for caveat in data["intervention"]["caveats"])
    before_after = {g["group"] for g in data["protocol_change"]["groups"]}
    assert before_after == {"before", "after"}
