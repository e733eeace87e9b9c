"""Outcome evaluation: does a child go missing again after an intervention or a protocol change?

Time to next episode (days) from an index time, Kaplan-Meier per group with Greenwood
intervals, a log-rank test, and the caveats that belong with any such comparison.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import polars as pl

from missinghub_analytics.frames import UTC_DATETIME, Period, child_key, in_period
from missinghub_analytics.survival import (
    LogRankResult,
    SurvivalCurve,
    kaplan_meier_frame,
    log_rank_test,
)

DAY_US = 86_400 * 1_000_000
DEFAULT_HORIZONS_DAYS = (30, 90, 180)
SMALL_GROUP = 30

BASE_CAVEATS = (
    "Observational comparison, not a randomised trial: children who received the intervention "
    "may differ from the comparison group (risk, age, placement), which can explain differences.",
    "Censoring is assumed to be unrelated to the risk of going missing again; children who move "
    "away, turn 18 or leave the data early are only censored if the caller supplies censor_at.",
    "Regression to the mean: interventions usually follow a spike in episodes, which tends to be "
    "followed by fewer episodes with or without help.",
    "A child counted more than once (several index events) makes the observations dependent; the "
    "confidence intervals and the log-rank p-value are then too optimistic.",
)
BEFORE_AFTER_CAVEATS = (
    "Before/after comparison: other changes at the same time (recording practice, police "
    "grading, placements, seasons) are not separated from the protocol change.",
    "Follow-up of returns before the change is cut at the change date so that it is wholly "
    "under the old protocol; this shortens the 'before' follow-up.",
)


def next_episode_after(
    episodes: pl.DataFrame, index: pl.DataFrame, index_column: str = "index_at"
) -> pl.DataFrame:
    """`index` with `next_reported_at`: the child's first episode reported strictly after it.

    One sort of episodes and index rows together by (child, time, episodes first on ties), then
    a backward fill of the next episode's time: no join per child, no loop.
    """
    kind = pl.lit(0, pl.Int8).alias("_kind")
    reports = episodes.select(
        pl.col("child_id"),
        pl.col("reported_at").cast(UTC_DATETIME).alias("_t"),
        kind,
        pl.lit(None, pl.UInt32).alias("_row"),
    )
    queries = index.select(
        pl.col("child_id").cast(reports.schema["child_id"]),
        pl.col(index_column).cast(UTC_DATETIME).alias("_t"),
        kind + 1,
        pl.int_range(pl.len(), dtype=pl.UInt32).alias("_row"),
    )
    both = pl.concat([reports, queries])
    both = both.with_columns(child_key(both))  # codes over one frame, so they agree
    is_report = pl.col("_kind") == 0
    next_t = pl.when(is_report).then(pl.col("_t")).shift(-1).backward_fill()
    next_child = pl.when(is_report).then(pl.col("_child")).shift(-1).backward_fill()
    found = (
        both.sort("_child", "_t", "_kind")
        .with_columns(next_reported_at=pl.when(next_child == pl.col("_child")).then(next_t))
        .filter(~is_report)
        .sort("_row")
    )
    return index.with_columns(found.get_column("next_reported_at"))


def time_to_next_episode(
    episodes: pl.DataFrame, index: pl.DataFrame, follow_up_end: dt.datetime
) -> pl.DataFrame:
    """Per index row (child_id, index_at, group[, censor_at]): duration_days and event.

    Follow-up ends at `censor_at` when given (and not null), otherwise at `follow_up_end`.
    """
    if "censor_at" not in index.columns:
        index = index.with_columns(censor_at=pl.lit(None, dtype=UTC_DATETIME))
    end = pl.coalesce(pl.col("censor_at"), pl.lit(follow_up_end).dt.cast_time_unit("us"))
    joined = next_episode_after(episodes, index).with_columns(_end=end)
    event = pl.col("next_reported_at").is_not_null() & (
        pl.col("next_reported_at") <= pl.col("_end")
    )
    stop = pl.when(event).then(pl.col("next_reported_at")).otherwise(pl.col("_end"))
    return joined.with_columns(
        duration_days=((stop - pl.col("index_at")).dt.total_microseconds() / DAY_US).clip(
            lower_bound=0.0
        ),
        event=event,
    ).drop("_end")


@dataclass(frozen=True)
class OutcomeResult:
    curves: dict[str, SurvivalCurve]
    log_rank: LogRankResult | None
    groups: list[dict[str, object]]
    at_horizons: list[dict[str, object]]
    caveats: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        log_rank = None
        if self.log_rank is not None:
            log_rank = {
                "statistic": self.log_rank.statistic,
                "degrees_of_freedom": self.log_rank.degrees_of_freedom,
                "p_value": self.log_rank.p_value,
            }
        return {
            "groups": self.groups,
            "at_horizons": self.at_horizons,
            "log_rank": log_rank,
            "caveats": self.caveats,
        }


def compare_groups(
    follow_up: pl.DataFrame,
    horizons_days: Sequence[float] = DEFAULT_HORIZONS_DAYS,
    extra_caveats: Sequence[str] = (),
) -> OutcomeResult:
    """Kaplan-Meier per group, log-rank test and survival at horizons, from time_to_next_episode."""
    curves: dict[str, SurvivalCurve] = {}
    for (label,), part in sorted(follow_up.group_by(["group"]), key=lambda g: str(g[0][0])):
        curves[str(label)] = kaplan_meier_frame(part, "duration_days", "event", label=str(label))
    test = log_rank_test(follow_up, "group", "duration_days", "event") if len(curves) > 1 else None
    children = dict(
        follow_up.group_by(pl.col("group").cast(pl.String))
        .agg(pl.col("child_id").n_unique())
        .iter_rows()
    )
    groups = [
        {
            "group": label,
            "index_events": int(curve.at_risk[0]),
            "children": children[label],
            "went_missing_again": int(curve.events.sum()),
            "median_days": curve.median,
        }
        for label, curve in curves.items()
    ]
    horizon_rows: list[dict[str, object]] = []
    for curve in curves.values():
        horizon_rows += [{**row, "days": row.pop("time")} for row in curve.sample(horizons_days)]
    caveats = [*BASE_CAVEATS, *extra_caveats, *_size_caveats(groups, follow_up)]
    return OutcomeResult(curves, test, groups, horizon_rows, caveats)


def _size_caveats(groups: list[dict[str, object]], follow_up: pl.DataFrame) -> list[str]:
    notes = [
        f"Group '{g['group']}' has only {g['index_events']} index events: estimates are imprecise."
        for g in groups
        if int(g["index_events"]) < SMALL_GROUP  # type: ignore[call-overload]
    ]
    if follow_up.height > follow_up.get_column("child_id").n_unique():
        notes.append("Some children have more than one index event (see the dependence caveat).")
    return notes


def intervention_evaluation(
    episodes: pl.DataFrame,
    index: pl.DataFrame,
    follow_up_end: dt.datetime,
    horizons_days: Sequence[float] = DEFAULT_HORIZONS_DAYS,
) -> OutcomeResult:
    """Re-missing after an intervention against a comparison group.

    `index`: child_id, index_at (UTC: the intervention, or the matched time for a comparison
    child), group (e.g. "intervention" / "comparison"), optional censor_at.
    """
    follow_up = time_to_next_episode(episodes, index, follow_up_end)
    return compare_groups(follow_up, horizons_days)


def protocol_change_evaluation(
    episodes: pl.DataFrame,
    change_at: dt.datetime,
    period: Period,
    horizons_days: Sequence[float] = DEFAULT_HORIZONS_DAYS,
) -> OutcomeResult:
    """Time from each return to the child's next episode, returns before against after a change.

    Index events: returns (returned_at) of episodes reported in the period. Returns before the
    change are followed up to the change at most; returns after it to the period end.
    """
    returns = in_period(episodes, "reported_at", period).filter(
        pl.col("returned_at").is_not_null() & (pl.col("returned_at") < period.end_utc)
    )
    change = pl.lit(change_at).dt.cast_time_unit("us")
    before = pl.col("returned_at") < change
    index = returns.select(
        "child_id",
        pl.col("returned_at").alias("index_at"),
        pl.when(before).then(pl.lit("before")).otherwise(pl.lit("after")).alias("group"),
        pl.when(before).then(change).otherwise(None).alias("censor_at"),
    )
    follow_up = time_to_next_episode(episodes, index, period.end_utc)
    return compare_groups(follow_up, horizons_days, BEFORE_AFTER_CAVEATS)
