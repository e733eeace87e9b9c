"""The police review schedule by risk level, set in the protocol (docs/protocols.md): the
`police_reviews` block, the engine's decision, and one open review per missing episode that
follows the regradings, the reviews recorded and the return."""

import datetime as dt
import functools

import pytest
from django.utils import timezone

from missinghub.accounts.models import Role
from missinghub.audit.enums import AuditVerb
from missinghub.audit.models import AuditEvent
from missinghub.children.tests.factories import ChildFactory
from missinghub.episodes.intake import report_missing
from missinghub.episodes.models import Episode, EpisodeCategory, ReturnMethod, RiskLevel
from missinghub.episodes.services import record_return, regrade_risk
from missinghub.protocols.engine import ProtocolError, parse_protocol
from missinghub.protocols.engine.police_reviews import police_review_decision
from missinghub.protocols.models import ProtocolTask, TaskKind, TaskStatus
from missinghub.protocols.police_reviews import keep_police_reviews
from missinghub.protocols.registry import known_protocols

HOUR = dt.timedelta(hours=1)
MINIMAL = """\
name: reviews
version: "1"
title: Reviews
rules:
  - id: interview
    task: return_interview
    owner_team: Missing team
    trigger: returned
    due: {hours: 72}
"""


def test_the_block_sets_hours_by_level_and_the_decision_follows_it() -> None:
    protocol = parse_protocol(
        MINIMAL + "police_reviews:\n  owner_team: Missing persons unit\n"
        "  every_hours: {high: 2, medium: 8}\n"
    )
    since = dt.datetime(2026, 3, 2, 21, 0, tzinfo=dt.UTC)
    decide = functools.partial(
        police_review_decision, child_id="7", episode_id="9", since=since, number=3
    )
    high = decide(protocol, level="high")
    assert high is not None
    assert (high.task, high.owner_agency_kind, high.owner_team) == (
        "police_review",
        "police_force",
        "Missing persons unit",
    )
    assert high.due_at == since + 2 * HOUR
    assert high.key == "reviews/police-review/child:7/episode:9/review:3"
    assert decide(protocol, level="medium").due_at == since + 8 * HOUR  # type: ignore[union-attr]
    assert decide(protocol, level="low") is None  # not listed
    assert decide(parse_protocol(MINIMAL), level="high") is None


@pytest.mark.parametrize(
    ("block", "message"),
    [
        ("  every_hours: {urgent: 2}\n", "unknown key 'urgent'"),
        ("  every_hours: {high: 0}\n", "police_reviews/every_hours/high"),
        ("  owner_team: Unit\n", "'every_hours' is a required property"),
    ],
)
def test_a_bad_block_is_refused_with_its_line(block: str, message: str) -> None:
    with pytest.raises(ProtocolError, match=message) as refused:
        parse_protocol(MINIMAL + "police_reviews:\n" + block, source="reviews.yaml")
    assert str(refused.value).startswith(("reviews.yaml:10:", "reviews.yaml:11:"))


def test_hartlepool_ships_the_schedule_and_the_others_do_not() -> None:
    shipped = known_protocols()
    schedule = shipped["hartlepool-vemt"].police_reviews
    assert schedule is not None
    assert (
        schedule.hours_for("high"),
        schedule.hours_for("medium"),
        schedule.hours_for("low"),
    ) == (
        6,
        12,
        24,
    )
    assert [name for name, p in shipped.items() if p.police_reviews] == ["hartlepool-vemt"]


def _report(agencies, level: RiskLevel = RiskLevel.MEDIUM) -> Episode:
    reported = timezone.now() - 3 * HOUR
    return report_missing(
        actor=None,
        child=ChildFactory(given_name="Ali", family_name="Reviewfield"),
        category=EpisodeCategory.MISSING,
        last_seen_at=reported - HOUR,
        reported_at=reported,
        reporting_agency=agencies["police"],
        source_system="review-test",
        source_reference="R-1",
        risk_level=level,
        risk_reason="Missing from home overnight",
    )


def _reviews(episode: Episode) -> list[ProtocolTask]:
    return list(ProtocolTask.objects.filter(episode=episode, kind=TaskKind.POLICE_REVIEW))


@pytest.mark.django_db
def test_one_open_review_follows_the_risk_and_ends_with_the_return(
    settings, agencies, make_user
) -> None:
    settings.MISSINGHUB_ACTIVE_PROTOCOL = "hartlepool-vemt"
    episode = _report(agencies)
    [review] = _reviews(episode)
    assert (review.owner_agency, review.status) == (agencies["police"], TaskStatus.OPEN)
    assert review.due_at == episode.reported_at + 12 * HOUR  # medium: every 12 hours
    assert review.owner_team == "Cleveland Police missing from home team"

    supervisor = make_user("police", Role.POLICE_SUPERVISOR)
    grading = regrade_risk(
        actor=supervisor, episode=episode, level=RiskLevel.HIGH, reason="Phone now off"
    )
    [review] = _reviews(episode)
    assert review.due_at == grading.graded_at + 6 * HOUR  # high: sooner, from the regrading
    moved = AuditEvent.objects.get(verb=AuditVerb.PROTOCOL_TASK_RESCHEDULED)
    assert (moved.actor, moved.detail["level"]) == (supervisor, "high")
    assert keep_police_reviews(episode=episode) == review  # again: nothing changes
    assert AuditEvent.objects.filter(verb=AuditVerb.PROTOCOL_TASK_RESCHEDULED).count() == 1

    regrade_risk(
        actor=supervisor, episode=episode, level=RiskLevel.VERY_LOW, reason="Seen safe with aunt"
    )
    [review] = _reviews(episode)
    assert review.status == TaskStatus.CANCELLED  # very low is not reviewed on a schedule
    regrade_risk(actor=supervisor, episode=episode, level=RiskLevel.LOW, reason="Left the aunt's")
    cancelled, fresh = _reviews(episode)
    assert (cancelled.status, fresh.status) == (TaskStatus.CANCELLED, TaskStatus.OPEN)

    record_return(
        actor=supervisor,
        episode=episode,
        returned_at=timezone.now(),
        return_method=ReturnMethod.FOUND_BY_POLICE,
        where_found="Aunt's house",
    )
    assert {t.status for t in _reviews(episode)} == {TaskStatus.CANCELLED}


@pytest.mark.django_db
def test_a_protocol_without_the_block_makes_no_reviews(agencies) -> None:
    episode = _report(agencies, RiskLevel.HIGH)  # england-statutory, the default
    assert _reviews(episode) == []
