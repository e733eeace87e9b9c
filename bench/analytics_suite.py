"""Benchmark: the analytics suite on a national-scale synthetic episode frame, against pandas.

    .venv/bin/python bench/analytics_suite.py [--episodes 5000000] [--children 250000]

Generates (seeded NumPy) about 5 million episodes by 250,000 children over 10 years with
heavy-tailed repeat counts, times the whole MissingHub analytics suite (Polars) and a
straightforward pandas implementation of the same figures (bench/pandas_baseline.py), checks
that both give the same results and prints the seconds and the ratio. Synthetic data only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pandas_baseline

from missinghub_analytics.bursts import BurstRule, burst_summary
from missinghub_analytics.concentration import (
    gini_by_year,
    most_frequent_children,
    top_share,
)
from missinghub_analytics.durations import (
    duration_distribution,
    duration_survival,
    share_ended_within,
)
from missinghub_analytics.frames import (
    CATEGORIES,
    PLACEMENT_AREAS,
    PLACEMENT_TYPES,
    Period,
)
from missinghub_analytics.outcomes import protocol_change_evaluation
from missinghub_analytics.prepared import EpisodeData, PreparedEpisodes, prepare_episodes
from missinghub_analytics.published import published_table
from missinghub_analytics.timing import time_of_day_by_weekday

FIRST_DAY = dt.date(2015, 4, 1)
PERIOD = Period(FIRST_DAY, dt.date(2025, 3, 31))
LAST_YEAR = Period(dt.date(2024, 4, 1), dt.date(2025, 3, 31))
CHANGE_AT = dt.datetime(2020, 4, 1, tzinfo=dt.UTC)
KM_GRID_HOURS = (1.0, 2.0, 4.0, 8.0, 24.0, 48.0, 72.0, 168.0, 336.0)
HORIZONS_DAYS = (30.0, 90.0, 180.0)
TOP_PERCENTS = (1.0, 10.0)
SPAN_SECONDS = int((PERIOD.end_utc - PERIOD.start_utc).total_seconds())


def episode_counts(rng: np.random.Generator, episodes: int, children: int) -> np.ndarray:
    """Heavy-tailed episodes per child (every child at least one), summing to `episodes`."""
    weights = np.minimum(rng.pareto(1.2, children) + 0.05, 400.0)
    extra = rng.multinomial(episodes - children, weights / weights.sum())
    return 1 + extra


def report_times(rng: np.random.Generator, counts: np.ndarray) -> np.ndarray:
    """Seconds since the period start: each child active over a window; repeaters cluster."""
    children = counts.size
    length = np.minimum(rng.exponential(200 * 86_400, children) + counts * 3 * 3_600, SPAN_SECONDS)
    start = rng.random(children) * (SPAN_SECONDS - length)
    child = np.repeat(np.arange(children), counts)
    offsets = rng.random(child.size) ** 1.5 * length[child]
    return (start[child] + offsets).astype(np.int64)


def generate(episodes: int, children: int, seed: int = 12) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    counts = episode_counts(rng, episodes, children)
    child = np.repeat(np.arange(children), counts)
    reported_s = report_times(rng, counts)
    duration_s = (rng.lognormal(math.log(6 * 3_600), 1.4, episodes)).astype(np.int64)
    looked_after = np.repeat(rng.random(children) < 0.3, counts)
    area = np.where(looked_after, np.where(rng.random(episodes) < 0.7, 0, 1), 2)
    placement = np.where(looked_after, rng.choice([1, 2, 3, 4, 5], episodes), 0)
    category = rng.choice(3, episodes, p=[0.85, 0.07, 0.08])
    category = np.where(looked_after | (category != 2), category, 0)
    is_open = rng.random(episodes) < 0.01
    start_us = int(PERIOD.start_utc.timestamp()) * 1_000_000
    reported = start_us + reported_s * 1_000_000
    returned = np.where(is_open, 0, reported + duration_s * 1_000_000)
    frame = pl.DataFrame(
        {
            "child_id": pl.Series(child).cast(pl.String).str.zfill(7),
            "episode_id": np.arange(episodes),
            "category": pl.Series(np.asarray(CATEGORIES)[category]),
            "placement_type": pl.Series(np.asarray(PLACEMENT_TYPES)[placement]),
            "looked_after": looked_after,
            "placement_area": pl.Series(np.asarray(PLACEMENT_AREAS)[area]),
            "reported_at": reported,
            "returned_at": returned,
            "county_lines": rng.random(episodes) < 0.03,
        }
    )
    return frame.with_columns(
        pl.col("child_id").map_batches(lambda s: "C" + s),
        pl.col("episode_id").cast(pl.String),
        pl.col("category").cast(pl.Enum(CATEGORIES)),
        pl.col("placement_type").cast(pl.Enum(PLACEMENT_TYPES)),
        pl.col("placement_area").cast(pl.Enum(PLACEMENT_AREAS)),
        pl.col("reported_at").cast(pl.Datetime("us", "UTC")),
        pl.when(pl.col("returned_at") > 0)
        .then(pl.col("returned_at"))
        .otherwise(None)
        .cast(pl.Datetime("us", "UTC")),
    )


def generate_cme(referrals: int, seed: int = 13) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    start_us = int(PERIOD.start_utc.timestamp()) * 1_000_000
    referred = start_us + rng.integers(0, SPAN_SECONDS, referrals) * 1_000_000
    closed = rng.random(referrals) < 0.97
    closed_at = referred + rng.integers(1, 120, referrals) * 86_400_000_000
    return pl.DataFrame(
        {
            "referral_id": [f"R{i}" for i in range(referrals)],
            "child_id": [f"K{i}" for i in rng.integers(0, referrals, referrals)],
            "referred_at": referred,
            "ground": rng.choice(["moved_away", "not_known", "home_education"], referrals),
            "status": np.where(closed, "located_closed", "ongoing"),
            "closed_at": np.where(closed, closed_at, 0),
        }
    ).with_columns(
        pl.col("referred_at").cast(pl.Datetime("us", "UTC")),
        pl.when(pl.col("closed_at") > 0).then(pl.col("closed_at")).cast(pl.Datetime("us", "UTC")),
    )


def run_suite(episodes: EpisodeData, cme: pl.DataFrame, threads: int = 2) -> dict[str, Any]:
    """Every figure of the library on the frame, as plain Python values.

    The episodes are prepared once (child codes; the (child, time) order on first use) and
    every figure reads the prepared episodes: that preparation is inside the timed suite. With
    two threads, the outcome evaluation (NumPy, one core) runs beside the other figures (mostly
    Polars); both libraries release the GIL while they work.
    """
    episodes = prepare_episodes(episodes)
    if threads < 2:
        return {**_outcome_figures(episodes), **_other_figures(episodes, cme)}
    with ThreadPoolExecutor(max_workers=1) as pool:
        outcome = pool.submit(_outcome_figures, episodes)
        others = _other_figures(episodes, cme)
        return {**outcome.result(), **others}


def _outcome_figures(episodes: PreparedEpisodes) -> dict[str, Any]:
    outcome = protocol_change_evaluation(episodes, CHANGE_AT, PERIOD, HORIZONS_DAYS)
    if outcome.log_rank is None:
        raise RuntimeError("the protocol comparison needs two groups")
    return {
        "protocol_groups": [
            (g["group"], g["index_events"], g["went_missing_again"]) for g in outcome.groups
        ],
        "protocol_horizons": [(r["group"], r["days"], r["survival"]) for r in outcome.at_horizons],
        "protocol_log_rank": (outcome.log_rank.statistic, outcome.log_rank.p_value),
    }


def _other_figures(episodes: PreparedEpisodes, cme: pl.DataFrame) -> dict[str, Any]:
    curve = duration_survival(episodes, PERIOD)["all"]
    return {
        "share_within": share_ended_within(episodes, PERIOD),
        "share_by_category": share_ended_within(episodes, PERIOD, by=["category"]),
        "share_by_placement": share_ended_within(episodes, PERIOD, by=["placement_type"]),
        "distribution": [r["episodes"] for r in duration_distribution(episodes, PERIOD)],
        "km": [(r["survival"], r["ci_lower"], r["ci_upper"]) for r in curve.sample(KM_GRID_HOURS)],
        "km_median": curve.median,
        "timing": [
            r["episodes"] for r in time_of_day_by_weekday(episodes, PERIOD, by_placement_type=True)
        ],
        "top_share": [
            (r["year"], r["top_percent"], r["share"])
            for r in top_share(episodes, TOP_PERCENTS, year_start_month=4)
        ],
        "gini": gini_by_year(episodes, year_start_month=4),
        "most_frequent": [r["episodes"] for r in most_frequent_children(episodes, PERIOD, 10)],
        "published_last_year": published_table(episodes, cme, LAST_YEAR),
        "published_all": published_table(episodes, cme, PERIOD),
        "bursts": burst_summary(episodes, PERIOD, BurstRule(3, 14)),
    }


def same(left: Any, right: Any, path: str = "") -> list[str]:
    """Differences between two result trees (floats compared with a relative tolerance)."""
    if isinstance(left, dict) and isinstance(right, dict):
        if set(left) != set(right):
            return [f"{path}: keys {sorted(left)} != {sorted(right)}"]
        return [d for k in left for d in same(left[k], right[k], f"{path}.{k}")]
    if isinstance(left, list | tuple) and isinstance(right, list | tuple):
        if len(left) != len(right):
            return [f"{path}: length {len(left)} != {len(right)}"]
        return [
            d
            for i, (a, b) in enumerate(zip(left, right, strict=True))
            for d in same(a, b, f"{path}[{i}]")
        ]
    if isinstance(left, float) or isinstance(right, float):
        ok = math.isclose(float(left), float(right), rel_tol=1e-7, abs_tol=1e-9)
        return [] if ok else [f"{path}: {left} != {right}"]
    return [] if left == right else [f"{path}: {left!r} != {right!r}"]


def timed(label: str, func: Any, *args: Any) -> tuple[Any, float]:
    start = time.perf_counter()
    result = func(*args)
    seconds = time.perf_counter() - start
    print(f"{label}: {seconds:.2f} s", flush=True)
    return result, seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--episodes", type=int, default=5_000_000)
    parser.add_argument("--children", type=int, default=250_000)
    parser.add_argument("--repeat", type=int, default=3, help="suite runs (best is reported)")
    parser.add_argument("--skip-pandas", action="store_true")
    parser.add_argument("--threads", type=int, default=2, help="1: every figure one after another")
    parser.add_argument(
        "--quick", action="store_true", help="a small size (100,000 episodes) to smoke-test"
    )
    args = parser.parse_args()
    if args.quick:
        args.episodes, args.children, args.repeat = 100_000, 5_000, 1
    episodes, _ = timed("generate episodes", generate, args.episodes, args.children)
    cme = generate_cme(20_000)
    counts = episodes.group_by("child_id").len().get_column("len")
    print(
        f"{episodes.height:,} episodes, {counts.len():,} children, "
        f"max {counts.max()} per child, median {counts.median()}"
    )
    runs = [
        timed(f"suite (polars) run {i + 1}", run_suite, episodes, cme, args.threads)
        for i in range(args.repeat)
    ]
    ours, ours_seconds = runs[0][0], min(seconds for _, seconds in runs)
    if args.skip_pandas:
        print(json.dumps({"figures": figures(ours_seconds, None, None, below_national(args))}))
        return 0
    pandas_episodes, pandas_cme = (
        pandas_baseline.to_pandas(episodes),
        pandas_baseline.to_pandas(cme),
    )
    theirs, pandas_seconds = timed(
        "baseline (pandas)", pandas_baseline.run_baseline, pandas_episodes, pandas_cme
    )
    differences = same(ours, theirs)
    for line in differences[:20]:
        print("DIFFERENT", line)
    if differences:
        print(f"{len(differences)} differences between polars and pandas results")
        found = len(differences)
        print(
            json.dumps(
                {"figures": figures(ours_seconds, pandas_seconds, found, below_national(args))}
            )
        )
        return 1
    print(
        f"results identical; polars suite {ours_seconds:.2f} s, pandas {pandas_seconds:.2f} s, "
        f"ratio {pandas_seconds / ours_seconds:.1f}x"
    )
    print(f"published table, last year: {ours['published_last_year']}")
    print(f"bursts: {ours['bursts']}")
    print(json.dumps({"figures": figures(ours_seconds, pandas_seconds, 0, below_national(args))}))
    return 0


def below_national(args: argparse.Namespace) -> bool:
    """Targets are for 5M episodes; a smaller run reports its figures with met = null."""
    return bool(args.quick or args.episodes < 5_000_000)


def figures(
    ours: float, pandas: float | None, differences: int | None, quick: bool
) -> list[dict[str, Any]]:
    """The harness's figures. Targets are for the national size; --quick reports met = null."""
    size = "below national size" if quick else "national size, 5M episodes"
    ratio = pandas / ours if pandas is not None else None
    return [
        {
            "name": f"analytics suite, {size} (seconds)",
            "value": round(ours, 3),
            "unit": "s",
            "target": "< 5 s",
            "peer": "straightforward pandas implementation (bench/pandas_baseline.py)",
            "peer_value": None if pandas is None else round(pandas, 3),
            "met": None if quick else ours < 5,
        },
        {
            "name": f"speed-up over pandas, {size}",
            "value": None if ratio is None else round(ratio, 1),
            "unit": "x",
            "target": ">= 10x",
            "peer": "pandas baseline, same results checked",
            "peer_value": 1.0 if ratio is not None else None,
            "met": None if quick or ratio is None else ratio >= 10,
        },
        {
            "name": f"differences between polars and pandas results, {size}",
            "value": differences,
            "unit": "count",
            "target": "0",
            "peer": None,
            "peer_value": None,
            "met": None if differences is None else differences == 0,
        },
    ]


if __name__ == "__main__":
    raise SystemExit(main())
