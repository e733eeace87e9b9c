"""One function per figure: a Vega-Lite spec (plain dict) and the table (rows) behind it.

The rows are embedded in the spec as inline data, so the spec renders on its own; the caller
can also show the rows as an accessible table beside the chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypedDict

import polars as pl

from missinghub_analytics.bursts import (
    BurstRule,
    burst_count_distribution,
    burst_summary,
    bursts_per_child,
)
from missinghub_analytics.concentration import lorenz_curve, top_share
from missinghub_analytics.durations import duration_distribution, duration_survival
from missinghub_analytics.frames import Period
from missinghub_analytics.outcomes import OutcomeResult
from missinghub_analytics.prepared import EpisodeData
from missinghub_analytics.published import published_rows, published_table
from missinghub_analytics.survival import SurvivalCurve
from missinghub_analytics.timing import time_of_day_by_weekday

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
Rows = list[dict[str, Any]]


class Figure(TypedDict):
    spec: dict[str, Any]
    rows: Rows


# Readable labels: long category labels go on the y axis (horizontal bars) so they never
# crowd each other; labels, legend entries and the row labels of a faceted chart are cut with
# an ellipsis only past 300 pixels, and row labels read across (Vega-Lite turns them on their
# side, where they run into each other).
READABLE: dict[str, Any] = {
    "axis": {"labelLimit": 300, "titlePadding": 10},
    "legend": {"labelLimit": 300},
    "header": {"labelAngle": 0, "labelAlign": "left", "labelLimit": 300},
}


def _spec(title: str, rows: Rows, mark: dict[str, Any] | str, encoding: dict[str, Any]) -> Figure:
    spec = {
        "$schema": SCHEMA,
        "title": title,
        "data": {"values": rows},
        "mark": mark,
        "encoding": encoding,
        "config": READABLE,
    }
    return {"spec": spec, "rows": rows}


def _field(name: str, kind: str, title: str | None, **extra: Any) -> dict[str, Any]:
    return {"field": name, "type": kind, "title": title, **extra}


def duration_distribution_chart(episodes: EpisodeData, period: Period) -> Figure:
    rows = duration_distribution(episodes, period)
    return _spec(
        "How long episodes lasted",
        rows,
        "bar",
        {
            "y": _field("band", "ordinal", "Duration", sort=None),
            "x": _field("episodes", "quantitative", "Episodes"),
            "tooltip": [_field("share", "quantitative", "Share", format=".1%")],
        },
    )


def _curve_rows(curves: dict[str, SurvivalCurve], grid: Sequence[float]) -> Rows:
    rows: Rows = []
    for curve in curves.values():
        rows += curve.sample(grid)
    return rows


def survival_chart(
    curves: dict[str, SurvivalCurve],
    title: str,
    time_title: str,
    grid: Sequence[float],
    share_title: str = "Still open",
) -> Figure:
    """Step curves with a Greenwood band, sampled on `grid` so the rows stay small."""
    rows = _curve_rows(curves, grid)
    x = _field("time", "quantitative", time_title)
    colour = _field("group", "nominal", "Group")
    spec = {
        "$schema": SCHEMA,
        "title": title,
        "data": {"values": rows},
        "config": READABLE,
        "layer": [
            {
                "mark": {"type": "area", "opacity": 0.2, "interpolate": "step-after"},
                "encoding": {
                    "x": x,
                    "y": _field("ci_lower", "quantitative", share_title),
                    "y2": {"field": "ci_upper"},
                    "color": colour,
                },
            },
            {
                "mark": {"type": "line", "interpolate": "step-after"},
                "encoding": {
                    "x": x,
                    "y": _field("survival", "quantitative", share_title),
                    "color": colour,
                },
            },
        ],
    }
    return {"spec": spec, "rows": rows}


def duration_survival_chart(
    episodes: EpisodeData, period: Period, by: str | None = None, max_hours: int = 336
) -> Figure:
    curves = duration_survival(episodes, period, by)
    grid = [float(h) for h in range(0, max_hours + 1, 2)]
    return survival_chart(curves, "Share of episodes still open (Kaplan-Meier)", "Hours", grid)


def time_of_day_chart(
    episodes: EpisodeData, period: Period, by_placement_type: bool = False
) -> Figure:
    rows = time_of_day_by_weekday(episodes, period, by_placement_type)
    figure = _spec(
        "When episodes were reported (local time)",
        rows,
        "rect",
        {
            "x": _field("hour", "ordinal", "Hour"),
            "y": _field("weekday_name", "ordinal", "Day", sort=None),
            "color": _field("episodes", "quantitative", "Episodes"),
        },
    )
    if by_placement_type:
        figure["spec"]["encoding"]["row"] = _field("placement_type", "nominal", "Placement")
    return figure


def top_share_chart(
    episodes: EpisodeData, top_percent: float = 10.0, year_start_month: int = 1
) -> Figure:
    rows = top_share(episodes, (top_percent,), year_start_month)
    return _spec(
        f"Share of episodes from the {top_percent:g}% of children missing most often",
        rows,
        "bar",
        {
            "x": _field("year_label", "ordinal", "Year"),
            "y": _field("share", "quantitative", "Share of episodes", axis={"format": "%"}),
        },
    )


def lorenz_chart(episodes: EpisodeData, period: Period) -> Figure:
    rows = lorenz_curve(episodes, period)
    return _spec(
        "Concentration of episodes among children (Lorenz curve)",
        rows,
        "line",
        {
            "x": _field("child_share", "quantitative", "Share of children"),
            "y": _field("episode_share", "quantitative", "Share of episodes"),
        },
    )


def bursts_chart(
    episodes: EpisodeData, period: Period | None = None, rule: BurstRule | None = None
) -> Figure:
    rule = rule or BurstRule()
    rows = burst_count_distribution(bursts_per_child(episodes, period, rule))
    summary = burst_summary(episodes, period, rule)
    title = f"Children by number of bursts ({rule.label}); {summary['share_in_bursts']:.0%} "
    return _spec(
        title + "of episodes inside bursts",
        rows,
        "bar",
        {
            "x": _field("bursts", "ordinal", "Bursts"),
            "y": _field("children", "quantitative", "Children"),
        },
    )


def published_chart(episodes: EpisodeData, cme: pl.DataFrame | None, period: Period) -> Figure:
    rows = published_rows(published_table(episodes, cme, period))
    return _spec(
        "Episodes by category",
        rows,
        "bar",
        {
            "x": _field("episodes", "quantitative", "Episodes"),
            "y": _field("category", "nominal", "Category"),
            "row": _field("group", "nominal", "Children"),
            "tooltip": [_field("children", "quantitative", "Young people")],
        },
    )


def outcome_chart(result: OutcomeResult, max_days: int = 365) -> Figure:
    grid = [float(d) for d in range(max_days + 1)]
    return survival_chart(
        result.curves,
        "Share not missing again (Kaplan-Meier)",
        "Days after index",
        grid,
        share_title="Not missing again",
    )


def factor_chart(factors: Rows) -> Figure:
    """Push and pull factors named in completed return interviews, most named first (withheld
    counts are left out of the chart; the table beside it says "fewer than 10")."""
    rows = [row for row in factors if not row["suppressed"]]
    return _spec(
        "Why children went missing: push and pull factors in return interviews",
        rows,
        "bar",
        {
            "y": _field("factor", "nominal", None, sort="-x"),
            "x": _field("interviews", "quantitative", "Interviews naming it"),
            "color": _field("side", "nominal", "Push or pull"),
        },
    )


def take_up_chart(take_up_rows: Rows) -> Figure:
    """The share of offers of further support taken up, by kind of support."""
    rows = [row for row in take_up_rows if not row["suppressed"]]
    return _spec(
        "Take-up of further support",
        rows,
        "bar",
        {
            "y": _field("kind", "nominal", None),
            "x": _field(
                "share",
                "quantitative",
                "Share taken up",
                axis={"format": "%"},
                scale={"domain": [0, 1]},
            ),
            "tooltip": [_field("known", "quantitative", "Offers with a known answer")],
        },
    )
