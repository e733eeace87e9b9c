"""Build the true population: children, placements, episodes and CME referrals. No Django.

`build_population(params)` is deterministic: the same parameters and seed give the same
arrays. Each part draws from its own random stream, spawned from the seed, so changing one part
does not reshuffle the others.
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from missinghub.synth import clock, episodes, population
from missinghub.synth.casework import Attempts, Interviews, draw_attempts, draw_interviews
from missinghub.synth.clock import MINUTES_PER_DAY, IntArray
from missinghub.synth.cme import Referrals, draw_referrals, school_age_referral_days
from missinghub.synth.episodes import Episodes
from missinghub.synth.followup import (
    Interventions,
    Screenings,
    draw_interventions,
    draw_screenings,
)
from missinghub.synth.parameters import SynthParameters
from missinghub.synth.population import Children

Progress = Callable[[str], None]
# New streams go at the end: the earlier ones then draw exactly as before.
STREAMS = (
    "children",
    "placements",
    "identities",
    "episodes",
    "details",
    "cme",
    "faults",
    "ids",
    "casework",
)


@dataclass
class Population:
    params: SynthParameters
    period: tuple[int, int]  # first day, day after the last (day numbers)
    children: Children
    episodes: Episodes
    referrals: Referrals
    county_lines_child: np.ndarray
    casework: "Casework"


@dataclass
class Casework:
    """Return interviews, contact attempts, screenings and interventions."""

    interviews: Interviews
    attempts: Attempts
    screenings: Screenings
    interventions: Interventions


def random_streams(seed: int) -> dict[str, np.random.Generator]:
    spawned = np.random.SeedSequence(seed).spawn(len(STREAMS))
    return {name: np.random.default_rng(seq) for name, seq in zip(STREAMS, spawned, strict=True)}


def _missing_children(
    rng: np.random.Generator, params: SynthParameters, period: tuple[int, int]
) -> Children:
    """Enough children for the target number of episodes (before dropping impossible ones)."""
    target = int(params.scale.episodes * 1.03)
    pool = target + 100  # enough children whatever the mean count (each has one or more)
    path = population.draw_care_paths(rng, pool, params.children)
    counts = population.draw_episode_counts(rng, path, params.repeats)
    keep = int(np.searchsorted(np.cumsum(counts), target)) + 1
    path, counts = path[:keep], counts[:keep]
    dob, anchor = population.draw_birth_dates(rng, period[0], period[1], (8.0, 18.0), keep)
    children = population.empty_children(keep)
    children.care_path, children.episode_count = path, counts
    children.date_of_birth, children.anchor_day = dob, anchor
    return children


def _education_only_children(
    rng: np.random.Generator, count: int, period: tuple[int, int]
) -> Children:
    dob, anchor = population.draw_birth_dates(rng, period[0], period[1], (5.0, 15.9), count)
    children = population.empty_children(count)
    children.date_of_birth, children.anchor_day = dob, anchor
    return children


def _join(first: Children, second: Children) -> Children:
    joined = population.empty_children(0)
    for name in ("date_of_birth", "anchor_day", "care_path", "episode_count"):
        setattr(joined, name, np.concatenate([getattr(first, name), getattr(second, name)]))
    return joined


def build_population(params: SynthParameters, progress: Progress | None = None) -> Population:
    say = progress or (lambda _step: None)
    rng = random_streams(params.seed)
    period = (clock.day_number(params.start_date), clock.day_number(params.end_date))
    say("children")
    missing = _missing_children(rng["children"], params, period)
    referral_count = round(params.scale.episodes * params.cme.referrals_per_episode)
    from_missing = round(referral_count * params.cme.share_of_missing_children)
    others = _education_only_children(rng["children"], referral_count - from_missing, period)
    children = _join(missing, others)
    children.adult_day = population.adult_days(children.date_of_birth)
    say("placements")
    population.draw_placements(rng["placements"], children, period, params.children)
    population.draw_identities(rng["identities"], children, params.children)
    county_lines_child = (children.episode_count >= 3) & (
        rng["children"].random(children.size) < params.episodes.county_lines_child_share
    )
    say("episodes")
    found = build_episodes(rng["episodes"], children, county_lines_child, period, params)
    say("cme")
    referrals = _build_referrals(rng["cme"], children, missing.size, period, params)
    say("casework")
    work = build_casework(rng["casework"], children, found, period, params)
    return Population(params, period, children, found, referrals, county_lines_child, work)


def build_casework(
    rng: np.random.Generator,
    children: Children,
    found: Episodes,
    period: tuple[int, int],
    params: SynthParameters,
) -> Casework:
    """An interview due after every return, then what followed, up to the end of the period."""
    end = int(clock.london_to_utc(np.asarray([period[1] * MINUTES_PER_DAY]))[0])
    interviews = draw_interviews(rng, found, end, params.interviews)
    return Casework(
        interviews=interviews,
        attempts=draw_attempts(rng, interviews, end, params.interviews),
        screenings=draw_screenings(
            rng, interviews, found, children.date_of_birth, params.screenings
        ),
        interventions=draw_interventions(rng, interviews, period[1], params.interventions),
    )


def _build_referrals(
    rng: np.random.Generator,
    children: Children,
    missing_count: int,
    period: tuple[int, int],
    params: SynthParameters,
) -> Referrals:
    referral_count = round(params.scale.episodes * params.cme.referrals_per_episode)
    wanted = round(referral_count * params.cme.share_of_missing_children)
    candidates = np.arange(missing_count)
    days, possible = school_age_referral_days(rng, children.date_of_birth[candidates], period)
    eligible = candidates[possible]
    picked = rng.choice(len(eligible), size=min(wanted, len(eligible)), replace=False)
    picked.sort()
    child = np.concatenate([eligible[picked], np.arange(missing_count, children.size)])
    referred = np.concatenate([days[possible][picked], children.anchor_day[missing_count:]])
    return draw_referrals(rng, child, referred, period[1], params.cme)


def build_episodes(
    rng: np.random.Generator,
    children: Children,
    county_lines_child: np.ndarray,
    period: tuple[int, int],
    params: SynthParameters,
) -> Episodes:
    """Every episode: bursts of days, a time of night, category, flags, duration and grading."""
    child, day = episodes.draw_episode_days(rng, children, period, params.repeats)
    day = episodes.pull_to_weekend(
        rng, children, child, day, params.episodes.childrens_home_weekend_pull
    )
    child, day = episodes._keep_possible(children, child, day, period)
    reported = episodes.draw_report_times(rng, children, child, day, params.episodes)
    bounds = clock.london_to_utc(np.asarray(period, dtype=np.int64) * MINUTES_PER_DAY)
    order = np.lexsort((reported, child))
    child, reported = child[order], reported[order]
    keep = (reported >= bounds[0]) & (reported < bounds[1])
    keep &= np.r_[True, (child[1:] != child[:-1]) | (reported[1:] != reported[:-1])]
    child, reported = child[keep], reported[keep]
    return _describe_episodes(rng, children, county_lines_child, child, reported, bounds[1], params)


def _describe_episodes(
    rng: np.random.Generator,
    children: Children,
    county_lines_child: np.ndarray,
    child: IntArray,
    reported: IntArray,
    end: int,
    params: SynthParameters,
) -> Episodes:
    knobs = params.episodes
    local_day = clock.utc_to_london(reported) // MINUTES_PER_DAY
    slot = children.placement_slot(child, local_day)
    kind = children.placement_type[child, slot]
    looked_after = episodes.is_looked_after(kind)
    age = (local_day - children.date_of_birth[child]) / population.DAYS_PER_YEAR
    county_lines = county_lines_child[child] & (age >= knobs.county_lines_min_age)
    county_lines &= rng.random(len(child)) < knobs.county_lines_episode_share
    same_child_next = np.r_[child[1:] == child[:-1], False]
    duration = episodes.draw_durations(rng, county_lines, ~same_child_next, knobs)
    last_seen, returned = _fit_between(rng, child, reported, duration, looked_after, params)
    category = episodes.draw_categories(rng, looked_after, knobs)
    order = np.argsort(reported, kind="stable")
    found = Episodes(
        child=child,
        reported=reported,
        last_seen=last_seen,
        returned=returned,
        still_open=returned >= end,
        category=category,
        slot=slot,
        placement_type=kind,
        placement_area=children.placement_area[child, slot],
        county_lines=county_lines,
        risk=episodes.draw_risk(rng, category, county_lines, knobs),
        return_method=episodes.draw_return_methods(rng, len(child), knobs),
    )
    for name, values in vars(found).items():
        setattr(found, name, values[order])
    return found


def _fit_between(
    rng: np.random.Generator,
    child: IntArray,
    reported: IntArray,
    duration: IntArray,
    looked_after: np.ndarray,
    params: SynthParameters,
) -> tuple[IntArray, IntArray]:
    """Last seen before the report; each return before the child's next last-seen time."""
    knobs = params.episodes
    mean_delay = np.where(
        looked_after, knobs.report_delay_minutes_care, knobs.report_delay_minutes_home
    )
    delay = rng.exponential(1.0, len(child)) * mean_delay
    same_as_previous = np.r_[False, child[1:] == child[:-1]]
    gap = np.where(same_as_previous, reported - np.r_[reported[0], reported[:-1]], 10**9)
    last_seen = reported - np.minimum(delay.astype(np.int64), gap // 3)
    same_as_next = np.r_[child[1:] == child[:-1], False]
    next_seen = np.where(same_as_next, np.r_[last_seen[1:], 0], 10**12)
    longest = np.maximum(next_seen - 1 - reported, 0)
    return last_seen, np.asarray(reported + np.minimum(duration, longest), dtype=np.int64)
