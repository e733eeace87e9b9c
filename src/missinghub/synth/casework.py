"""Return interviews after every return, and every attempt to make contact. Pure numpy.

The statutory guidance (DfE 2014) says every child is offered an interview after every episode,
within 72 hours of return. Each returned episode therefore has one row: reached or not, declined
or accepted, when the interview (or the talk with the carers, when the child declined) took place,
its outcome and the push and pull factors named. Lists of codes come from the shipped casework
configuration (`casework/casework.yaml`), read here as plain YAML (no Django).
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import yaml

from missinghub.synth.clock import MINUTES_PER_DAY, BoolArray, IntArray, utc_to_london
from missinghub.synth.episodes import Episodes
from missinghub.synth.parameters import InterviewParameters

CASEWORK_CONFIG = Path(__file__).resolve().parents[1] / "casework" / "casework.yaml"
# Codes as in missinghub.casework.models (a test checks they match).
OUTCOMES = (
    "no_further_action",
    "signposting",
    "early_help",
    "caf_brief_intervention",
    "social_care_referral",
    "child_protection",
)
NO_FURTHER_ACTION, SIGNPOSTING, EARLY_HELP, CAF_BRIEF_INTERVENTION = 0, 1, 2, 3
CONTACT_METHODS = ("phone", "text", "visit", "letter", "email")
CONTACT_OUTCOMES = ("spoke_to_child", "spoke_to_carer", "interview_arranged", "no_answer",
                    "message_left", "declined")  # fmt: skip
# How the team tries (assumptions): failed tries mostly by phone or text; the contact that
# reaches someone by phone or a visit.
FAILED_METHOD_WEIGHTS = (0.60, 0.30, 0.10, 0.0, 0.0)
REACHED_METHOD_WEIGHTS = (0.60, 0.10, 0.30, 0.0, 0.0)
NOT_REACHED_ATTEMPTS = 3  # tries in the 72 hours after return when no one is ever reached
HOURS = 60


@dataclass(frozen=True)
class CaseworkLists:
    push_factors: tuple[str, ...]
    pull_factors: tuple[str, ...]
    services: tuple[str, ...]
    level_thresholds: tuple[float, float]  # score at or above: medium, high
    brief_intervention_days: int


@cache
def casework_lists(path: Path = CASEWORK_CONFIG) -> CaseworkLists:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    levels = raw["exploitation"]["levels"]
    return CaseworkLists(
        push_factors=tuple(item["code"] for item in raw["push_factors"]),
        pull_factors=tuple(item["code"] for item in raw["pull_factors"]),
        services=tuple(item["code"] for item in raw["services"]),
        level_thresholds=(float(levels["medium"]), float(levels["high"])),
        brief_intervention_days=int(raw["brief_intervention_max_days"]),
    )


@dataclass
class Interviews:
    """One row per returned episode (the return due an interview offer)."""

    episode: IntArray  # row in Episodes
    returned: IntArray
    reached: BoolArray  # someone was reached before the end of the period
    contacted: IntArray  # minutes; meaningless unless `reached`
    declined: BoolArray
    held: BoolArray  # the interview (or the talk with carers) took place before the end
    interviewed: IntArray  # minutes; meaningless unless `held`
    outcome: IntArray  # code into OUTCOMES; -1 unless held
    service: IntArray  # signposting service; -1 unless signposted
    push: BoolArray  # (rows, push factors)
    pull: BoolArray  # (rows, pull factors)

    @property
    def size(self) -> int:
        return len(self.episode)

    @property
    def completed(self) -> BoolArray:
        """Held with the child (not declined)."""
        return np.asarray(self.held & ~self.declined, dtype=bool)


@dataclass
class Attempts:
    interview: IntArray  # row in Interviews
    at: IntArray
    method: IntArray
    outcome: IntArray


def _lognormal_minutes(
    rng: np.random.Generator, median_hours: float, sigma: float, n: int
) -> IntArray:
    hours = rng.lognormal(np.log(median_hours), sigma, n)
    return np.asarray(np.maximum(hours * HOURS, 5).astype(np.int64), dtype=np.int64)


def draw_interviews(
    rng: np.random.Generator, found: Episodes, end: int, params: InterviewParameters
) -> Interviews:
    """`end`: the first minute after the period (UTC); nothing after it has happened yet."""
    episode = np.flatnonzero(~found.still_open)
    n = len(episode)
    returned = found.returned[episode]
    contacted = returned + _lognormal_minutes(
        rng, params.contact_median_hours, params.contact_sigma, n
    )
    reached = (rng.random(n) < params.offered_share) & (contacted < end)
    declined = reached & (rng.random(n) < params.declined_share)
    gap = _lognormal_minutes(rng, params.interview_gap_median_hours, params.interview_gap_sigma, n)
    interviewed = np.where(declined, contacted + 30, contacted + gap)
    held = reached & (interviewed < end)
    outcome = _draw_outcomes(rng, declined, held, params)
    lists = casework_lists()
    signposted = outcome == SIGNPOSTING
    service = np.where(signposted, rng.integers(0, len(lists.services), n), -1)
    completed = held & ~declined
    county_lines = found.county_lines[episode]
    in_care = found.placement_type[episode] != 0
    return Interviews(
        episode=episode,
        returned=returned,
        reached=reached,
        contacted=contacted,
        declined=declined,
        held=held,
        interviewed=interviewed,
        outcome=outcome,
        service=np.asarray(service, dtype=np.int64),
        push=_factors(rng, lists.push_factors, completed, county_lines, in_care, params),
        pull=_factors(rng, lists.pull_factors, completed, county_lines, in_care, params),
    )


def _draw_outcomes(
    rng: np.random.Generator, declined: BoolArray, held: BoolArray, params: InterviewParameters
) -> IntArray:
    """Outcome mix for interviews held with the child; when the child declined, the carers'
    account ends in no further action or signposting in the same proportion as those two."""
    weights = np.asarray(params.outcome_weights) / sum(params.outcome_weights)
    outcome = rng.choice(len(OUTCOMES), size=len(held), p=weights)
    carers = np.where(rng.random(len(held)) * (weights[0] + weights[1]) < weights[0], 0, 1)
    outcome = np.where(declined, carers, outcome)
    return np.asarray(np.where(held, outcome, -1), dtype=np.int64)


def _factors(
    rng: np.random.Generator,
    codes: tuple[str, ...],
    completed: BoolArray,
    county_lines: BoolArray,
    in_care: BoolArray,
    params: InterviewParameters,
) -> BoolArray:
    chance = np.tile(
        [params.factor_chances.get(code, params.other_factor_chance) for code in codes],
        (len(completed), 1),
    )
    for column, code in enumerate(codes):
        if code == "county_lines":
            chance[county_lines, column] = params.county_lines_factor_chance
        if code == "placement_unhappy":
            chance[~in_care, column] = 0.0
    named = rng.random(chance.shape) < chance
    return np.asarray(named & completed[:, None], dtype=bool)


def draw_attempts(
    rng: np.random.Generator, interviews: Interviews, end: int, params: InterviewParameters
) -> Attempts:
    """Failed tries before the contact that reached someone (or tries that never reached anyone),
    then that contact: the child agrees to meet, or declines."""
    n = interviews.size
    weights = np.asarray(params.failed_attempt_weights) / sum(params.failed_attempt_weights)
    failed = np.where(
        interviews.reached, rng.choice(len(weights), size=n, p=weights), NOT_REACHED_ATTEMPTS
    )
    row = np.repeat(np.arange(n), failed)
    window = np.where(interviews.reached, interviews.contacted - interviews.returned, 72 * HOURS)[
        row
    ]
    at = interviews.returned[row] + (rng.random(len(row)) * window).astype(np.int64)
    reached = np.flatnonzero(interviews.reached)
    rows = np.r_[row, reached]
    times = np.r_[at, interviews.contacted[reached]]
    outcome = np.r_[
        np.where(rng.random(len(row)) < 0.6, 3, 4),  # no answer, message left
        np.where(interviews.declined[reached], 5, 2),  # declined, interview arranged
    ]
    method = np.r_[
        rng.choice(5, size=len(row), p=FAILED_METHOD_WEIGHTS),
        rng.choice(5, size=len(reached), p=REACHED_METHOD_WEIGHTS),
    ]
    keep = times < end
    order = np.lexsort((times[keep], rows[keep]))
    return Attempts(
        interview=rows[keep][order],
        at=times[keep][order],
        method=np.asarray(method[keep][order], dtype=np.int64),
        outcome=np.asarray(outcome[keep][order], dtype=np.int64),
    )


def local_day(utc_minutes: IntArray) -> IntArray:
    return np.asarray(utc_to_london(utc_minutes) // MINUTES_PER_DAY, dtype=np.int64)
