"""Bursts: intense periods of repeated missing for one child.

Rule (configurable): `min_episodes` or more episodes reported within `window_days` days, i.e.
episodes i .. i+k-1 of a child (in order of report) with reported_at[i+k-1] - reported_at[i]
<= window. Every episode in such a window is "in a burst"; overlapping windows of one child
chain into a single burst. Computed with window functions (shifts over the frame sorted by child
and time), never a Python loop per child.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import polars as pl

from missinghub_analytics.frames import Period
from missinghub_analytics.prepared import EpisodeData, PreparedEpisodes, prepare_episodes
from missinghub_analytics.timelines import NULL_TIME, Timeline, distinct_sorted

BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class BurstRule:
    min_episodes: int = 3
    window_days: float = 14.0

    def __post_init__(self) -> None:
        if self.min_episodes < 2:
            raise ValueError("a burst needs at least 2 episodes")
        if self.window_days <= 0:
            raise ValueError("the burst window must be positive")

    @property
    def label(self) -> str:
        return f"{self.min_episodes}+ episodes within {self.window_days:g} days"


def _flag_arrays(timeline: Timeline, rule: BurstRule) -> tuple[BoolArray, BoolArray]:
    """in_burst and burst_start at each position of the timeline (sorted by child and time)."""
    last = rule.min_episodes - 1
    window_us = int(rule.window_days * 86_400 * 1_000_000)
    codes, times = timeline.codes, timeline.times
    opens = np.zeros(codes.size, dtype=bool)
    if codes.size > last:
        later, first = times[last:], times[: codes.size - last]
        known = (later != NULL_TIME) & (first != NULL_TIME)
        gap = np.where(known, later - np.where(known, first, 0), window_us + 1)
        opens[: codes.size - last] = (codes[last:] == codes[: codes.size - last]) & (
            gap <= window_us
        )
    covered = np.zeros(codes.size, dtype=bool)
    for m in range(1, min(last, codes.size - 1) + 1):
        covered[m:] |= opens[:-m]
    return opens | covered, opens & ~covered


def _in_period(episodes: EpisodeData, period: Period | None) -> PreparedEpisodes:
    prepared = prepare_episodes(episodes)
    return prepared.in_period(period) if period else prepared


def _flags(episodes: PreparedEpisodes, rule: BurstRule) -> pl.DataFrame:
    """Episodes sorted by child and time with in_burst and burst_start."""
    timeline = episodes.timeline
    in_burst, burst_start = _flag_arrays(timeline, rule)
    frame = episodes.columns("child_id", "episode_id", "reported_at")
    return frame[pl.Series(timeline.order)].select(
        pl.Series("_child", timeline.codes),
        pl.all(),
        pl.Series("in_burst", in_burst),
        pl.Series("burst_start", burst_start),
    )


def flag_bursts(episodes: EpisodeData, rule: BurstRule | None = None) -> pl.DataFrame:
    """child_id, episode_id, reported_at, in_burst, burst_start, burst_no (per child, 0 = none)."""
    frame = _flags(prepare_episodes(episodes), rule or BurstRule())
    burst_no = pl.col("burst_start").cast(pl.Int32).cum_sum().over("_child")
    frame = frame.with_columns(burst_no=pl.when(pl.col("in_burst")).then(burst_no).otherwise(0))
    return frame.drop("_child")


def burst_summary(
    episodes: EpisodeData, period: Period | None = None, rule: BurstRule | None = None
) -> dict[str, object]:
    """How many bursts, children with a burst, and the share of all episodes inside bursts."""
    rule = rule or BurstRule()
    frame = _in_period(episodes, period)
    timeline = frame.timeline
    in_burst, burst_start = _flag_arrays(timeline, rule)
    totals = {
        "episodes": frame.height,
        "episodes_in_bursts": int(in_burst.sum()),
        "bursts": int(burst_start.sum()),
        "children": distinct_sorted(timeline.codes),
        "children_with_bursts": distinct_sorted(timeline.codes[in_burst]),
    }
    total = totals["episodes"]
    return {
        "rule": rule.label,
        **{key: int(value or 0) for key, value in totals.items()},
        "share_in_bursts": (totals["episodes_in_bursts"] or 0) / total if total else 0.0,
    }


def bursts_per_child(
    episodes: EpisodeData, period: Period | None = None, rule: BurstRule | None = None
) -> pl.DataFrame:
    """Per child with at least one burst: number of bursts and episodes inside bursts."""
    return (
        _flags(_in_period(episodes, period), rule or BurstRule())
        .group_by("child_id")
        .agg(
            bursts=pl.col("burst_start").sum(),
            episodes_in_bursts=pl.col("in_burst").sum(),
            episodes=pl.len(),
        )
        .filter(pl.col("bursts") > 0)
        .sort(["bursts", "episodes_in_bursts", "child_id"], descending=[True, True, False])
    )


def burst_count_distribution(per_child: pl.DataFrame) -> list[dict[str, object]]:
    """Children by number of bursts (the table behind the bursts chart)."""
    return per_child.group_by("bursts").agg(pl.len().alias("children")).sort("bursts").to_dicts()
