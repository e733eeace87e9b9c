"""Score MissingHub's model and the toolkit's ECM classifier on a data set with known truth.

MissingHub: train without labels (prior, u by random sampling, EM), score the blocked pairs,
then link what clears the merge threshold (clustered: a chain A-B, B-C links A-C). ECM: the same
blocked pairs and fields. Each side is timed from the prepared records to its pairs.
"""

import time
from typing import Any

import polars as pl

from missinghub.linkage.evaluation.dataset import Dataset
from missinghub.linkage.evaluation.ecm import ecm_pairs
from missinghub.linkage.evaluation.metrics import ordered, pairs_from_labels, score
from missinghub.linkage.model.batch import Thresholds, automatic_links, clusters, predict_pairs
from missinghub.linkage.model.blocking import candidate_pairs
from missinghub.linkage.model.prepare import prepare
from missinghub.linkage.model.spec import SPECS
from missinghub.linkage.model.train import duckdb_api, model_document, train


def missinghub_pairs(prepared: pl.DataFrame, dataset: Dataset, threshold: float) -> pl.DataFrame:
    spec = SPECS[dataset.spec_name]
    linker = train(duckdb_api(), prepared, spec)
    model = model_document(linker, spec, version=0, rows=prepared.height)
    scored = predict_pairs(duckdb_api(), prepared, model, floor=threshold)
    links = automatic_links(scored, model, merge=threshold)
    if spec.link_type == "link_only":
        return ordered(links, "unique_id_l", "unique_id_r")
    labels = clusters(prepared["unique_id"], links)
    return pairs_from_labels(labels["unique_id"], labels["cluster_id"])


def evaluate(dataset: Dataset, *, threshold: float = Thresholds().merge) -> dict[str, Any]:
    spec = SPECS[dataset.spec_name]
    truth = dataset.truth_pairs()
    prepared = prepare(dataset.records, spec)

    started = time.perf_counter()
    ours = missinghub_pairs(prepared, dataset, threshold)
    ours_seconds = time.perf_counter() - started

    started = time.perf_counter()
    theirs = ecm_pairs(prepared, candidate_pairs(prepared, spec), spec)
    ecm_seconds = time.perf_counter() - started
    return {
        "dataset": dataset.name,
        "records": dataset.records.height,
        "true_pairs": truth.height,
        "threshold": threshold,
        "missinghub": score(ours, truth, seconds=ours_seconds).as_dict(),
        "ecm": score(theirs, truth, seconds=ecm_seconds).as_dict(),
    }
