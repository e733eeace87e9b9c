"""The published table and the demand report, from the episode and CME frames."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import polars as pl

from missinghub.reporting.report import Column, Report, Section, Table, clean_json
from missinghub_analytics import charts
from missinghub_analytics.bursts import BurstRule, burst_count_distribution, burst_summary
from missinghub_analytics.bursts import bursts_per_child as per_child_bursts
from missinghub_analytics.concentration import gini_by_year, most_frequent_children, top_share
from missinghub_analytics.durations import duration_survival, share_ended_within
from missinghub_analytics.frames import Period, in_period
from missinghub_analytics.prepared import EpisodeData, episode_frame, prepare_episodes
from missinghub_analytics.published import published_rows, published_table
from missinghub_analytics.timing import time_of_day_by_weekday

LATE_EVENING_HOURS = (22, 23, 0)  # 22:00 to 01:00 local time
TOP_PERCENT = 10.0
FINANCIAL_YEAR_START = 4
Pseudonymise = Callable[[list[dict[str, Any]]], list[dict[str, Any]]]


def published_report(episodes: EpisodeData, cme: pl.DataFrame | None, period: Period) -> Report:
    table = published_table(episodes, cme, period)
    rows = published_rows(table)
    columns = [
        Column("group", "Children", "text"),
        Column("category", "Category", "text"),
        Column("episodes", "Episodes"),
        Column("children", "Young people"),
    ]
    section = Section(
        "published",
        "Episodes by young people",
        notes=[
            "An episode counts in the period when it was reported on a date inside it (UK time). "
            "Young people are distinct children. Looked-after children are split by where they "
            "were placed when they went missing."
        ],
        figure=charts.published_chart(episodes, cme, period),
        figure_table=Table("Episodes and young people by category", columns, rows),
    )
    cme_rows = [{"measure": key, "count": n} for key, n in table["cme"].items()]
    cme_section = Section(
        "cme",
        "Children missing education",
        notes=["Referrals received in the period, and their recorded status."],
        tables=[
            Table(
                "Referrals of children missing education",
                [Column("measure", "Measure", "text"), Column("count", "Referrals")],
                cme_rows,
            )
        ],
    )
    return Report("published", period, table, [section, cme_section])


def demand_report(episodes: EpisodeData, period: Period, pseudonymise: Pseudonymise) -> Report:
    in_scope = prepare_episodes(in_period(episode_frame(episodes), "reported_at", period))
    builders = (
        _durations_section,
        _time_of_day_section,
        _late_evening_section,
        _concentration_section,
        _bursts_section,
    )
    data: dict[str, Any] = {"period": period.as_json(), "episodes": in_scope.height}
    sections = []
    for build in builders:
        section, figures = build(in_scope, period)
        sections.append(section)
        data.update(figures)
    frequent = pseudonymise(most_frequent_children(in_scope, period, limit=10))
    sections.append(_frequent_section(frequent))
    data["most_frequent_children"] = frequent
    return Report("demand", period, clean_json(data), sections)


def _durations_section(episodes: EpisodeData, period: Period) -> tuple[Section, dict[str, Any]]:
    overall = share_ended_within(episodes, period)
    by_category = share_ended_within(episodes, period, by=["category"])
    by_placement = share_ended_within(episodes, period, by=["placement_type"])
    curves = duration_survival(episodes, period)
    median = curves["all"].median if curves else None
    within = [
        Column("episodes", "Episodes"),
        Column("open", "Open at period end"),
        Column("within_24h", "Ended within 24 hours", "share"),
        Column("within_48h", "Within 48 hours", "share"),
        Column("within_168h", "Within 7 days", "share"),
    ]
    figure = charts.duration_survival_chart(episodes, period, max_hours=168)
    section = Section(
        "durations",
        "How long episodes lasted",
        notes=[
            "Duration runs from the report to the return. Shares are of all episodes reported "
            "in the period; an episode still open at the end counts as not ended.",
            f"Median time to return (Kaplan-Meier, open episodes censored): {_hours(median)}.",
        ],
        tables=[
            Table("All episodes", within, overall),
            Table("By category", [Column("category", "Category", "text"), *within], by_category),
            Table(
                "By placement type",
                [Column("placement_type", "Placement", "text"), *within],
                by_placement,
            ),
        ],
        figure=figure,
        figure_table=Table(
            "Share still open, by hours since report (every 12 hours)",
            [
                Column("time", "Hours", "number"),
                Column("survival", "Still open", "share"),
                Column("ci_lower", "Lower 95%", "share"),
                Column("ci_upper", "Upper 95%", "share"),
            ],
            [row for row in figure["rows"] if row["time"] % 12 == 0],
        ),
    )
    data = {
        "durations": {
            "all": overall[0] if overall else None,
            "by_category": by_category,
            "by_placement_type": by_placement,
            "median_hours": median,
        }
    }
    return section, data


def _hours(value: float | None) -> str:
    if value is None:
        return "no episodes"
    if value == float("inf"):
        return "over half still open"
    return f"{value:.1f} hours"


def _time_of_day_section(episodes: EpisodeData, period: Period) -> tuple[Section, dict[str, Any]]:
    figure = charts.time_of_day_chart(episodes, period)
    cells = pl.DataFrame(figure["rows"], schema_overrides={"episodes": pl.Int64})
    by_hour = (
        cells.pivot(on="weekday_name", index="hour", values="episodes", sort_columns=False)
        .sort("hour")
        .to_dicts()
        if cells.height
        else []
    )
    days = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    table = Table(
        "Episodes by hour of report (rows) and day of the week (columns)",
        [Column("hour", "Hour"), *[Column(day, day) for day in days]],
        by_hour,
    )
    section = Section(
        "time_of_day",
        "When episodes were reported",
        notes=["Counted on the local (UK) time of the report, which can lag the time last seen."],
        figure=figure,
        figure_table=table,
    )
    return section, {}


def late_evening_rows(episodes: EpisodeData, period: Period) -> list[dict[str, Any]]:
    """Per placement type: episodes, the share reported 22:00-01:00 and the busiest hour."""
    cells = pl.DataFrame(
        time_of_day_by_weekday(episodes, period, by_placement_type=True),
        schema_overrides={"episodes": pl.Int64},
    )
    if cells.height == 0:
        return []
    hours = cells.group_by("placement_type", "hour").agg(pl.col("episodes").sum())
    late = pl.col("hour").is_in(LATE_EVENING_HOURS)
    return (
        hours.sort("placement_type", "episodes", "hour", descending=[False, True, False])
        .group_by("placement_type", maintain_order=True)
        .agg(
            episodes=pl.col("episodes").sum(),
            late_evening=pl.col("episodes").filter(late).sum(),
            busiest_hour=pl.col("hour").first(),
        )
        .with_columns(late_evening_share=pl.col("late_evening") / pl.col("episodes"))
        .sort("placement_type")
        .to_dicts()
    )


def _late_evening_section(episodes: EpisodeData, period: Period) -> tuple[Section, dict[str, Any]]:
    rows = late_evening_rows(episodes, period)
    section = Section(
        "late_evening",
        "Late-evening reports by placement type",
        notes=["Share of each placement type's episodes reported between 22:00 and 01:00."],
        tables=[
            Table(
                "Reports between 22:00 and 01:00",
                [
                    Column("placement_type", "Placement", "text"),
                    Column("episodes", "Episodes"),
                    Column("late_evening", "Reported 22:00-01:00"),
                    Column("late_evening_share", "Share", "share"),
                    Column("busiest_hour", "Busiest hour"),
                ],
                rows,
            )
        ],
    )
    return section, {"late_evening": rows}


def _concentration_section(episodes: EpisodeData, period: Period) -> tuple[Section, dict[str, Any]]:
    shares = top_share(episodes, (TOP_PERCENT,), FINANCIAL_YEAR_START)
    gini = gini_by_year(episodes, FINANCIAL_YEAR_START)
    rows = [{**row, "gini": gini.get(int(row["year"]))} for row in shares]  # type: ignore[call-overload]
    section = Section(
        "concentration",
        "Repeat concentration",
        notes=[
            "Per financial year (April to March; years only partly inside the period count only "
            "the episodes inside it). Only children with an episode in the year count.",
        ],
        figure=charts.top_share_chart(episodes, TOP_PERCENT, FINANCIAL_YEAR_START),
        figure_table=Table(
            f"Share of episodes from the {TOP_PERCENT:g}% of children missing most often",
            [
                Column("year_label", "Year", "text"),
                Column("children", "Children"),
                Column("episodes", "Episodes"),
                Column("top_children", "Top children"),
                Column("top_episodes", "Their episodes"),
                Column("share", "Share", "share"),
                Column("gini", "Gini", "number"),
            ],
            rows,
        ),
    )
    return section, {"top_share": rows}


def _bursts_section(episodes: EpisodeData, period: Period) -> tuple[Section, dict[str, Any]]:
    rule = BurstRule()
    summary = burst_summary(episodes, period, rule)
    section = Section(
        "bursts",
        "Bursts of repeated missing",
        notes=[
            f"A burst is {rule.label} for one child; overlapping windows join into one burst. "
            f"{summary['bursts']:,} bursts by {summary['children_with_bursts']:,} children held "
            f"{summary['share_in_bursts']:.1%} of all episodes.",
        ],
        figure=charts.bursts_chart(episodes, period, rule),
        figure_table=Table(
            "Children by number of bursts",
            [Column("bursts", "Bursts"), Column("children", "Children")],
            burst_count_distribution(per_child_bursts(episodes, period, rule)),
        ),
    )
    return section, {"bursts": summary}


def _frequent_section(rows: list[dict[str, Any]]) -> Section:
    return Section(
        "most_frequent",
        "Children missing most often",
        notes=[
            "Pseudonymised: each child is shown by a keyed code that stays the same between "
            "reports but cannot be turned back into the child without the key. Users who may see "
            "the child's record see the name instead."
        ],
        tables=[
            Table(
                "The 10 children with most episodes in the period",
                [Column("child", "Child", "text"), Column("episodes", "Episodes")],
                rows,
            )
        ],
    )
