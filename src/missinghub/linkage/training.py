"""Train a new children model version (no labels) and save it beside the others."""

from pathlib import Path

import polars as pl

from missinghub.linkage.model.prepare import prepare
from missinghub.linkage.model.spec import CHILD_SPEC
from missinghub.linkage.model.train import (
    duckdb_api,
    model_document,
    model_path,
    save_model,
    train,
)
from missinghub.linkage.records import children_records


def training_records(synth_dir: Path | None) -> pl.DataFrame:
    """The synthetic extracts' distinct records (labels dropped), or every child in the DB."""
    if synth_dir is None:
        return children_records()
    from missinghub.linkage.evaluation.synthetic import load_extracts

    return load_extracts(synth_dir).records


def train_and_save(synth_dir: Path | None, out_dir: Path, version: int) -> Path:
    prepared = prepare(training_records(synth_dir), CHILD_SPEC)
    linker = train(duckdb_api(), prepared, CHILD_SPEC)
    path = model_path(CHILD_SPEC.name, version, out_dir)
    save_model(model_document(linker, CHILD_SPEC, version=version, rows=prepared.height), path)
    return path
