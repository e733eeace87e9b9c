"""Repeat concentration: how many episodes come from the children who go missing most often.

Per reporting year (calendar year, or from `year_start_month`, e.g. 4 for the April financial
year), on the local date of `reported_at`. Only children with at least one episode in the year
count: children who never went missing are not in the episode data, so the Gini coefficient
measures inequality among children who went missing at least once.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import polars as pl

from missinghub_analytics.frames import LONDON_NAME, Period, in_period
from missinghub_analytics.localtime import reporting_years
from missinghub_analytics.prepared import EpisodeData, episode_frame, prepare_episodes
from missinghub_analytics.timelines import NULL_TIME

IntArray = npt.NDArray[np.int64]


def reporting_year(column: str = "reported_at", year_start_month: int = 1) -> pl.Expr:
    """The reporting year (the calendar year it starts in) of a UTC datetime, in local time."""
    if not 1 <= year_start_month <= 12:
        raise ValueError("year_start_month must be 1..12")
    local = pl.col(column).dt.convert_time_zone(LONDON_NAME)
    year = local.dt.year()
    if year_start_month == 1:
        return year.alias("year")
    return (year - (local.dt.month() < year_start_month).cast(pl.Int32)).alias("year")


def year_label(year: int, year_start_month: int) -> str:
    return str(year) if year_start_month == 1 else f"{year}-{(year + 1) % 100:02d}"


def counts_per_child_year(episodes: pl.DataFrame, year_start_month: int = 1) -> pl.DataFrame:
    """One row per (year, child): the child's number of episodes reported in that year."""
    return (
        episodes.lazy()
        .select(reporting_year("reported_at", year_start_month), "child_id")
        .group_by("year", "child_id")
        .agg(pl.len().alias("episodes"))
        .collect()
    )


def counts_by_year(episodes: EpisodeData, year_start_month: int = 1) -> dict[int, IntArray]:
    """Per reporting year, the episode counts of the children with any episode, ascending.

    Years come from each year's first local midnight in UTC (no per-row time zone conversion);
    children from integer codes, so no text is grouped. The same counts as
    counts_per_child_year, without the child ids.
    """
    prepared = prepare_episodes(episodes)
    if not prepared.height:
        return {}
    codes = prepared.codes
    low, high = int(codes.min()), int(codes.max())
    nulls = bool((prepared.reported == NULL_TIME).any())  # no frame built just to count nulls
    if nulls or not 1 <= year_start_month <= 12 or high - low >= 1 << 32:
        table = counts_per_child_year(prepared.frame, year_start_month).drop_nulls("year")
        return _split_by_year(
            table.get_column("year").to_numpy(), table.get_column("episodes").to_numpy()
        )
    year = reporting_years(prepared.reported, year_start_month)
    first, width = int(year.min()), high - low + 1
    key = (year - first) * width + (codes - low)
    cells = int(year.max() - first + 1) * width
    if cells <= 4 * key.size:  # a dense count is cheapest
        per_key = np.bincount(key, minlength=cells)
        key = np.flatnonzero(per_key)
        return _split_by_year(key // width + first, per_key[key])
    table = pl.Series("key", key).value_counts(name="n")
    key = table.get_column("key").to_numpy()
    return _split_by_year(key // width + first, table.get_column("n").to_numpy())


def _split_by_year(years: IntArray, counts: IntArray) -> dict[int, IntArray]:
    """Counts grouped by year, each ascending (one sort of year and count packed together)."""
    packed = np.sort((years.astype(np.int64) - years.min()) << 32 | counts.astype(np.int64))
    year_of = (packed >> 32) + years.min()
    starts = np.flatnonzero(np.concatenate(([True], year_of[1:] != year_of[:-1])))
    values = packed & 0xFFFFFFFF
    return {
        int(year_of[a]): values[a:b]
        for a, b in zip(starts, [*starts[1:], packed.size], strict=True)
    }


def top_share(
    episodes: EpisodeData,
    top_percents: Sequence[float] = (10.0,),
    year_start_month: int = 1,
) -> list[dict[str, object]]:
    """Share of each year's episodes that came from the top X% of children (by episode count).

    The top X% is the ceil(X/100 * n) children with the most episodes (ties broken by child id).
    """
    rows: list[dict[str, object]] = []
    for year, counts in counts_by_year(episodes, year_start_month).items():
        children, total = int(counts.size), int(counts.sum())
        for percent in top_percents:
            k = max(math.ceil(children * percent / 100), 1)
            if k > children:
                continue
            top = int(counts[children - k :].sum())
            rows.append(
                {
                    "year": year,
                    "year_label": year_label(year, year_start_month),
                    "top_percent": percent,
                    "children": children,
                    "episodes": total,
                    "top_children": k,
                    "top_episodes": top,
                    "share": top / total,
                }
            )
    return sorted(rows, key=lambda r: (r["year"], r["top_percent"]))


def gini_by_year(episodes: EpisodeData, year_start_month: int = 1) -> dict[int, float]:
    """Gini coefficient of episodes per child, per year (0 = equal, near 1 = concentrated)."""
    result: dict[int, float] = {}
    for year, counts in sorted(counts_by_year(episodes, year_start_month).items()):
        n, total = float(counts.size), float(counts.sum())
        weighted = float(int((np.arange(1, counts.size + 1) * counts).sum()))
        result[year] = 2 * weighted / (n * total) - (n + 1) / n
    return result


def lorenz_curve(
    episodes: EpisodeData, period: Period, points: int = 100
) -> list[dict[str, float]]:
    """Lorenz curve of episodes per child in a period, at `points` + 1 evenly spaced shares.

    Children sorted from fewest to most episodes; at child share q the episode share is that of
    the floor(q * n) children with the fewest episodes.
    """
    counts = (
        in_period(episode_frame(episodes, ["child_id", "reported_at"]), "reported_at", period)
        .group_by("child_id")
        .agg(pl.len().alias("episodes"))
        .get_column("episodes")
        .sort()
    )
    n = counts.len()
    if n == 0:
        return []
    cumulative = [0, *counts.cum_sum().to_list()]
    total = cumulative[-1]
    rows = []
    for step in range(points + 1):
        share = step / points
        k = math.floor(share * n + 1e-9)
        rows.append({"child_share": share, "episode_share": cumulative[k] / total})
    return rows


def most_frequent_children(
    episodes: EpisodeData, period: Period, limit: int = 10
) -> list[dict[str, object]]:
    """The children with the most episodes in the period: pseudonymous ids and counts only.

    The caller decides what, if anything, to show about them.
    """
    prepared = prepare_episodes(episodes).in_period(period)
    frame = prepared.columns("child_id")
    if limit > 0 and frame.height:
        frame = frame.filter(pl.Series(_may_be_in_top(prepared.codes, limit)))
    return (
        frame.group_by("child_id")
        .agg(pl.len().alias("episodes"))
        .sort(["episodes", "child_id"], descending=[True, False])
        .head(limit)
        .to_dicts()
    )


def _may_be_in_top(codes: IntArray, limit: int) -> npt.NDArray[np.bool_]:
    """Rows of the children with at least as many rows as the limit-th most frequent child.

    Counted on integer codes, so only those few children are then grouped by their text id.
    """
    codes = codes - codes.min()
    if int(codes.max()) >= 4 * codes.size:  # sparse integer ids: no dense count
        return np.ones(codes.size, dtype=bool)
    per_child = np.bincount(codes)
    counts = per_child[per_child > 0]
    k = min(limit, counts.size)
    least = np.partition(counts, counts.size - k)[counts.size - k]
    return (per_child >= least)[codes]
