"""Episodes: when each child goes missing, from where, for how long, and how it is graded.

Pure numpy. Each child's episodes come in bursts: a burst starts on a day drawn from the
child's age profile, and further episodes follow a few days apart. Times of day depend on the
placement the child is in; children's homes also pull episodes onto Friday and Saturday nights.
Instants are UTC minutes (see `clock`).
"""

from dataclasses import dataclass

import numpy as np

from missinghub.synth import clock
from missinghub.synth.clock import MINUTES_PER_DAY, BoolArray, IntArray
from missinghub.synth.parameters import (
    CHILDRENS_HOME,
    PLACEMENT_TYPES,
    RETURN_METHODS,
    RISK_LEVELS,
    EpisodeParameters,
    RepeatParameters,
)
from missinghub.synth.population import DAYS_PER_YEAR, FAMILY_CODE, Children

MISSING, ABSENT, AWOL = 0, 1, 2
CHILDRENS_HOME_CODE = PLACEMENT_TYPES.index(CHILDRENS_HOME)


@dataclass
class Episodes:
    child: IntArray
    reported: IntArray
    last_seen: IntArray
    returned: IntArray  # meaningless where `still_open`
    still_open: BoolArray
    category: IntArray
    slot: IntArray  # the child's placement slot when reported
    placement_type: IntArray
    placement_area: IntArray
    county_lines: BoolArray
    risk: IntArray
    return_method: IntArray

    @property
    def size(self) -> int:
        return len(self.child)


def _first_index(group: IntArray) -> IntArray:
    """For sorted group labels, the index of the first row of each row's group."""
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    return np.asarray(starts[np.cumsum(np.r_[True, group[1:] != group[:-1]]) - 1], dtype=np.int64)


def _burst_starts(
    rng: np.random.Generator, children: Children, child: IntArray, period: tuple[int, int]
) -> IntArray:
    """A start day for each burst, at an age of 8-18 (peak 15) inside the period."""
    dob = children.date_of_birth[child]
    day = children.anchor_day[child].copy()
    pending = np.ones(len(child), dtype=bool)
    for _ in range(12):
        size = int(pending.sum())
        if size == 0:
            break
        age = (8.0 + 10.0 * rng.beta(4.0, 2.0, size)) * DAYS_PER_YEAR
        proposal = dob[pending] + age.astype(np.int64)
        fits = (proposal >= period[0]) & (proposal < period[1])
        chosen = np.flatnonzero(pending)[fits]
        day[chosen] = proposal[fits]
        pending[chosen] = False
    return np.asarray(day, dtype=np.int64)


def draw_episode_days(
    rng: np.random.Generator, children: Children, period: tuple[int, int], params: RepeatParameters
) -> tuple[IntArray, IntArray]:
    """(child, day) of every episode, in bursts; at most one episode per child per day."""
    counts = children.episode_count
    child = np.repeat(np.arange(children.size, dtype=np.int64), counts)
    rank = np.arange(len(child)) - np.repeat(np.cumsum(counts) - counts, counts)
    new_burst = (rank == 0) | (rng.random(len(child)) < params.new_burst_chance)
    burst = np.cumsum(new_burst) - 1
    burst_start = _burst_starts(rng, children, child[new_burst], period)
    gaps = rng.geometric(1.0 / params.burst_gap_mean_days, len(child))
    gaps[new_burst] = 0
    running = np.cumsum(gaps)
    offset = running - running[_first_index(burst)]
    day = burst_start[burst] + offset
    return _keep_possible(children, child, day, period)


def _keep_possible(
    children: Children, child: IntArray, day: IntArray, period: tuple[int, int]
) -> tuple[IntArray, IntArray]:
    """Drop days outside the period or from the 18th birthday on; one episode per child-day."""
    keep = (day >= period[0]) & (day < period[1]) & (day < children.adult_day[child] - 1)
    child, day = child[keep], day[keep]
    order = np.lexsort((day, child))
    child, day = child[order], day[order]
    first = np.r_[True, (child[1:] != child[:-1]) | (day[1:] != day[:-1])]
    return child[first], day[first]


