"""Service measures on casework data (return interviews and team referrals).

The casework data does not exist yet; these are the input frames this module expects.

INTERVIEWS: one row per return (episode ended) that the area's protocol makes due an offer.
  episode_id (str), child_id (str), returned_at (UTC datetime),
  offered_at (UTC datetime, null = not offered), accepted (bool, null = not offered),
  completed_at (UTC datetime, null = not done), looked_after (bool)

REFERRALS: one row per referral received by the missing team.
  referral_id (str), child_id (str), received_at (UTC datetime), looked_after (bool),
  first_contact_at (UTC datetime, null = no contact yet),
  panel_referred_at (UTC datetime, null = not referred to the multi-agency panel)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import polars as pl

from missinghub_analytics.frames import LONDON_NAME, UTC_DATETIME, Period, in_period
from missinghub_analytics.outcomes import next_episode_after

INTERVIEW_SCHEMA: dict[str, pl.DataType] = {
    "episode_id": pl.String(),
    "child_id": pl.String(),
    "returned_at": UTC_DATETIME,
    "offered_at": UTC_DATETIME,
    "accepted": pl.Boolean(),
    "completed_at": UTC_DATETIME,
    "looked_after": pl.Boolean(),
}
REFERRAL_SCHEMA: dict[str, pl.DataType] = {
    "referral_id": pl.String(),
    "child_id": pl.String(),
    "received_at": UTC_DATETIME,
    "looked_after": pl.Boolean(),
    "first_contact_at": UTC_DATETIME,
    "panel_referred_at": UTC_DATETIME,
}
HOUR_US = 3_600_000_000


def check_schema(frame: pl.DataFrame, schema: dict[str, pl.DataType], name: str) -> None:
    missing = [c for c in schema if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} frame lacks columns {missing}")


def _hours_between(start: str, stop: str) -> pl.Expr:
    return (pl.col(stop) - pl.col(start)).dt.total_microseconds() / HOUR_US


def interview_measures(
    interviews: pl.DataFrame, period: Period, within_hours: Sequence[int] = (24, 48, 72)
) -> dict[str, object]:
    """Offered, accepted and completed-within-X-hours, for returns in the period.

    `offered_share` and `completed_within_Xh` are shares of all returns due an offer (the
    statutory measure counts interviews done within 72 hours of the return);
    `accepted_share` is a share of the offers made.
    """
    check_schema(interviews, INTERVIEW_SCHEMA, "interviews")
    rows = in_period(interviews, "returned_at", period)
    hours = _hours_between("returned_at", "completed_at")
    totals = rows.select(
        returns=pl.len(),
        offered=pl.col("offered_at").is_not_null().sum(),
        accepted=(pl.col("offered_at").is_not_null() & pl.col("accepted").fill_null(False)).sum(),
        completed=pl.col("completed_at").is_not_null().sum(),
        **{f"within_{h}h": (hours <= h).fill_null(False).sum() for h in within_hours},
    ).row(0, named=True)
    returns, offered = totals["returns"], totals["offered"]
    result: dict[str, object] = {key: int(value) for key, value in totals.items()}
    result["offered_share"] = offered / returns if returns else None
    result["accepted_share"] = totals["accepted"] / offered if offered else None
    for h in within_hours:
        result[f"completed_within_{h}h"] = totals[f"within_{h}h"] / returns if returns else None
    return result


def contact_within(referrals: pl.DataFrame, period: Period, hours: float = 48) -> dict[str, object]:
    """Share of referrals received in the period with first contact within `hours`."""
    check_schema(referrals, REFERRAL_SCHEMA, "referrals")
    rows = in_period(referrals, "received_at", period)
    on_time = int(
        rows.select((_hours_between("received_at", "first_contact_at") <= hours).sum()).item() or 0
    )
    total = rows.height
    return {
        "referrals": total,
        "contacted_in_time": on_time,
        "share": on_time / total if total else None,
    }


def referrals_per_quarter(referrals: pl.DataFrame, period: Period) -> list[dict[str, object]]:
    """Referrals per calendar quarter (local dates), the share looked after and panel referrals."""
    check_schema(referrals, REFERRAL_SCHEMA, "referrals")
    local = pl.col("received_at").dt.convert_time_zone(LONDON_NAME)
    quarter_start = pl.date(local.dt.year(), (local.dt.quarter() - 1) * 3 + 1, 1)
    return (
        in_period(referrals, "received_at", period)
        .group_by(quarter_start.alias("quarter_start"))
        .agg(
            referrals=pl.len(),
            looked_after=pl.col("looked_after").sum(),
            looked_after_share=pl.col("looked_after").mean(),
            panel_referrals=pl.col("panel_referred_at").is_not_null().sum(),
        )
        .sort("quarter_start")
        .with_columns(pl.col("quarter_start").dt.strftime("%Y-%m-%d"))
        .to_dicts()
    )


def panel_referrals(referrals: pl.DataFrame, period: Period) -> int:
    """Referrals to the multi-agency panel made in the period (by panel_referred_at)."""
    check_schema(referrals, REFERRAL_SCHEMA, "referrals")
    return in_period(referrals.drop_nulls("panel_referred_at"), "panel_referred_at", period).height


def repeat_after_interview(
    interviews: pl.DataFrame,
    episodes: pl.DataFrame,
    period: Period,
    data_end: dt.datetime,
    days: int = 90,
) -> dict[str, object]:
    """Share of interviews completed in the period followed by a new episode within `days`.

    Only interviews with the full follow-up before `data_end` (when the episode data stops)
    count, so the rate is not diluted by interviews too recent to have had the chance.
    """
    check_schema(interviews, INTERVIEW_SCHEMA, "interviews")
    window = dt.timedelta(days=days)
    done = in_period(interviews.drop_nulls("completed_at"), "completed_at", period).filter(
        pl.col("completed_at") + window <= data_end
    )
    index = done.select("child_id", pl.col("completed_at").alias("index_at"))
    joined = next_episode_after(episodes, index)
    repeated = int(
        joined.select((pl.col("next_reported_at") <= pl.col("index_at") + window).sum()).item() or 0
    )
    total = joined.height
    return {
        "interviews": total,
        "went_missing_again": repeated,
        "days": days,
        "share": repeated / total if total else None,
    }
