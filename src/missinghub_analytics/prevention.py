"""Prevention work, what children say in return interviews, interview quality and take-up of
support: the figures of the service report's "Prevent and learn" sections. No Django.

Input frames (the reporting layer builds them from the records):

ACTIVITIES: one row per prevention activity (counts; no child).
  held_on (date, UK), kind (str), audience (str), area (str), reached (int)
FACTORS: one row per return interview completed (held with the child or their carers).
  completed_at (UTC datetime), push_factors (list of str), pull_factors (list of str),
  outcome (str); for the outcome splits also child_id (str) (OUTCOME_SCHEMA)
AUDITS: one row per return-interview quality audit.
  audited_at (UTC datetime), grade (str), score (int, criteria met), criteria_total (int),
  criteria_met (list of str)
TAKE_UP: one row per offer of further support: a youth-worker visit that saw the child, or an
  intervention started. offered_on (date, UK), kind ("youth_worker_visit" | "intervention"),
  child_id (str), taken_up (bool, null = not known)

Counts below `splits.SMALLEST_GROUP` are withheld (None, `suppressed` true), as the splits and
published statistics withhold them: a count of three children can identify a child.
"""

from __future__ import annotations

import polars as pl

from missinghub_analytics.frames import LONDON_NAME, UTC_DATETIME, Period, in_period
from missinghub_analytics.service import check_schema
from missinghub_analytics.splits import (
    CHILD_SCHEMA,
    SMALLEST_GROUP,
    age_band_on,
    in_split_order,
)

ACTIVITY_SCHEMA: dict[str, pl.DataType] = {
    "held_on": pl.Date(),
    "kind": pl.String(),
    "audience": pl.String(),
    "area": pl.String(),
    "reached": pl.Int64(),
}
FACTOR_SCHEMA: dict[str, pl.DataType] = {
    "completed_at": UTC_DATETIME,
    "push_factors": pl.List(pl.String()),
    "pull_factors": pl.List(pl.String()),
    "outcome": pl.String(),
}
OUTCOME_SCHEMA: dict[str, pl.DataType] = {
    "completed_at": UTC_DATETIME,
    "outcome": pl.String(),
    "child_id": pl.String(),
}
AUDIT_SCHEMA: dict[str, pl.DataType] = {
    "audited_at": UTC_DATETIME,
    "grade": pl.String(),
    "score": pl.Int64(),
    "criteria_total": pl.Int64(),
    "criteria_met": pl.List(pl.String()),
}
TAKE_UP_SCHEMA: dict[str, pl.DataType] = {
    "offered_on": pl.Date(),
    "kind": pl.String(),
    "child_id": pl.String(),
    "taken_up": pl.Boolean(),
}
Rows = list[dict[str, object]]


def _on_days(frame: pl.DataFrame, column: str, period: Period) -> pl.DataFrame:
    return frame.filter(pl.col(column).is_between(period.first, period.last))


def _quarter(day: pl.Expr) -> pl.Expr:
    return pl.date(day.dt.year(), (day.dt.quarter() - 1) * 3 + 1, 1).dt.strftime("%Y-%m-%d")


def prevention_reach(activities: pl.DataFrame, period: Period) -> dict[str, object]:
    """Activities and people reached in the period: in all, by kind, and by quarter and area.
    No suppression: these are counts of sessions and people reached, not of children."""
    check_schema(activities, ACTIVITY_SCHEMA, "activities")
    held = _on_days(activities, "held_on", period)
    by_kind = (
        held.group_by("kind")
        .agg(activities=pl.len(), reached=pl.col("reached").sum())
        .sort("kind")
        .to_dicts()
    )
    by_quarter = (
        held.group_by(_quarter(pl.col("held_on")).alias("quarter_start"), "area")
        .agg(activities=pl.len(), reached=pl.col("reached").sum())
        .sort("quarter_start", "area")
        .to_dicts()
    )
    return {
        "activities": held.height,
        "reached": int(held.get_column("reached").sum() or 0),
        "by_kind": by_kind,
        "by_quarter_and_area": by_quarter,
    }


