"""When episodes start: hour of day by day of week, in Europe/London local time.

Counted on `reported_at` (the report time, which can lag the time the child was last seen).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import polars as pl

from missinghub_analytics.frames import LONDON_NAME, Period, in_period
from missinghub_analytics.localtime import weekday_and_hour
from missinghub_analytics.prepared import EpisodeData, episode_frame
from missinghub_analytics.timelines import microseconds

IntArray = npt.NDArray[np.int64]
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _grid(groups: list[str] | None) -> pl.DataFrame:
    grid = pl.DataFrame({"weekday": list(range(1, 8))}, schema={"weekday": pl.Int8}).join(
        pl.DataFrame({"hour": list(range(24))}, schema={"hour": pl.Int8}), how="cross"
    )
    if groups is None:
        return grid
    return pl.DataFrame({"placement_type": groups}).join(grid, how="cross")


def _counts(frame: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """Episodes per ([placement type,] weekday, local hour): offsets looked up, not converted."""
    reported = frame.get_column("reported_at")
    clock = None if reported.null_count() else weekday_and_hour(microseconds(reported))
    if clock is None:
        local = pl.col("reported_at").dt.convert_time_zone(LONDON_NAME)
        slots = frame.select(
            *keys, weekday=local.dt.weekday().cast(pl.Int8), hour=local.dt.hour().cast(pl.Int8)
        )
    else:
        slot = (clock[0] - 1) * 24 + clock[1]  # hour of the week, 0-167
        coded = _count_coded(frame, keys, slot)
        if coded is not None:
            return coded
        slots = frame.select(*keys).with_columns(
            weekday=pl.Series(slot // 24 + 1, dtype=pl.Int8),
            hour=pl.Series(slot % 24, dtype=pl.Int8),
        )
    counts = slots.group_by([*keys, "weekday", "hour"]).agg(pl.len().alias("episodes"))
    return counts.with_columns(pl.col(k).cast(pl.String) for k in keys)


def _count_coded(frame: pl.DataFrame, keys: list[str], slot: IntArray) -> pl.DataFrame | None:
    """The counts by one bincount over (Enum code, hour of the week); None for other columns."""
    labels: list[str] = []
    group = np.zeros(slot.size, dtype=np.int64)
    if keys:
        column = frame.get_column(keys[0])
        if not isinstance(column.dtype, pl.Enum) or column.null_count():
            return None
        labels = column.dtype.categories.to_list()
        group = column.to_physical().cast(pl.Int64).to_numpy()
    counts = np.bincount(group * 168 + slot, minlength=max(len(labels), 1) * 168)
    cell = np.flatnonzero(counts)
    table = pl.DataFrame(
        {
            "weekday": pl.Series(cell % 168 // 24 + 1, dtype=pl.Int8),
            "hour": pl.Series(cell % 24, dtype=pl.Int8),
            "episodes": counts[cell],
        }
    )
    if not keys:
        return table
    names = pl.Series(keys[0], labels, dtype=pl.String).gather(cell // 168)
    return table.select(names, pl.all())


def time_of_day_by_weekday(
    episodes: EpisodeData, period: Period, by_placement_type: bool = False
) -> list[dict[str, object]]:
    """Episodes per (weekday, local hour), optionally per placement type; every cell present.

    Rows: [placement_type,] weekday (1 = Monday), weekday_name, hour (0-23), episodes, share
    (of the episodes in the same placement type, or of all).
    """
    keys = ["placement_type"] if by_placement_type else []
    frame = episode_frame(episodes, [*keys, "reported_at"])
    counts = _counts(in_period(frame, "reported_at", period), keys)
    groups = sorted(counts.get_column("placement_type").unique().to_list()) if keys else None
    table = (
        _grid(groups)
        .join(counts, on=[*keys, "weekday", "hour"], how="left")
        .with_columns(pl.col("episodes").fill_null(0).cast(pl.Int64))
        .with_columns(
            share=pl.col("episodes") / pl.col("episodes").sum().over(keys)
            if keys
            else pl.col("episodes") / pl.col("episodes").sum(),
            weekday_name=pl.col("weekday").replace_strict(
                dict(enumerate(WEEKDAYS, start=1)), return_dtype=pl.String
            ),
        )
        .with_columns(pl.col("share").fill_nan(0.0))
        .sort([*keys, "weekday", "hour"])
    )
    return table.select(*keys, "weekday", "weekday_name", "hour", "episodes", "share").to_dicts()
