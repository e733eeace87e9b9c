"""Exploitation screening (CSE and CCE): the worker answers each configured indicator yes, no or
possible, seen recently or earlier; the score and level are computed here from the configured
weights, and a high level raises a referral task for children's social care."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from missinghub.accounts.models import User
from missinghub.audit.enums import AuditVerb
from missinghub.audit.services import record_event
from missinghub.casework.config import ExploitationRules, ScreeningTool, casework_config
from missinghub.casework.models import (
    ExploitationLevel,
    ExploitationScreening,
    IndicatorAnswer,
    ReturnInterview,
    ScreeningAnswer,
    ScreeningKind,
)
from missinghub.casework.services.referrals import raise_social_care_task
from missinghub.children.models import Child
from missinghub.episodes.intake import mark_exploitation
from missinghub.episodes.models import Episode


class ScreeningError(ValueError):
    """The screening cannot be recorded that way; the message says why."""


@dataclass(frozen=True)
class Answer:
    """One indicator as the worker answered it."""

    indicator: str
    answer: IndicatorAnswer
    recent: bool = True


@dataclass(frozen=True)
class ScreeningResult:
    score: Decimal
    level: ExploitationLevel
    reason: str


def score_answers(
    *, rules: ExploitationRules, kind: str, answers: list[Answer], child_age: int
) -> ScreeningResult:
    """Sum each indicator's weight, times `possible_factor` when only possible and times
    `earlier_factor` when not recent; the level follows the configured thresholds. For a child
    `young_child_age` or under, one high indicator answered yes and recent makes the level high."""
    tool = rules.tools[kind]
    score = Decimal(0)
    young_and_high = False
    for answer in answers:
        if answer.answer == IndicatorAnswer.NO:
            continue
        weight = tool.indicator(answer.indicator).weight
        points = Decimal(rules.weights[weight])
        if answer.answer == IndicatorAnswer.POSSIBLE:
            points *= Decimal(str(rules.possible_factor))
        if not answer.recent:
            points *= Decimal(str(rules.earlier_factor))
        score += points
        if weight == "high" and answer.answer == IndicatorAnswer.YES and answer.recent:
            young_and_high = young_and_high or child_age <= rules.young_child_age
    score = score.quantize(Decimal("0.01"))
    if score >= Decimal(str(rules.high_at)):
        return ScreeningResult(score, ExploitationLevel.HIGH, f"Score {score} is high")
    if young_and_high:
        reason = f"Aged {child_age}: one high indicator, recent, is enough"
        return ScreeningResult(score, ExploitationLevel.HIGH, reason)
    if score >= Decimal(str(rules.medium_at)):
        return ScreeningResult(score, ExploitationLevel.MEDIUM, f"Score {score} is medium")
    return ScreeningResult(score, ExploitationLevel.LOW, f"Score {score} is low")


def _checked_answers(rules: ExploitationRules, kind: str, answers: list[Answer]) -> None:
    known = {indicator.code for indicator in rules.tools[kind].indicators}
    given = [answer.indicator for answer in answers]
    if len(given) != len(set(given)):
        raise ScreeningError("Answer each indicator once.")
    if not set(given) <= known:
        raise ScreeningError("Answer only the indicators on the list.")
    if set(given) != known:
        raise ScreeningError("Answer every indicator (no, possible or yes).")


def _store_answers(
    screening: ExploitationScreening, tool: ScreeningTool, answers: list[Answer]
) -> None:
    rows = []
    for answer in answers:
        indicator = tool.indicator(answer.indicator)
        rows.append(
            ScreeningAnswer(
                screening=screening,
                indicator=indicator.code,
                domain=indicator.domain_title,
                text=indicator.text,
                weight=indicator.weight,
                answer=answer.answer,
                recent=answer.recent,
            )
        )
    ScreeningAnswer.objects.bulk_create(rows)


@transaction.atomic
def record_screening(
    *,
    actor: User,
    child: Child,
    episode: Episode,
    kind: ScreeningKind,
    answers: list[Answer],
    screened_at: datetime | None = None,
    interview: ReturnInterview | None = None,
    notes: str = "",
) -> ExploitationScreening:
    """Store the screening with its answers (text and weight copied from today's list) and its
    computed level; a high level raises a social-care referral task."""
    if episode.child_id != child.pk:
        raise ScreeningError("The episode is not this child's.")
    rules = casework_config().exploitation
    _checked_answers(rules, kind, answers)
    screened_at = screened_at or timezone.now()
    age = child.age_on(timezone.localdate(screened_at))
    result = score_answers(rules=rules, kind=kind, answers=answers, child_age=age)
    screening = ExploitationScreening.objects.create(
        child=child,
        episode=episode,
        interview=interview,
        kind=kind,
        screened_at=screened_at,
        screened_by=actor,
        child_age=age,
        score=result.score,
        level=result.level,
        level_reason=result.reason,
        notes=notes.strip(),
    )
    _store_answers(screening, rules.tools[kind], answers)
    _audit_and_refer(actor, screening)
    return screening


def _flag_exploitation(actor: User, screening: ExploitationScreening) -> None:
    """A high screening marks the episode with an exploitation concern (Episode.exploitation_flag),
    which protocols (Plymouth's "vulnerable") and the analyses read: through the one intake."""
    mark_exploitation(
        actor=actor,
        episode=screening.episode,
        source="screening",
        detail={"screening_id": screening.pk},
    )


def _audit_and_refer(actor: User, screening: ExploitationScreening) -> None:
    record_event(
        verb=AuditVerb.SCREENING_RECORDED,
        actor=actor,
        target=screening,
        child_id=screening.child_id,
        detail={
            "kind": str(screening.kind),
            "level": str(screening.level),
            "score": str(screening.score),
        },
    )
    if screening.level == ExploitationLevel.HIGH:
        _flag_exploitation(actor, screening)
        raise_social_care_task(
            actor=actor,
            episode=screening.episode,
            rule="screening-high",
            source=f"screening:{screening.pk}",
            urgent=False,
        )