def _withheld(count: int, smallest: int) -> dict[str, object]:
    suppressed = 0 < count < smallest
    return {"interviews": None if suppressed else count, "suppressed": suppressed}


def factor_counts(
    interviews: pl.DataFrame, period: Period, smallest: int = SMALLEST_GROUP
) -> dict[str, object]:
    """How many interviews completed in the period named each push and each pull factor."""
    check_schema(interviews, FACTOR_SCHEMA, "interviews")
    done = in_period(interviews, "completed_at", period)
    rows: Rows = []
    for side, column in (("push", "push_factors"), ("pull", "pull_factors")):
        counts = done.select(
            pl.col(column).explode(empty_as_null=False).drop_nulls().value_counts(sort=True)
        )
        for item in counts.get_column(column).to_list() if counts.height else []:
            name, count = item[column], int(item["count"])
            rows.append({"factor": name, "side": side, **_withheld(count, smallest)})
    return {"interviews": done.height, "factors": rows}


def factors_per_quarter(
    interviews: pl.DataFrame, period: Period, smallest: int = SMALLEST_GROUP
) -> Rows:
    """Per quarter: interviews completed, and how many named any push or any pull factor."""
    check_schema(interviews, FACTOR_SCHEMA, "interviews")
    local = pl.col("completed_at").dt.convert_time_zone(LONDON_NAME).dt.date()
    rows = (
        in_period(interviews, "completed_at", period)
        .group_by(_quarter(local).alias("quarter_start"))
        .agg(
            interviews=pl.len(),
            any_push=(pl.col("push_factors").list.len() > 0).sum(),
            any_pull=(pl.col("pull_factors").list.len() > 0).sum(),
        )
        .sort("quarter_start")
        .to_dicts()
    )
    for row in rows:
        for key in ("any_push", "any_pull"):
            if 0 < int(str(row[key])) < smallest:
                row[key] = None
    return rows


def outcomes_per_quarter(
    interviews: pl.DataFrame, period: Period, smallest: int = SMALLEST_GROUP
) -> Rows:
    """Per quarter and outcome: the interviews completed with that outcome (fewer than
    `smallest`: withheld)."""
    check_schema(interviews, FACTOR_SCHEMA, "interviews")
    local = pl.col("completed_at").dt.convert_time_zone(LONDON_NAME).dt.date()
    rows = (
        in_period(interviews, "completed_at", period)
        .group_by(_quarter(local).alias("quarter_start"), "outcome")
        .agg(interviews=pl.len())
        .sort("quarter_start", "outcome")
        .to_dicts()
    )
    for row in rows:
        row["suppressed"] = int(str(row["interviews"])) < smallest
        if row["suppressed"]:
            row["interviews"] = None
    return rows


def outcomes_by(
    interviews: pl.DataFrame,
    children: pl.DataFrame,
    period: Period,
    split: str,
    smallest: int = SMALLEST_GROUP,
) -> Rows:
    """Per group of `split` (age band on the day the interview was completed, sex or ethnicity)
    and outcome: the interviews completed in the period with that outcome (fewer than
    `smallest`: withheld, as `outcomes_per_quarter`)."""
    check_schema(interviews, OUTCOME_SCHEMA, "interviews")
    local = pl.col("completed_at").dt.convert_time_zone(LONDON_NAME).dt.date()
    done = in_period(interviews, "completed_at", period).with_columns(completed_on=local)
    grouped = _with_child_groups(done, children, "completed_on")
    counts = grouped.group_by(split, "outcome").agg(interviews=pl.len()).sort("outcome")
    rows: Rows = []
    for value in in_split_order(split, counts.get_column(split).unique().to_list()):
        for row in counts.filter(pl.col(split) == value).iter_rows(named=True):
            count = int(row["interviews"])
            suppressed = count < smallest
            rows.append(
                {
                    "group": value,
                    "outcome": row["outcome"],
                    "interviews": None if suppressed else count,
                    "suppressed": suppressed,
                }
            )
    return rows


