"""Straightforward pandas implementation of the analytics suite (benchmark baseline only).

Written the way an analyst would in pandas (groupby, shift, merge_asof), independently of
missinghub_analytics, so the benchmark also cross-checks the library's results.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from typing import Any

import numpy as np
import pandas as pd
import polars as pl

PERIOD = (dt.date(2015, 4, 1), dt.date(2025, 3, 31))
LAST_YEAR = (dt.date(2024, 4, 1), dt.date(2025, 3, 31))
CHANGE_AT = pd.Timestamp("2020-04-01", tz="UTC")
KM_GRID_HOURS = (1.0, 2.0, 4.0, 8.0, 24.0, 48.0, 72.0, 168.0, 336.0)
HORIZONS_DAYS = (30.0, 90.0, 180.0)
TOP_PERCENTS = (1.0, 10.0)
Z = 1.959963984540054
BANDS = (0, 1, 4, 8, 12, 24, 48, 72, 168, math.inf)


def to_pandas(frame: pl.DataFrame) -> pd.DataFrame:
    """Column by column through NumPy (pyarrow is not installed); datetimes stay UTC-aware."""
    columns: dict[str, Any] = {}
    for name, dtype in frame.schema.items():
        series = frame.get_column(name)
        if isinstance(dtype, pl.Datetime):
            columns[name] = pd.Series(series.dt.replace_time_zone(None).to_numpy()).dt.tz_localize(
                "UTC"
            )
        elif isinstance(dtype, pl.Enum | pl.Categorical | pl.String):
            columns[name] = series.cast(pl.String).to_numpy()
        else:
            columns[name] = series.to_numpy()
    return pd.DataFrame(columns)


def bounds(period: tuple[dt.date, dt.date]) -> tuple[pd.Timestamp, pd.Timestamp]:
    start = pd.Timestamp(period[0]).tz_localize("Europe/London").tz_convert("UTC")
    end = pd.Timestamp(period[1] + dt.timedelta(days=1)).tz_localize("Europe/London")
    return start, end.tz_convert("UTC")


def in_period(df: pd.DataFrame, column: str, period: tuple[dt.date, dt.date]) -> pd.DataFrame:
    start, end = bounds(period)
    return df[(df[column] >= start) & (df[column] < end)]


def durations(episodes: pd.DataFrame) -> pd.DataFrame:
    _, end = bounds(PERIOD)
    df = in_period(episodes, "reported_at", PERIOD).copy()
    df["ended"] = df["returned_at"].notna() & (df["returned_at"] <= end)
    stop = df["returned_at"].where(df["ended"], end)
    df["hours"] = ((stop - df["reported_at"]).dt.total_seconds() / 3600).clip(lower=0)
    return df


def share_rows(df: pd.DataFrame, by: str | None) -> list[dict[str, Any]]:
    def summarise(part: pd.DataFrame) -> dict[str, Any]:
        row: dict[str, Any] = {"episodes": len(part), "open": int((~part["ended"]).sum())}
        for h in (24, 48, 168):
            row[f"within_{h}h"] = float((part["ended"] & (part["hours"] <= h)).mean())
        return row

    if by is None:
        return [summarise(df)]
    return [{by: key, **summarise(part)} for key, part in sorted(df.groupby(by))]


def kaplan_meier(hours: pd.Series, events: pd.Series) -> pd.DataFrame:
    table = (
        pd.DataFrame({"t": hours, "e": events.astype(int)}).groupby("t")["e"].agg(["sum", "count"])
    )
    n = len(hours) - table["count"].cumsum().shift(fill_value=0)
    d = table["sum"]
    survival = (1 - d / n).cumprod()
    var = (d / (n * (n - d))).replace(np.inf, 0).fillna(0).cumsum()
    log_s = np.log(survival.where(survival > 0))
    spread = Z * np.sqrt(var) / np.abs(log_s)
    inside = (survival > 0) & (survival < 1)
    lower = np.exp(log_s * np.exp(spread)).where(inside, survival)
    upper = np.exp(log_s * np.exp(-spread)).where(inside, survival)
    return pd.DataFrame({"s": survival, "lo": lower, "hi": upper})


def km_at(curve: pd.DataFrame, times: tuple[float, ...]) -> list[tuple[float, float, float]]:
    index = np.searchsorted(curve.index.to_numpy(), np.asarray(times), side="right")
    rows = []
    for i in index:
        rows.append((1.0, 1.0, 1.0) if i == 0 else tuple(float(v) for v in curve.iloc[i - 1]))
    return rows


def km_median(curve: pd.DataFrame) -> float:
    below = curve.index[curve["s"] <= 0.5]
    return float(below[0]) if len(below) else math.inf


def timing(episodes: pd.DataFrame) -> list[int]:
    df = in_period(episodes, "reported_at", PERIOD)
    local = df["reported_at"].dt.tz_convert("Europe/London")
    counts = df.groupby([df["placement_type"], local.dt.dayofweek + 1, local.dt.hour]).size()
    grid = pd.MultiIndex.from_product(
        [sorted(df["placement_type"].unique()), range(1, 8), range(24)]
    )
    return [int(v) for v in counts.reindex(grid, fill_value=0)]


def per_child_year(episodes: pd.DataFrame) -> pd.DataFrame:
    local = episodes["reported_at"].dt.tz_convert("Europe/London")
    year = local.dt.year - (local.dt.month < 4).astype(int)
    return (
        episodes.groupby([year.rename("year"), episodes["child_id"]])
        .size()
        .rename("n")
        .reset_index()
    )


def top_share(counts: pd.DataFrame) -> list[tuple[int, float, float]]:
    df = counts.sort_values(["year", "n", "child_id"], ascending=[True, False, True])
    df["rank"] = df.groupby("year").cumcount() + 1
    df["cum"] = df.groupby("year")["n"].cumsum()
    rows = []
    for year, part in df.groupby("year"):
        for percent in TOP_PERCENTS:
            k = max(1, math.ceil(len(part) * percent / 100))
            rows.append((int(year), percent, float(part["cum"].iloc[k - 1] / part["n"].sum())))
    return sorted(rows)


def gini(counts: pd.DataFrame) -> dict[int, float]:
    result = {}
    for year, part in counts.groupby("year"):
        x = np.sort(part["n"].to_numpy()).astype(float)
        i = np.arange(1, len(x) + 1)
        result[int(year)] = float(2 * (i * x).sum() / (len(x) * x.sum()) - (len(x) + 1) / len(x))
    return result


def bursts(episodes: pd.DataFrame, k: int = 3, days: int = 14) -> dict[str, Any]:
    df = in_period(episodes, "reported_at", PERIOD).sort_values(["child_id", "reported_at"])
    by_child = df.groupby("child_id")["reported_at"]
    opens = (by_child.shift(-(k - 1)) - df["reported_at"]) <= pd.Timedelta(days=days)
    df = df.assign(opens=opens)
    earlier = pd.concat(
        [df.groupby("child_id")["opens"].shift(m, fill_value=False) for m in range(1, k)], axis=1
    ).any(axis=1)
    in_burst = df["opens"] | earlier
    return {
        "rule": f"{k}+ episodes within {days} days",
        "episodes": len(df),
        "episodes_in_bursts": int(in_burst.sum()),
        "bursts": int((df["opens"] & ~earlier).sum()),
        "children": int(df["child_id"].nunique()),
        "children_with_bursts": int(df.loc[in_burst, "child_id"].nunique()),
        "share_in_bursts": float(in_burst.mean()),
    }


def counts_by_category(df: pd.DataFrame, categories: tuple[str, ...]) -> dict[str, list[int]]:
    grouped = df.groupby("category")["child_id"].agg(["size", "nunique"])
    return {
        c: [int(grouped.loc[c, "size"]), int(grouped.loc[c, "nunique"])]
        if c in grouped.index
        else [0, 0]
        for c in categories
    }


def published(
    episodes: pd.DataFrame, cme: pd.DataFrame, period: tuple[dt.date, dt.date]
) -> dict[str, Any]:
    df = in_period(episodes, "reported_at", period)
    lac = df[df["looked_after"]]
    referrals = in_period(cme, "referred_at", period)
    located = int((referrals["status"] == "located_closed").sum())
    return {
        "period": [period[0].isoformat(), period[1].isoformat()],
        "all": counts_by_category(df, ("missing", "absent", "awol")),
        "lac_in_borough": counts_by_category(
            lac[lac["placement_area"] == "in_borough"], ("missing", "awol")
        ),
        "lac_out_of_borough": counts_by_category(
            lac[lac["placement_area"] == "out_of_borough"], ("missing", "awol")
        ),
        "cme": {
            "referrals": len(referrals),
            "located_closed": located,
            "ongoing": len(referrals) - located,
        },
    }


def follow_up_after_returns(episodes: pd.DataFrame) -> pd.DataFrame:
    _, end = bounds(PERIOD)
    df = in_period(episodes, "reported_at", PERIOD)
    returns = df[df["returned_at"].notna() & (df["returned_at"] < end)]
    index = pd.DataFrame({"child_id": returns["child_id"], "index_at": returns["returned_at"]})
    later = episodes[["child_id", "reported_at"]].rename(columns={"reported_at": "next_at"})
    joined = pd.merge_asof(
        index.sort_values("index_at"),
        later.sort_values("next_at"),
        left_on="index_at",
        right_on="next_at",
        by="child_id",
        direction="forward",
        allow_exact_matches=False,
    )
    before = joined["index_at"] < CHANGE_AT
    joined["group"] = np.where(before, "before", "after")
    censor = pd.Series(end, index=joined.index).where(~before, CHANGE_AT)
    joined["event"] = joined["next_at"].notna() & (joined["next_at"] <= censor)
    stop = joined["next_at"].where(joined["event"], censor)
    joined["days"] = ((stop - joined["index_at"]).dt.total_seconds() / 86400).clip(lower=0)
    return joined


def log_rank(df: pd.DataFrame) -> tuple[float, float]:
    table = pd.crosstab(
        df["days"], df["group"], values=df["event"].astype(int), aggfunc="sum"
    ).fillna(0)
    sizes = pd.crosstab(df["days"], df["group"]).fillna(0)
    at_risk = sizes.sum() - sizes.cumsum().shift(fill_value=0)
    n, d = at_risk.sum(axis=1), table.sum(axis=1)
    first = sorted(df["group"].unique())[0]
    expected = d * at_risk[first] / n
    variance = (d * (at_risk[first] / n) * (1 - at_risk[first] / n) * (n - d) / (n - 1)).fillna(0)
    statistic = float((table[first].sum() - expected.sum()) ** 2 / variance.sum())
    return statistic, float(math.erfc(math.sqrt(statistic / 2)))


def protocol(episodes: pd.DataFrame) -> dict[str, Any]:
    df = follow_up_after_returns(episodes)
    groups, horizons = [], []
    for name, part in sorted(df.groupby("group")):
        groups.append((name, len(part), int(part["event"].sum())))
        curve = kaplan_meier(part["days"], part["event"])
        horizons += [
            (name, t, s)
            for t, (s, _, _) in zip(HORIZONS_DAYS, km_at(curve, HORIZONS_DAYS), strict=True)
        ]
    return {"groups": groups, "horizons": horizons, "log_rank": log_rank(df)}


def distribution(df: pd.DataFrame) -> list[int]:
    closed = df.loc[df["ended"], "hours"]
    counts = [int(((closed >= lo) & (closed < hi)).sum()) for lo, hi in itertools.pairwise(BANDS)]
    return [*counts, int((~df["ended"]).sum())]


def run_baseline(episodes: pd.DataFrame, cme: pd.DataFrame) -> dict[str, Any]:
    df = durations(episodes)
    curve = kaplan_meier(df["hours"], df["ended"])
    counts = per_child_year(episodes)
    in_full = in_period(episodes, "reported_at", PERIOD)
    frequent = in_full.groupby("child_id").size().sort_values(ascending=False).head(10)
    outcome = protocol(episodes)
    return {
        "share_within": share_rows(df, None),
        "share_by_category": share_rows(df, "category"),
        "share_by_placement": share_rows(df, "placement_type"),
        "distribution": distribution(df),
        "km": km_at(curve, KM_GRID_HOURS),
        "km_median": km_median(curve),
        "timing": timing(episodes),
        "top_share": top_share(counts),
        "gini": gini(counts),
        "most_frequent": [int(v) for v in frequent],
        "bursts": bursts(episodes),
        "published_last_year": published(episodes, cme, LAST_YEAR),
        "published_all": published(episodes, cme, PERIOD),
        "protocol_groups": outcome["groups"],
        "protocol_horizons": outcome["horizons"],
        "protocol_log_rank": outcome["log_rank"],
    }
