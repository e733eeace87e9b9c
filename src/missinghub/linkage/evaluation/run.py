"""Score MissingHub's model and its two peers on a data set with known truth.

MissingHub: trained on the data set itself without its labels (prior from deterministic rules,
u by random sampling, EM), score the blocked pairs, then link what clears the merge threshold
(clustered: a chain A-B, B-C links A-C). ECM: the recordlinkage toolkit's classifier on exactly
our blocked pairs and fields. Splink: plain settings (`splink_plain.py`), trained the same way.
Each side is timed from the prepared records to its pairs; blocking recall is the share of true
pairs its blocking compares at all.
"""

import time
from collections.abc import Callable
from typing import Any

import polars as pl

from missinghub.linkage.evaluation import splink_plain
from missinghub.linkage.evaluation.dataset import Dataset
from missinghub.linkage.evaluation.ecm import ecm_pairs
from missinghub.linkage.evaluation.metrics import ordered, pairs_from_labels, score
from missinghub.linkage.model.batch import Thresholds, automatic_links, clusters, predict_pairs
from missinghub.linkage.model.blocking import candidate_pairs
from missinghub.linkage.model.prepare import prepare
from missinghub.linkage.model.spec import SPECS, BlockingPass, ModelSpec
from missinghub.linkage.model.train import duckdb_api, model_document, train


def linked_pairs(prepared: pl.DataFrame, spec: ModelSpec, links: pl.DataFrame) -> pl.DataFrame:
    """Pairs (a < b) the links make: as they are when linking two files, else clustered."""
    if spec.link_type == "link_only":
        return ordered(links, "unique_id_l", "unique_id_r")
    labels = clusters(prepared["unique_id"], links)
    return pairs_from_labels(labels["unique_id"], labels["cluster_id"])


def missinghub_pairs(prepared: pl.DataFrame, spec: ModelSpec, threshold: float) -> pl.DataFrame:
    linker = train(duckdb_api(), prepared, spec)
    model = model_document(linker, spec, version=0, rows=prepared.height)
    scored = predict_pairs(duckdb_api(), prepared, model, floor=threshold)
    return linked_pairs(prepared, spec, automatic_links(scored, model, merge=threshold))


def splink_pairs(prepared: pl.DataFrame, spec: ModelSpec, threshold: float) -> pl.DataFrame:
    links = splink_plain.splink_links(prepared, spec, threshold=threshold)
    return linked_pairs(prepared, spec, links)


def blocking_recall(
    prepared: pl.DataFrame,
    spec: ModelSpec,
    truth: pl.DataFrame,
    rules: tuple[BlockingPass, ...] | None = None,
) -> float:
    """True pairs compared by the blocking / true pairs."""
    found = candidate_pairs(prepared, spec, rules)
    ids = prepared["unique_id"]
    pairs = ordered(
        pl.DataFrame({"l": ids.gather(found["left"]), "r": ids.gather(found["right"])}), "l", "r"
    )
    hits = pairs.join(truth, on=["a", "b"], how="inner").height
    return hits / truth.height if truth.height else 1.0


def _timed(run: Callable[[], pl.DataFrame]) -> tuple[pl.DataFrame, float]:
    started = time.perf_counter()
    pairs = run()
    return pairs, time.perf_counter() - started


def evaluate(dataset: Dataset, *, threshold: float = Thresholds().merge) -> dict[str, Any]:
    spec = SPECS[dataset.spec_name]
    truth = dataset.truth_pairs()
    prepared = prepare(dataset.records, spec)
    ours_recall = blocking_recall(prepared, spec, truth)
    splink_recall = blocking_recall(prepared, spec, truth, splink_plain.blocking_passes(prepared))
    runs = {
        "missinghub": (lambda: missinghub_pairs(prepared, spec, threshold), ours_recall),
        "ecm": (lambda: ecm_pairs(prepared, candidate_pairs(prepared, spec), spec), ours_recall),
        "splink": (lambda: splink_pairs(prepared, spec, threshold), splink_recall),
    }
    result: dict[str, Any] = {
        "dataset": dataset.name,
        "records": dataset.records.height,
        "true_pairs": truth.height,
        "threshold": threshold,
    }
    for side, (run, recall) in runs.items():
        pairs, seconds = _timed(run)
        scores = score(pairs, truth, seconds=seconds).as_dict()
        result[side] = {**scores, "blocking_recall": round(recall, 4)}
    return result
