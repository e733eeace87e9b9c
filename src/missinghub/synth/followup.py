"""What follows a completed return interview: exploitation screenings and interventions.

Pure numpy. Screening levels use the score bands of the shipped casework configuration; a
brief intervention lasts the configured maximum (3 months).
"""

from dataclasses import dataclass

import numpy as np

from missinghub.synth.casework import (
    CAF_BRIEF_INTERVENTION,
    EARLY_HELP,
    Interviews,
    casework_lists,
    local_day,
)
from missinghub.synth.clock import BoolArray, IntArray
from missinghub.synth.episodes import Episodes
from missinghub.synth.parameters import InterventionParameters, ScreeningParameters

# Codes as in missinghub.casework.models (a test checks they match).
SCREENING_KINDS = ("cse", "cce")
LEVELS = ("low", "medium", "high")
INTERVENTION_TYPES = ("brief_intervention", "one_to_one", "family_support", "mentoring",
                      "group_work", "other")  # fmt: skip
END_REASONS = ("completed", "disengaged", "stepped_up", "moved_away", "other")
HIGH_BAND_WIDTH = 8.0  # high scores run from the high threshold to this much above it


@dataclass
class Screenings:
    interview: IntArray  # row in Interviews
    kind: IntArray
    level: IntArray
    score: np.ndarray  # float, in halves
    age: IntArray


@dataclass
class Interventions:
    interview: IntArray
    kind: IntArray
    start: IntArray  # day
    planned_end: IntArray
    sessions_planned: IntArray
    sessions_attended: IntArray
    child_took_up: BoolArray
    family_took_up: BoolArray
    ended: IntArray  # day; meaningless where `still_open`
    end_reason: IntArray
    still_open: BoolArray


def _first_of_each_child(child: IntArray) -> BoolArray:
    first = np.zeros(len(child), dtype=bool)
    first[np.unique(child, return_index=True)[1]] = True
    return first


def draw_screenings(
    rng: np.random.Generator,
    interviews: Interviews,
    found: Episodes,
    date_of_birth: IntArray,
    params: ScreeningParameters,
) -> Screenings:
    done = np.flatnonzero(interviews.completed)
    episode = interviews.episode[done]
    child = found.child[episode]
    county_lines = found.county_lines[episode]
    chance = np.where(
        county_lines,
        params.county_lines_chance,
        np.where(
            _first_of_each_child(child),
            params.first_interview_chance,
            params.later_interview_chance,
        ),
    )
    picked = rng.random(len(done)) < chance
    done, child, county_lines = done[picked], child[picked], county_lines[picked]
    n = len(done)
    kind = np.where(county_lines | (rng.random(n) >= params.cse_share_otherwise), 1, 0)
    level = np.where(
        county_lines,
        rng.choice(3, size=n, p=_normal(params.county_lines_level_weights)),
        rng.choice(3, size=n, p=_normal(params.other_level_weights)),
    )
    medium, high = casework_lists().level_thresholds
    low_edge = np.asarray([0.0, medium, high])[level]
    width = np.asarray([medium, high - medium, HIGH_BAND_WIDTH])[level]
    score = low_edge + np.floor(rng.random(n) * width * 2) / 2
    day = local_day(interviews.interviewed[done])
    age = ((day - date_of_birth[child]) / 365.25).astype(np.int64)
    return Screenings(done, np.asarray(kind, dtype=np.int64), level, score, age)


def _normal(weights: tuple[float, ...]) -> np.ndarray:
    return np.asarray(weights) / sum(weights)


def draw_interventions(
    rng: np.random.Generator, interviews: Interviews, end_day: int, params: InterventionParameters
) -> Interventions:
    outcome = np.where(interviews.completed, interviews.outcome, -1)
    caf = outcome == CAF_BRIEF_INTERVENTION
    early = (outcome == EARLY_HELP) & (rng.random(interviews.size) < params.early_help_chance)
    rows = np.flatnonzero(caf | early)
    n = len(rows)
    other = rng.choice(4, size=n, p=_normal(params.early_help_type_weights)) + 1
    kind = np.where(caf[rows], 0, other)
    start = local_day(interviews.interviewed[rows]) + rng.geometric(
        1 / params.start_delay_mean_days, n
    )
    low, high = params.other_length_days
    length = np.where(
        kind == 0, casework_lists().brief_intervention_days, rng.integers(low, high + 1, n)
    )
    keep = start < end_day
    rows, kind, start, length = rows[keep], kind[keep], start[keep], length[keep]
    return _take_up_and_end(rng, rows, kind, start, length, end_day, params)


def _take_up_and_end(
    rng: np.random.Generator,
    rows: IntArray,
    kind: IntArray,
    start: IntArray,
    length: IntArray,
    end_day: int,
    params: InterventionParameters,
) -> Interventions:
    n = len(rows)
    child = rng.random(n) < params.child_take_up
    family = rng.random(n) < np.where(
        child, params.family_take_up_if_child, params.family_take_up_otherwise
    )
    reason = np.where(
        child,
        rng.choice(len(END_REASONS), size=n, p=_normal(params.taken_up_end_weights)),
        np.where(rng.random(n) < 0.85, 1, 4),  # not taken up: disengaged, or other
    )
    part = np.where(reason == 0, 1.0, np.where(child, rng.uniform(0.2, 0.9, n), 0.0))
    ended = start + np.maximum((length * part).astype(np.int64), 1)
    ended = np.where(child, ended, start + rng.integers(7, 29, n))
    planned = np.clip(length // 7, 1, 13)
    so_far = np.clip((np.minimum(ended, end_day) - start) / length, 0.0, 1.0)
    attended = np.where(child, np.round(planned * so_far), 0).astype(np.int64)
    return Interventions(
        interview=rows,
        kind=np.asarray(kind, dtype=np.int64),
        start=start,
        planned_end=start + length,
        sessions_planned=np.asarray(planned, dtype=np.int64),
        sessions_attended=attended,
        child_took_up=child,
        family_took_up=family,
        ended=ended,
        end_reason=np.asarray(reason, dtype=np.int64),
        still_open=ended >= end_day,
    )
