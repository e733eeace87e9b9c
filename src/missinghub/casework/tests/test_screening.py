"""Exploitation screening: scoring from the configured weights, the young-child rule, and the
social-care referral a high level raises."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from missinghub.audit.enums import AuditVerb
from missinghub.audit.models import AuditEvent
from missinghub.casework.config import casework_config
from missinghub.casework.models import (
    ExploitationLevel,
    ExploitationScreening,
    IndicatorAnswer,
    ScreeningKind,
)
from missinghub.casework.services.screening import (
    Answer,
    ScreeningError,
    record_screening,
    score_answers,
)
from missinghub.protocols.models import ProtocolTask, TaskKind

pytestmark = pytest.mark.django_db

YES, NO, POSSIBLE = IndicatorAnswer.YES, IndicatorAnswer.NO, IndicatorAnswer.POSSIBLE
# Three high-weight criminal exploitation indicators, recent: a high level.
HIGH_CCE = {
    "cce_found_out_of_area": (YES, True),
    "cce_drugs_found": (YES, True),
    "cce_debt": (YES, True),
}


def answers_for(kind: str, **given: tuple[IndicatorAnswer, bool]) -> list[Answer]:
    """Every indicator of the tool answered `no`, except those named (answer, recent)."""
    tool = casework_config().exploitation.tools[kind]
    return [
        Answer(i.code, *given.get(i.code, (NO, True)))  # type: ignore[arg-type]
        for i in tool.indicators
    ]


def score(kind: str, age: int, **given: tuple[IndicatorAnswer, bool]):
    rules = casework_config().exploitation
    return score_answers(rules=rules, kind=kind, answers=answers_for(kind, **given), child_age=age)


def test_all_no_scores_zero_and_low():
    result = score("cse", 15)
    assert (result.score, result.level) == (Decimal("0.00"), ExploitationLevel.LOW)


def test_weights_possible_and_earlier_follow_the_configuration():
    rules = casework_config().exploitation
    high, medium = rules.weights["high"], rules.weights["medium"]
    result = score(
        "cce",
        16,
        cce_found_out_of_area=(YES, True),  # high, recent: full weight
        cce_cash_phones=(POSSIBLE, True),  # medium, possible
        cce_debt=(YES, False),  # high, earlier
    )
    expected = (
        high
        + Decimal(medium) * Decimal(str(rules.possible_factor))
        + Decimal(high) * Decimal(str(rules.earlier_factor))
    )
    assert result.score == Decimal(expected).quantize(Decimal("0.01"))
    assert result.level == ExploitationLevel.MEDIUM


def test_enough_points_make_the_level_high():
    result = score(
        "cse",
        16,
        cse_older_partner=(YES, True),
        cse_unknown_addresses=(YES, True),
        cse_gifts=(YES, True),
    )
    assert result.level == ExploitationLevel.HIGH
    assert result.score >= Decimal(str(casework_config().exploitation.high_at))


def test_for_a_child_of_13_one_recent_high_indicator_is_enough():
    young = score("cse", 13, cse_online_images=(YES, True))
    older = score("cse", 14, cse_online_images=(YES, True))
    assert young.level == ExploitationLevel.HIGH
    assert "Aged 13" in young.reason
    assert older.level == ExploitationLevel.LOW
    assert young.score == older.score


def test_the_young_child_rule_needs_yes_and_recent():
    assert score("cse", 12, cse_online_images=(POSSIBLE, True)).level == ExploitationLevel.LOW
    assert score("cse", 12, cse_online_images=(YES, False)).level == ExploitationLevel.LOW
    assert score("cse", 12, cse_gifts=(YES, True)).level == ExploitationLevel.LOW  # medium


def test_a_high_screening_is_stored_and_raises_a_social_care_referral(worker, interview, agencies):
    child = interview.child
    screening = record_screening(
        actor=worker,
        child=child,
        episode=interview.episode,
        kind=ScreeningKind.CCE,
        answers=answers_for("cce", **HIGH_CCE),
        interview=interview,
    )
    assert screening.level == ExploitationLevel.HIGH
    assert screening.child_age == child.age_on(timezone.localdate())
    stored = {a.indicator: (a.answer, a.weight) for a in screening.answers.all()}
    assert stored["cce_debt"] == ("yes", "high")
    assert stored["cce_school_exclusion"] == ("no", "low")
    task = ProtocolTask.objects.get(protocol_name="casework", rule="screening-high")
    assert (task.kind, task.owner_agency) == (TaskKind.SOCIAL_CARE_ALERT, agencies["social_care"])
    assert task.due_at - task.triggered_at == dt.timedelta(hours=24)
    event = AuditEvent.objects.get(verb=AuditVerb.SCREENING_RECORDED)
    assert event.detail == {"kind": "cce", "level": "high", "score": str(screening.score)}


def test_a_low_screening_raises_no_task(worker, interview):
    record_screening(
        actor=worker,
        child=interview.child,
        episode=interview.episode,
        kind=ScreeningKind.CSE,
        answers=answers_for("cse", cse_self_harm=(YES, True)),
    )
    assert ExploitationScreening.objects.get().level == ExploitationLevel.LOW
    assert not ProtocolTask.objects.filter(protocol_name="casework").exists()


def test_every_indicator_is_answered_once_from_the_list(worker, interview):
    full = answers_for("cse")
    cases = {
        "every indicator": full[:-1],
        "only the indicators": [*full, Answer("made_up", YES)],
        "once": [*full, full[0]],
    }
    for message, answers in cases.items():
        with pytest.raises(ScreeningError, match=message):
            record_screening(
                actor=worker,
                child=interview.child,
                episode=interview.episode,
                kind=ScreeningKind.CSE,
                answers=answers,
            )
    assert not ExploitationScreening.objects.exists()
