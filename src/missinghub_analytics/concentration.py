"""Repeat concentration: how many episodes come from the children who go missing most often.

Per reporting year (calendar year, or from `year_start_month`, e.g. 4 for the April financial
year), on the local date of `reported_at`. Only children with at least one episode in the year
count: children who never went missing are not in the episode data, so the Gini coefficient
measures inequality among children who went missing at least once.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import polars as pl

from missinghub_analytics.frames import LONDON_NAME, Period, in_period


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


def top_share(
    episodes: pl.DataFrame,
    top_percents: Sequence[float] = (10.0,),
    year_start_month: int = 1,
) -> list[dict[str, object]]:
    """Share of each year's episodes that came from the top X% of children (by episode count).

    The top X% is the ceil(X/100 * n) children with the most episodes (ties broken by child id).
    """
    counts = counts_per_child_year(episodes, year_start_month)
    ranked = counts.sort(["year", "episodes", "child_id"], descending=[False, True, False])
    ranked = ranked.with_columns(
        rank=pl.int_range(1, pl.len() + 1).over("year"),
        cumulative=pl.col("episodes").cum_sum().over("year"),
        children=pl.len().over("year"),
        total=pl.col("episodes").sum().over("year"),
    )
    rows: list[dict[str, object]] = []
    for percent in top_percents:
        k = (pl.col("children") * percent / 100).ceil().cast(pl.Int64)
        hits = ranked.filter(pl.col("rank") == k.clip(lower_bound=1)).sort("year")
        for row in hits.iter_rows(named=True):
            rows.append(
                {
                    "year": row["year"],
                    "year_label": year_label(row["year"], year_start_month),
                    "top_percent": percent,
                    "children": row["children"],
                    "episodes": row["total"],
                    "top_children": row["rank"],
                    "top_episodes": row["cumulative"],
                    "share": row["cumulative"] / row["total"],
                }
            )
    return sorted(rows, key=lambda r: (r["year"], r["top_percent"]))


def gini_by_year(episodes: pl.DataFrame, year_start_month: int = 1) -> dict[int, float]:
    """Gini coefficient of episodes per child, per year (0 = equal, near 1 = concentrated)."""
    counts = counts_per_child_year(episodes, year_start_month).sort(["year", "episodes"])
    table = (
        counts.with_columns(i=pl.int_range(1, pl.len() + 1).over("year"))
        .group_by("year")
        .agg(
            weighted=(pl.col("i") * pl.col("episodes")).sum().cast(pl.Float64),
            total=pl.col("episodes").sum().cast(pl.Float64),
            n=pl.len().cast(pl.Float64),
        )
        .with_columns(
            gini=2 * pl.col("weighted") / (pl.col("n") * pl.col("total"))
            - (pl.col("n") + 1) / pl.col("n")
        )
        .sort("year")
    )
    return dict(
        zip(table.get_column("year").to_list(), table.get_column("gini").to_list(), strict=True)
    )


def lorenz_curve(
    episodes: pl.DataFrame, period: Period, points: int = 100
) -> list[dict[str, float]]:
    """Lorenz curve of episodes per child in a period, at `points` + 1 evenly spaced shares.

    Children sorted from fewest to most episodes; at child share q the episode share is that of
    the floor(q * n) children with the fewest episodes.
    """
    counts = (
        in_period(episodes, "reported_at", period)
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
    episodes: pl.DataFrame, period: Period, limit: int = 10
) -> list[dict[str, object]]:
    """The children with the most episodes in the period: pseudonymous ids and counts only.

    The caller decides what, if anything, to show about them.
    """
    return (
        in_period(episodes, "reported_at", period)
        .group_by("child_id")
        .agg(pl.len().alias("episodes"))
        .sort(["episodes", "child_id"], descending=[True, False])
        .head(limit)
        .to_dicts()
    )
