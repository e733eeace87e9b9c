"""Benchmark: record linkage of 1,000,000 children, in batch and at intake.

Batch: prepare the records, score every blocked pair with the shipped model (Splink on DuckDB),
cluster the links above the merge threshold. Wall-clock seconds and the process's peak resident
memory. Target: under 3 minutes on this 2-core machine.

Intake: one new record against the same 1,000,000 children: MissingHub's index (built once)
and Python scoring, p50 and p95 over many queries, against Splink's own `predict_between` for
the same records in the same run. Target: p95 under 100 ms and at least 3 times faster.

    .venv/bin/python bench/linkage.py [--quick] [--children N] [--queries N]
"""

import argparse
import json
import logging
import resource
import time
from typing import Any

import numpy as np
import polars as pl

from missinghub.linkage.evaluation.metrics import pairs_from_labels, score
from missinghub.linkage.evaluation.population import register, with_faults
from missinghub.linkage.model.batch import automatic_links, clusters, predict_pairs
from missinghub.linkage.model.intake import IntakeIndex
from missinghub.linkage.model.prepare import prepare
from missinghub.linkage.model.train import current_model, duckdb_api, new_linker

TARGET = "<= 100 ms and >= 3x faster than Splink"


def say(text: str) -> None:
    print(text, flush=True)


def figure(
    name: str, value: float, unit: str, target: str | None = None, **more: Any
) -> dict[str, Any]:
    return {
        "name": name,
        "value": round(value, 3),
        "unit": unit,
        "target": target,
        "peer": more.get("peer"),
        "peer_value": more.get("peer_value"),
        "met": more.get("met"),
    }


def batch(records: pl.DataFrame) -> tuple[float, pl.DataFrame, pl.DataFrame]:
    model = current_model()
    started = time.perf_counter()
    prepared = prepare(records.drop("person"), model.spec)
    scored = predict_pairs(duckdb_api(), prepared, model, floor=0.5)
    links = automatic_links(scored, model, merge=0.99)
    labels = clusters(prepared["unique_id"], links)
    return time.perf_counter() - started, prepared, labels


def queries(records: pl.DataFrame, count: int) -> pl.DataFrame:
    """New records: half second records of known children (with faults), half new children."""
    rng = np.random.default_rng(99)
    known = with_faults(records[rng.choice(records.height, count // 2, replace=False)], rng)
    fresh = register(count - count // 2, duplicate_share=0.0, seed=12345).drop("unique_id")
    both = pl.concat([known, fresh.select(known.columns)])
    return both.with_row_index("unique_id", offset=10**9).with_columns(
        pl.col("unique_id").cast(pl.Int64)
    )


def ours(index: IntakeIndex, new: pl.DataFrame) -> list[float]:
    index.candidates(prepare(new[0].drop("person"), index.spec))  # warm up, not timed
    spent = []
    for position in range(new.height):
        started = time.perf_counter()
        query = prepare(new[position].drop("person"), index.spec)
        index.candidates(query, floor=0.5)
        spent.append(time.perf_counter() - started)
    return spent


def splinks(prepared: pl.DataFrame, new: pl.DataFrame, count: int) -> list[float]:
    model = current_model()
    db_api = duckdb_api()
    known = db_api.register(prepared.to_arrow(), dataset_display_name="known")
    linker = new_linker([known], model.splink)
    for column in ("first_name", "surname"):
        linker.table_management.compute_tf_table(column)
    spent = []
    for position in range(count):
        started = time.perf_counter()
        query = prepare(new[position].drop("person"), model.spec)
        one = db_api.register(query.to_arrow(), dataset_display_name=f"new_{position}")
        linker.inference.predict_between(
            known, one, threshold_match_probability=0.5
        ).as_pyarrow_table()
        spent.append(time.perf_counter() - started)
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="20,000 children, few queries")
    parser.add_argument("--children", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--splink-queries", type=int, default=40)
    args = parser.parse_args()
    logging.getLogger("splink").setLevel(logging.ERROR)
    size = 20_000 if args.quick else args.children
    n_queries, n_splink = (60, 10) if args.quick else (args.queries, args.splink_queries)

    say(f"Making {size:,} synthetic children (10% second records with faults)")
    records = register(size)
    say("Batch: prepare, score blocked pairs (Splink, DuckDB), cluster")
    seconds, prepared, labels = batch(records)
    peak_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    truth = pairs_from_labels(records["unique_id"], records["person"])
    found = score(
        pairs_from_labels(labels["unique_id"], labels["cluster_id"]), truth, seconds=seconds
    )
    say(f"  {seconds:.1f} s, peak memory {peak_gb:.2f} GB")
    say(f"  precision {found.precision:.4f}, recall {found.recall:.4f}, F1 {found.f1:.4f}")

    say("Intake: building the index")
    started = time.perf_counter()
    index = IntakeIndex(prepared, current_model())
    build = time.perf_counter() - started
    new = queries(records, n_queries)
    ours_ms = np.array(ours(index, new)) * 1000
    p50, p95 = float(np.percentile(ours_ms, 50)), float(np.percentile(ours_ms, 95))
    say(f"  index built in {build:.1f} s; {n_queries} queries: p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    splink_ms = np.array(splinks(prepared, new, n_splink)) * 1000
    splink_p50 = float(np.percentile(splink_ms, 50))
    splink_p95 = float(np.percentile(splink_ms, 95))
    say(f"  Splink predict_between: p50 {splink_p50:.1f} ms, p95 {splink_p95:.1f} ms")
    big = size >= 1_000_000
    figures = [
        figure(f"batch linkage of {size:,} children", seconds, "s", "<= 180 s",
               met=(seconds <= 180) if big else None),
        figure("batch linkage peak memory", peak_gb, "GB"),
        figure("batch linkage F1 (synthetic duplicates)", found.f1, "ratio"),
        figure("intake index build", build, "s"),
        figure(f"intake match p50 (one record vs {size:,})", p50, "ms",
               peer="Splink predict_between p50", peer_value=round(splink_p50, 3)),
        figure(f"intake match p95 (one record vs {size:,})", p95, "ms", TARGET,
               peer="Splink predict_between p95", peer_value=round(splink_p95, 3),
               met=(p95 <= 100 and splink_p95 >= 3 * p95) if big else None),
    ]  # fmt: skip
    print(json.dumps({"figures": figures}))


if __name__ == "__main__":
    main()
