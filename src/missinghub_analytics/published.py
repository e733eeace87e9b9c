"""The table councils publish: "N episodes by M young people" by category, plus CME referrals.

Shape (JSON):
{"period": [FROM, TO],
 "all": {"missing": [e, c], "absent": [e, c], "awol": [e, c]},
 "lac_in_borough": {"missing": [e, c], "awol": [e, c]},
 "lac_out_of_borough": {"missing": [e, c], "awol": [e, c]},
 "cme": {"referrals": N, "located_closed": N, "ongoing": N}}
"""

from __future__ import annotations

from typing import Any

import polars as pl

from missinghub_analytics.frames import Period, in_period
from missinghub_analytics.prepared import EpisodeData, prepare_episodes

LAC_CATEGORIES = ("missing", "awol")
ALL_CATEGORIES = ("missing", "absent", "awol")


def _episodes_by_children(frame: pl.DataFrame, categories: tuple[str, ...]) -> dict[str, list[int]]:
    counts = (
        frame.group_by("category")  # on the codes; text only for the few groups
        .agg(pl.len().alias("episodes"), pl.col("_child").n_unique().alias("children"))
        .with_columns(pl.col("category").cast(pl.String))
        .rows_by_key("category")
    )
    result: dict[str, list[int]] = {}
    for category in categories:
        rows = counts.get(category)
        result[category] = [int(rows[0][0]), int(rows[0][1])] if rows else [0, 0]
    return result


def cme_counts(cme: pl.DataFrame, period: Period, as_at_period_end: bool = False) -> dict[str, int]:
    """CME referrals received in the period, and of those how many are located/closed or ongoing.

    The status is the one recorded in the data. With `as_at_period_end`, a referral closed after
    the period end counts as ongoing (the position on the last day of the period). A referral
    closed without locating the child (`closed_not_located`, e.g. passed to another council)
    counts in neither, so located_closed + ongoing can be less than referrals.
    """
    received = in_period(cme, "referred_at", period)
    status = pl.col("status").cast(pl.String)
    closed_by_end = pl.lit(True)
    if as_at_period_end:
        closed_by_end = pl.col("closed_at").is_null() | (pl.col("closed_at") < period.end_utc)
    counts = received.select(
        located=(status == "located_closed") & closed_by_end,
        ongoing=(status == "ongoing") | ((status != "ongoing") & ~closed_by_end),
    ).sum()
    return {
        "referrals": received.height,
        "located_closed": int(counts.item(0, "located") or 0) if received.height else 0,
        "ongoing": int(counts.item(0, "ongoing") or 0) if received.height else 0,
    }


def published_table(
    episodes: EpisodeData,
    cme: pl.DataFrame | None,
    period: Period,
    as_at_period_end: bool = False,
) -> dict[str, Any]:
    """The published table for a period (episodes counted by local date of `reported_at`)."""
    prepared = prepare_episodes(episodes).in_period(period)
    frame = prepared.columns("category", "looked_after", "placement_area").with_columns(
        _child=pl.Series(prepared.codes)  # children counted by code: no text hashed
    )
    looked_after = frame.filter(pl.col("looked_after"))
    area = pl.col("placement_area").cast(pl.String)
    in_borough = looked_after.filter(area == "in_borough")
    out_of_borough = looked_after.filter(area == "out_of_borough")
    empty_cme = {"referrals": 0, "located_closed": 0, "ongoing": 0}
    return {
        "period": period.as_json(),
        "all": _episodes_by_children(frame, ALL_CATEGORIES),
        "lac_in_borough": _episodes_by_children(in_borough, LAC_CATEGORIES),
        "lac_out_of_borough": _episodes_by_children(out_of_borough, LAC_CATEGORIES),
        "cme": empty_cme if cme is None else cme_counts(cme, period, as_at_period_end),
    }


def published_rows(table: dict[str, Any]) -> list[dict[str, object]]:
    """The published table as flat rows: group, category, episodes, children."""
    labels = {
        "all": "all children",
        "lac_in_borough": "looked after, placed in borough",
        "lac_out_of_borough": "looked after, placed out of borough",
    }
    rows: list[dict[str, object]] = []
    for key, label in labels.items():
        for category, (episodes, children) in table[key].items():
            rows.append(
                {"group": label, "category": category, "episodes": episodes, "children": children}
            )
    return rows
