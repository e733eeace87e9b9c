"""The same saved model on Spark (pyspark, local mode here; a cluster for a national data set).

pyspark is an optional extra (`pip install -e '.[spark]'`): imported inside the functions.
The model file's SQL is written for DuckDB; it is translated to Spark SQL by sqlglot (as Splink
itself does), and Splink's Jaro-Winkler UDFs come from the jar it ships.
"""

import copy
from typing import Any

import polars as pl
import sqlglot

from missinghub.linkage.model.train import SavedModel, new_linker

# DuckDB functions whose Spark counterparts have other names (Splink's UDF jar provides
# `jaro_winkler`); sqlglot translates the rest.
SPARK_NAMES = {"list_intersect(": "array_intersect(", "jaro_winkler_similarity(": "jaro_winkler("}


def to_spark_sql(sql: str) -> str:
    if sql.strip().upper() == "ELSE":
        return sql
    for duckdb_name, spark_name in SPARK_NAMES.items():
        sql = sql.replace(duckdb_name, spark_name)
    return sqlglot.transpile(sql, read="duckdb", write="spark")[0]


def spark_settings(model: SavedModel) -> dict[str, Any]:
    """The model's Splink settings with every SQL condition in Spark's dialect."""
    settings = copy.deepcopy(model.splink)
    settings["sql_dialect"] = "spark"
    for rule in settings["blocking_rules_to_generate_predictions"]:
        rule["blocking_rule"] = to_spark_sql(rule["blocking_rule"])
        rule["sql_dialect"] = "spark"
    for comparison in settings["comparisons"]:
        for level in comparison["comparison_levels"]:
            level["sql_condition"] = to_spark_sql(level["sql_condition"])
    return settings


def local_session(app_name: str = "missinghub-linkage") -> Any:
    """A local Spark session with Splink's similarity UDF jar, no UI, small shuffles."""
    from pyspark.sql import SparkSession  # type: ignore[import-not-found,unused-ignore]
    from splink.backends.spark import similarity_jar_location

    return (
        SparkSession.builder.master("local[2]")
        .appName(app_name)
        .config("spark.jars", similarity_jar_location())
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.default.parallelism", "4")
        .config("spark.driver.memory", "2g")
        .getOrCreate()
    )


SPARK_TYPES = {pl.Utf8: "string", pl.Int64: "bigint", pl.List(pl.Utf8): "array<string>"}


def spark_schema(frame: pl.DataFrame) -> str:
    """A Spark DDL schema for the prepared records (no inference: a column may be all null)."""
    return ", ".join(f"`{name}` {SPARK_TYPES[dtype]}" for name, dtype in frame.schema.items())


def predict_on_spark(
    session: Any, prepared: pl.DataFrame, model: SavedModel, *, floor: float
) -> pl.DataFrame:
    """Every blocked pair with a match probability of at least `floor`, scored on Spark."""
    from splink.backends.spark import SparkAPI

    db_api = SparkAPI(spark_session=session, break_lineage_method="persist")
    frame = session.createDataFrame(prepared.to_dicts(), schema=spark_schema(prepared))
    linker = new_linker([db_api.register(frame)], spark_settings(model))
    scored = linker.inference.predict(threshold_match_probability=floor)
    rows = [row.asDict() for row in scored.as_spark_dataframe().collect()]
    return pl.DataFrame(rows, infer_schema_length=None)