def pull_to_weekend(
    rng: np.random.Generator, children: Children, child: IntArray, day: IntArray, share: float
) -> IntArray:
    """Move a share of children's-home episodes on to the next Friday or Saturday night."""
    slot = children.placement_slot(child, day)
    in_home = children.placement_type[child, slot] == CHILDRENS_HOME_CODE
    move = in_home & (rng.random(len(day)) < share)
    target = rng.choice(np.array([4, 5]), len(day))  # Friday, Saturday
    moved = day + (target - clock.weekday_of_day(day)) % 7
    return np.asarray(np.where(move, moved, day), dtype=np.int64)


def draw_report_times(
    rng: np.random.Generator,
    children: Children,
    child: IntArray,
    day: IntArray,
    params: EpisodeParameters,
) -> IntArray:
    """UTC instant each episode is reported: an hour by placement type on the night of `day`."""
    placement = children.placement_type[child, children.placement_slot(child, day)]
    hour = np.zeros(len(day), dtype=np.int64)
    for code, kind in enumerate(PLACEMENT_TYPES):
        rows = np.flatnonzero(placement == code)
        weights = np.asarray(params.hour_weights[kind], dtype=np.float64)
        hour[rows] = rng.choice(24, size=len(rows), p=weights / weights.sum())
    minute = rng.integers(0, 60, len(day))
    night_day = day + (hour < 6)  # the small hours belong to the night before
    local = night_day * MINUTES_PER_DAY + hour * 60 + minute
    return clock.london_to_utc(np.asarray(local, dtype=np.int64))


def draw_durations(
    rng: np.random.Generator,
    county_lines: BoolArray,
    last_of_child: BoolArray,
    params: EpisodeParameters,
) -> IntArray:
    """Minutes from report to return: lognormal, longer with county lines, a long-term tail."""
    count = len(county_lines)
    minutes = rng.lognormal(np.log(params.duration_median_hours * 60), params.duration_sigma, count)
    multiplier = rng.lognormal(np.log(params.county_lines_duration_multiplier), 0.5, count)
    minutes = np.where(county_lines, minutes * multiplier, minutes)
    long_term = last_of_child & (rng.random(count) < params.long_term_share_of_last)
    long_days = np.exp(rng.uniform(np.log(14), np.log(365), count))
    minutes = np.where(long_term, long_days * MINUTES_PER_DAY, minutes)
    return np.asarray(np.maximum(minutes, 10).astype(np.int64), dtype=np.int64)


def draw_categories(
    rng: np.random.Generator, looked_after: BoolArray, params: EpisodeParameters
) -> IntArray:
    in_care = rng.choice(
        3, size=len(looked_after), p=_normalised(params.looked_after_category_weights)
    )
    at_home = rng.choice(
        3, size=len(looked_after), p=_normalised(params.family_home_category_weights)
    )
    return np.asarray(np.where(looked_after, in_care, at_home), dtype=np.int64)


def draw_risk(
    rng: np.random.Generator, category: IntArray, county_lines: BoolArray, params: EpisodeParameters
) -> IntArray:
    level = {name: code for code, name in enumerate(RISK_LEVELS)}
    count = len(category)
    high_medium_low = np.array([level["high"], level["medium"], level["low"]])
    missing = high_medium_low[rng.choice(3, size=count, p=_normalised(params.missing_risk_weights))]
    awol = np.where(rng.random(count) < 0.7, level["low"], level["very_low"])
    risk = np.where(category == MISSING, missing, awol)
    risk = np.where(category == ABSENT, level["no_apparent_risk"], risk)
    return np.asarray(np.where(county_lines, level["high"], risk), dtype=np.int64)


def draw_return_methods(
    rng: np.random.Generator, count: int, params: EpisodeParameters
) -> IntArray:
    weights = _normalised(params.return_method_weights)
    return np.asarray(rng.choice(len(RETURN_METHODS), size=count, p=weights), dtype=np.int64)


def _normalised(weights: tuple[float, ...]) -> np.ndarray:
    values = np.asarray(weights, dtype=np.float64)
    return values / values.sum()


def is_looked_after(placement_type: IntArray) -> BoolArray:
    return np.asarray(placement_type != FAMILY_CODE, dtype=bool)
