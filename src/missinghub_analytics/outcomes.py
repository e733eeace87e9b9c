"""Outcome evaluation: does a child go missing again after an intervention or a protocol change?

Time to next episode (days) from an index time, Kaplan-Meier per group with Greenwood
intervals, a log-rank test, and the caveats that belong with any such comparison.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import polars as pl

from missinghub_analytics.frames import UTC_DATETIME, Period
from missinghub_analytics.prepared import EpisodeData, episode_frame, prepare_episodes
from missinghub_analytics.survival import (
    LogRankResult,
    SurvivalCurve,
    curve_from_table,
    event_table,
    frame_event_table,
    log_rank_from_tables,
)
from missinghub_analytics.timelines import (
    NULL_TIME,
    Timeline,
    as_datetimes,
    child_codes,
    distinct_sorted,
    microseconds,
)

DAY_US = 86_400 * 1_000_000
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
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
    episodes: EpisodeData, index: pl.DataFrame, index_column: str = "index_at"
) -> pl.DataFrame:
    """`index` with `next_reported_at`: the child's first episode reported strictly after it.

    Episodes sorted once by (child, time); each index row then a binary search inside its
    child's block (vectorised over all rows): no join per child, no loop per row.
    """
    episodes = episode_frame(episodes)
    child = index.get_column("child_id").cast(episodes.schema["child_id"])
    codes = child_codes(pl.concat([episodes.get_column("child_id"), child]))
    reported = microseconds(episodes.get_column("reported_at"))
    timeline = Timeline.build(codes[: episodes.height], reported)
    asked = microseconds(index.get_column(index_column))
    next_at, found = timeline.next_after(codes[episodes.height :], asked)
    return index.with_columns(as_datetimes(next_at, found, "next_reported_at"))


def time_to_next_episode(
    episodes: EpisodeData, index: pl.DataFrame, follow_up_end: dt.datetime
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


EventTable = tuple[npt.NDArray[np.float64], npt.NDArray[np.int64], npt.NDArray[np.int64]]


def compare_groups(
    follow_up: pl.DataFrame,
    horizons_days: Sequence[float] = DEFAULT_HORIZONS_DAYS,
    extra_caveats: Sequence[str] = (),
) -> OutcomeResult:
    """Kaplan-Meier per group, log-rank test and survival at horizons, from time_to_next_episode."""
    names = follow_up.get_column("group").cast(pl.String)
    tables: dict[str, EventTable] = {}
    children: dict[str, int] = {}
    for label in sorted(str(v) for v in names.unique().to_list()):
        part = follow_up.filter(names == label)
        tables[label] = frame_event_table(part, "duration_days", "event")
        children[label] = part.get_column("child_id").n_unique()
    repeated = follow_up.height > follow_up.get_column("child_id").n_unique()
    return _compare(tables, children, repeated, horizons_days, extra_caveats)


def _compare(
    tables: dict[str, EventTable],
    children: dict[str, int],
    repeated: bool,
    horizons_days: Sequence[float],
    extra_caveats: Sequence[str],
) -> OutcomeResult:
    """compare_groups from each group's event table (groups in label order)."""
    curves = {label: curve_from_table(*table, label=label) for label, table in tables.items()}
    labels = list(tables)
    test = log_rank_from_tables(labels, list(tables.values())) if len(labels) > 1 else None
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
    caveats = [*BASE_CAVEATS, *extra_caveats, *_size_caveats(groups, repeated)]
    return OutcomeResult(curves, test, groups, horizon_rows, caveats)


def _size_caveats(groups: list[dict[str, object]], repeated: bool) -> list[str]:
    notes = [
        f"Group '{g['group']}' has only {g['index_events']} index events: estimates are imprecise."
        for g in groups
        if int(g["index_events"]) < SMALL_GROUP  # type: ignore[call-overload]
    ]
    if repeated:
        notes.append("Some children have more than one index event (see the dependence caveat).")
    return notes


def intervention_evaluation(
    episodes: EpisodeData,
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
    episodes: EpisodeData,
    change_at: dt.datetime,
    period: Period,
    horizons_days: Sequence[float] = DEFAULT_HORIZONS_DAYS,
) -> OutcomeResult:
    """Time from each return to the child's next episode, returns before against after a change.

    Index events: returns (returned_at) of episodes reported in the period. Returns before the
    change are followed up to the change at most; returns after it to the period end.
    """
    prepared = prepare_episodes(episodes)
    timeline = prepared.timeline
    start, end = _microseconds(period.start_utc), _microseconds(period.end_utc)
    returned = microseconds(prepared.columns("returned_at").to_series())[timeline.order]
    chosen = np.flatnonzero(
        (timeline.times >= start)
        & (timeline.times < end)
        & (returned != NULL_TIME)
        & (returned < end)
    )
    index_at = returned[chosen]
    next_at, found = timeline.next_after_own(chosen, index_at)
    change = _microseconds(change_at)
    before = index_at < change
    censor_at = np.where(before, change, end)
    event = found & (next_at <= censor_at)
    stop = np.where(event, next_at, censor_at)
    days = np.maximum((stop - index_at) / DAY_US, 0.0)
    codes = timeline.codes[chosen]
    groups = {"after": ~before, "before": before}
    tables = {label: event_table(days[rows], event[rows]) for label, rows in groups.items()}
    tables = {label: table for label, table in tables.items() if table[0].size}
    children = {label: distinct_sorted(codes[groups[label]]) for label in tables}
    repeated = codes.size > distinct_sorted(codes)  # codes ascend: chosen positions ascend
    return _compare(tables, children, repeated, horizons_days, BEFORE_AFTER_CAVEATS)


def _microseconds(moment: dt.datetime) -> int:
    """A timezone-aware datetime as integer microseconds since the epoch."""
    return (moment - EPOCH) // dt.timedelta(microseconds=1)
