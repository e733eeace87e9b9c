"""Bursts: intense periods of repeated missing for one child.

Rule (configurable): `min_episodes` or more episodes reported within `window_days` days, i.e.
episodes i .. i+k-1 of a child (in order of report) with reported_at[i+k-1] - reported_at[i]
<= window. Every episode in such a window is "in a burst"; overlapping windows of one child
chain into a single burst. Computed with window functions (shifts over the frame sorted by child
and time), never a Python loop per child.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from missinghub_analytics.frames import Period, child_key, in_period


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


def _flags(episodes: pl.DataFrame, rule: BurstRule) -> pl.DataFrame:
    """Episodes sorted by child and time with in_burst and burst_start."""
    k = rule.min_episodes
    frame = episodes.select(child_key(episodes), "child_id", "episode_id", "reported_at")
    frame = frame.sort("_child", "reported_at")
    window_us = int(rule.window_days * 86_400 * 1_000_000)
    last = k - 1
    opens = (pl.col("_child").shift(-last) == pl.col("_child")) & (
        (pl.col("reported_at").shift(-last) - pl.col("reported_at")).dt.total_microseconds()
        <= window_us
    )
    frame = frame.with_columns(opens.fill_null(False).alias("_opens"))
    earlier = [pl.col("_opens").shift(m).fill_null(False) for m in range(1, k)]
    covered_with_previous = pl.any_horizontal(earlier)
    return frame.with_columns(
        in_burst=pl.col("_opens") | covered_with_previous,
        burst_start=pl.col("_opens") & ~covered_with_previous,
    ).drop("_opens")


def flag_bursts(episodes: pl.DataFrame, rule: BurstRule | None = None) -> pl.DataFrame:
    """child_id, episode_id, reported_at, in_burst, burst_start, burst_no (per child, 0 = none)."""
    frame = _flags(episodes, rule or BurstRule())
    burst_no = pl.col("burst_start").cast(pl.Int32).cum_sum().over("_child")
    frame = frame.with_columns(burst_no=pl.when(pl.col("in_burst")).then(burst_no).otherwise(0))
    return frame.drop("_child")


def burst_summary(
    episodes: pl.DataFrame, period: Period | None = None, rule: BurstRule | None = None
) -> dict[str, object]:
    """How many bursts, children with a burst, and the share of all episodes inside bursts."""
    rule = rule or BurstRule()
    frame = in_period(episodes, "reported_at", period) if period else episodes
    flagged = _flags(frame, rule)
    totals = flagged.select(
        episodes=pl.len(),
        episodes_in_bursts=pl.col("in_burst").sum(),
        bursts=pl.col("burst_start").sum(),
        children=pl.col("_child").n_unique(),
        children_with_bursts=pl.col("_child").filter(pl.col("in_burst")).n_unique(),
    ).row(0, named=True)
    total = totals["episodes"]
    return {
        "rule": rule.label,
        **{key: int(value or 0) for key, value in totals.items()},
        "share_in_bursts": (totals["episodes_in_bursts"] or 0) / total if total else 0.0,
    }


def bursts_per_child(
    episodes: pl.DataFrame, period: Period | None = None, rule: BurstRule | None = None
) -> pl.DataFrame:
    """Per child with at least one burst: number of bursts and episodes inside bursts."""
    frame = in_period(episodes, "reported_at", period) if period else episodes
    return (
        _flags(frame, rule or BurstRule())
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
