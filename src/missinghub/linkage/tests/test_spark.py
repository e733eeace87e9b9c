"""The saved model gives the same scores on Spark (local mode) as on DuckDB.

pyspark is an optional extra that CI installs (`.ci/run`); without it this test is skipped."""

import logging
from pathlib import Path

import polars as pl
import pytest

from missinghub.linkage.evaluation.synthetic import load_extracts
from missinghub.linkage.model.batch import predict_pairs
from missinghub.linkage.model.prepare import prepare
from missinghub.linkage.model.train import current_model, duckdb_api
from missinghub.synth.parameters import Scale, SynthParameters
from missinghub.synth.run import generate

pytest.importorskip("pyspark", reason="pyspark is the optional 'spark' extra (CI installs it)")
# py4j says goodbye from a finaliser at interpreter exit, after pytest has closed the streams.
logging.getLogger("py4j").setLevel(logging.WARNING)


@pytest.mark.slow
def test_the_model_scores_the_same_on_spark_as_on_duckdb(tmp_path: Path) -> None:
    from missinghub.linkage.model.spark import local_session, predict_on_spark

    generate(SynthParameters(Scale("council", 600, 4), seed=4), tmp_path)
    model = current_model()
    prepared = prepare(load_extracts(tmp_path).records, model.spec)
    on_duckdb = predict_pairs(duckdb_api(), prepared, model, floor=0.01)
    session = local_session()
    try:
        on_spark = predict_on_spark(session, prepared, model, floor=0.01)
    finally:
        session.stop()

    columns = ["unique_id_l", "unique_id_r", "match_weight"]
    both = on_duckdb.select(columns).join(
        on_spark.select(columns), on=["unique_id_l", "unique_id_r"], how="full", suffix="_spark"
    )
    assert on_duckdb.height > 100
    assert both.height == on_duckdb.height == on_spark.height
    difference = (pl.col("match_weight") - pl.col("match_weight_spark")).abs().max()
    assert both.select(difference).item() < 1e-6