def _with_child_groups(frame: pl.DataFrame, children: pl.DataFrame, day: str) -> pl.DataFrame:
    """`frame` (with child_id) with the child's age band on its UK date `day`, sex and
    ethnicity (not known when not recorded)."""
    check_schema(children, CHILD_SCHEMA, "children")
    joined = frame.join(children.select(list(CHILD_SCHEMA)), on="child_id", how="left")
    return joined.with_columns(
        age_band=age_band_on(pl.col(day), pl.col("date_of_birth")),
        sex=pl.col("sex").fill_null("not_known"),
        ethnicity=pl.col("ethnicity").fill_null("not_known"),
    )


def audit_scores(audits: pl.DataFrame, period: Period) -> dict[str, object]:
    """Audits made in the period: how many, the share of criteria met, grades, and how often
    each criterion was met; and the same per quarter (scores over time)."""
    check_schema(audits, AUDIT_SCHEMA, "audits")
    made = in_period(audits, "audited_at", period)
    total = int(made.get_column("criteria_total").sum() or 0)
    local = pl.col("audited_at").dt.convert_time_zone(LONDON_NAME).dt.date()
    per_quarter = (
        made.group_by(_quarter(local).alias("quarter_start"))
        .agg(audits=pl.len(), met=pl.col("score").sum(), total=pl.col("criteria_total").sum())
        .with_columns(criteria_met_share=pl.col("met") / pl.col("total"))
        .drop("met", "total")
        .sort("quarter_start")
        .to_dicts()
    )
    criteria = made.select(
        pl.col("criteria_met").explode(empty_as_null=False).drop_nulls().value_counts(sort=True)
    )
    return {
        "audits": made.height,
        "criteria_met_share": int(made.get_column("score").sum() or 0) / total if total else None,
        "grades": made.group_by("grade").agg(audits=pl.len()).sort("grade").to_dicts(),
        "criteria": [
            {"criterion": item["criteria_met"], "audits": int(item["count"])}
            for item in (criteria.get_column("criteria_met").to_list() if criteria.height else [])
        ],
        "per_quarter": per_quarter,
    }


def _take_up_row(offers: pl.DataFrame, smallest: int, **key: object) -> dict[str, object]:
    known = offers.drop_nulls("taken_up")
    taken = int(known.get_column("taken_up").sum() or 0)
    suppressed = known.height < smallest
    return {
        **key,
        "offers": None if 0 < offers.height < smallest else offers.height,
        "known": None if suppressed else known.height,
        "taken_up": None if suppressed else taken,
        "share": None if suppressed else taken / known.height,
        "suppressed": suppressed,
    }


def take_up(offers: pl.DataFrame, period: Period, smallest: int = SMALLEST_GROUP) -> Rows:
    """Per kind of support: offers in the period, those whose answer is known, those taken up,
    and the share taken up of those known (Northamptonshire's pilot measure: 75%). A kind with
    fewer than `smallest` known answers shows no count of them and no share; fewer than
    `smallest` offers, no count of offers."""
    check_schema(offers, TAKE_UP_SCHEMA, "offers")
    offered = _on_days(offers, "offered_on", period)
    return [
        _take_up_row(offered.filter(pl.col("kind") == kind), smallest, kind=kind)
        for kind in sorted(offered.get_column("kind").unique().to_list())
    ]


def take_up_by(
    offers: pl.DataFrame,
    children: pl.DataFrame,
    period: Period,
    split: str,
    smallest: int = SMALLEST_GROUP,
) -> Rows:
    """Take-up of every kind of support together, per group of `split` (age band on the day of
    the offer, sex or ethnicity); a group with fewer than `smallest` known answers shows no
    count or share, as the interview splits withhold small groups."""
    check_schema(offers, TAKE_UP_SCHEMA, "offers")
    grouped = _with_child_groups(_on_days(offers, "offered_on", period), children, "offered_on")
    values = in_split_order(split, grouped.get_column(split).unique().to_list())
    return [
        _take_up_row(grouped.filter(pl.col(split) == value), smallest, group=value)
        for value in values
    ]
