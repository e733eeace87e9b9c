"""How long episodes last: distribution, share ended within 24 h / 48 h / 7 days, Kaplan-Meier.

An episode belongs to a period when it was reported on a local date inside it. Its duration runs
from `reported_at` to `returned_at`; an episode still open at the period end (no `returned_at`,
or one after the end) is censored at the end of the period.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import polars as pl

from missinghub_analytics.frames import Period, in_period
from missinghub_analytics.prepared import EpisodeData, episode_frame
from missinghub_analytics.survival import SurvivalCurve, kaplan_meier_frame

DEFAULT_WITHIN_HOURS = (24, 48, 168)
DEFAULT_BANDS_HOURS = (0, 1, 4, 8, 12, 24, 48, 72, 168, math.inf)
_HOUR_US = 3_600_000_000


def with_durations(
    episodes: EpisodeData, period: Period, columns: Sequence[str] | None = None
) -> pl.DataFrame:
    """Episodes reported in the period, with `duration_hours` and `ended` (returned by the end).

    With `columns`, only those columns of the episodes are kept (less to filter).
    """
    end = period.end_utc
    returned = pl.col("returned_at")
    ended = returned.is_not_null() & (returned <= end)
    stop = pl.when(ended).then(returned).otherwise(pl.lit(end).dt.cast_time_unit("us"))
    duration_us = (stop - pl.col("reported_at")).dt.total_microseconds()
    if columns is not None:
        columns = list(dict.fromkeys([*columns, "reported_at", "returned_at"]))
    frame = episode_frame(episodes, columns)
    return in_period(frame, "reported_at", period).with_columns(
        duration_hours=(duration_us / _HOUR_US).clip(lower_bound=0.0),
        ended=ended,
    )


def _within_columns(hours: Sequence[float]) -> list[pl.Expr]:
    return [
        (pl.col("ended") & (pl.col("duration_hours") <= h)).mean().alias(f"within_{h:g}h")
        for h in hours
    ]


def share_ended_within(
    episodes: EpisodeData,
    period: Period,
    hours: Sequence[float] = DEFAULT_WITHIN_HOURS,
    by: Sequence[str] = (),
) -> list[dict[str, object]]:
    """Share of episodes (all reported in the period) that ended within each number of hours.

    Rows: one per group of `by` (e.g. ["category"] or ["placement_type"]), with `episodes`,
    `open` (still open at the period end) and `within_24h`, `within_48h`, `within_168h`.
    """
    frame = with_durations(episodes, period, columns=by)
    aggs = [pl.len().alias("episodes"), (~pl.col("ended")).sum().alias("open")]
    aggs += _within_columns(hours)
    if frame.height == 0:
        return []
    if not by:
        return frame.select(aggs).to_dicts()
    table = frame.group_by(list(by)).agg(aggs)  # on the codes; text only for the few groups
    return table.with_columns(pl.col(k).cast(pl.String) for k in by).sort(list(by)).to_dicts()


def duration_distribution(
    episodes: EpisodeData,
    period: Period,
    bands_hours: Sequence[float] = DEFAULT_BANDS_HOURS,
) -> list[dict[str, object]]:
    """Episodes by duration band [from, to) in hours; open episodes form their own last row."""
    frame = with_durations(episodes, period, columns=())
    closed = frame.get_column("duration_hours").filter(frame.get_column("ended"))
    total = frame.height
    counts = _band_counts(closed.to_numpy(), bands_hours)
    rows: list[dict[str, object]] = []
    for (low, high), count in zip(itertools.pairwise(bands_hours), counts, strict=True):
        rows.append(_band_row(_band_label(low, high), low, high, count, total))
    open_count = total - closed.len()
    rows.append(_band_row("open at period end", None, None, open_count, total))
    return rows


def _band_counts(hours: npt.NDArray[np.float64], bands: Sequence[float]) -> list[int]:
    """Values in each band [from, to) of consecutive bounds: one pass when the bounds ascend."""
    edges = np.asarray(bands, dtype=np.float64)
    if edges.size < 2 or not np.all(edges[1:] > edges[:-1]):
        return [int(((hours >= a) & (hours < b)).sum()) for a, b in itertools.pairwise(bands)]
    band = np.searchsorted(edges, hours, side="right") - 1  # edges[band] <= hour < next edge
    inside = band[(band >= 0) & (band < edges.size - 1)]
    return [int(n) for n in np.bincount(inside, minlength=edges.size - 1)]


def _band_row(
    label: str, low: float | None, high: float | None, count: int, total: int
) -> dict[str, object]:
    high_value = None if high is None or math.isinf(high) else high
    share = count / total if total else 0.0
    return {"band": label, "from_h": low, "to_h": high_value, "episodes": count, "share": share}


def _band_label(low: float, high: float) -> str:
    return f"{low:g}h or more" if math.isinf(high) else f"{low:g}h to under {high:g}h"


def duration_survival(
    episodes: EpisodeData, period: Period, by: str | None = None
) -> dict[str, SurvivalCurve]:
    """Kaplan-Meier curve of time to return (hours), open episodes censored at the period end.

    Keyed by group value of `by` (e.g. "category"), or by "all" when `by` is None.
    """
    frame = with_durations(episodes, period, columns=[by] if by else []).select(
        "duration_hours", "ended", *([by] if by else [])
    )
    if by is None:
        if frame.height == 0:
            return {}
        return {"all": kaplan_meier_frame(frame, "duration_hours", "ended", label="all")}
    curves: dict[str, SurvivalCurve] = {}
    for (key,), part in sorted(frame.group_by([by]), key=lambda item: str(item[0][0])):
        curves[str(key)] = kaplan_meier_frame(part, "duration_hours", "ended", label=str(key))
    return curves
