"""Train the model without labels (prior, then u by random sampling, then EM) and save it.

Works on any Splink database API: `duckdb_api()` here, or `spark.spark_api(session)`.
"""

import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
from splink import DuckDBAPI, Linker
from splink.internals.database_api import DatabaseAPI
from splink.internals.splink_dataframe import SplinkDataFrame

from missinghub.linkage.model.spec import SPECS, BlockingPass, ModelSpec
from missinghub.linkage.model.splink_settings import blocking_sql, settings_for, training_rules

MODEL_FORMAT = "missinghub-linkage-model"
# Bump when the spec (comparisons, levels, blocking) changes: older files are refused.
SPEC_VERSION = 2
U_SAMPLE_PAIRS = 2e6
# No level is impossible among true matches (a sex recorded wrongly, a mistyped digit): EM on
# data that never shows a fault would otherwise give its level a near-zero m and a weight of
# -80 or below. A level that names a fault people make (a nickname, one digit of a date wrong,
# an initial only) is floored at 1% of true pairs; "all other comparisons" at 0.2%.
M_FLOOR = 0.002
M_FLOOR_FAULT = 0.01
U_FLOOR = 1e-6


def duckdb_connection() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB that never installs or loads extensions (no network)."""
    return duckdb.connect(
        ":memory:",
        config={"autoinstall_known_extensions": False, "autoload_known_extensions": False},
    )


def duckdb_api() -> DuckDBAPI:
    api = DuckDBAPI(connection=duckdb_connection())
    # Splink keeps a second, internal DuckDB connection: give it the same safe settings.
    api._ddb_con = duckdb_connection()
    return api


def quiet_splink() -> None:
    logging.getLogger("splink").setLevel(logging.ERROR)


def register(db_api: DatabaseAPI[Any], prepared: pl.DataFrame, spec: ModelSpec) -> list[Any]:
    """Register the prepared records: one table, or one per source for a link-only spec."""
    if spec.link_type == "dedupe_only":
        return [db_api.register(prepared.to_arrow())]
    sources = prepared["source"].unique(maintain_order=True).to_list()
    return [
        db_api.register(
            prepared.filter(pl.col("source") == source).to_arrow(),
            dataset_display_name=str(source),
        )
        for source in sources
    ]


def new_linker(tables: list[SplinkDataFrame], settings: dict[str, Any] | Any) -> Linker:
    quiet_splink()
    inputs: SplinkDataFrame | list[SplinkDataFrame] = tables[0] if len(tables) == 1 else tables
    return Linker(inputs, settings, log_level=logging.ERROR)


def train(
    db_api: DatabaseAPI[Any], prepared: pl.DataFrame, spec: ModelSpec, *, seed: int = 1
) -> Linker:
    """A linker whose m and u probabilities and prior were estimated from `prepared`."""
    linker = new_linker(register(db_api, prepared, spec), settings_for(spec))
    training = linker.training
    training.estimate_probability_two_random_records_match(
        [blocking_sql(BlockingPass(rule)) for rule in spec.prior_rules], recall=spec.prior_recall
    )
    training.estimate_u_using_random_sampling(max_pairs=U_SAMPLE_PAIRS, seed=seed)
    for rule in training_rules(spec):
        training.estimate_parameters_using_expectation_maximisation(rule)
    floor_probabilities(linker)
    return linker


def floor_probabilities(linker: Linker) -> None:
    """Set every level's m and u explicitly (a saved model then holds every value it scores
    with; nothing falls back to Splink's defaults): m at least its floor; u estimated from
    random pairs, or `U_FLOOR` where no random pair fell in the level; and no level after the
    first counts for more than exact agreement does (a nickname or an initial is never
    stronger evidence than the same name)."""
    for comparison in linker._settings_obj.comparisons:
        levels = [level for level in comparison.comparison_levels if not level.is_null_level]
        m = [max(float(level.m_probability or 0.0), M_FLOOR_FAULT) for level in levels]
        m[-1] = max(float(levels[-1].m_probability or 0.0), M_FLOOR)
        u = [float(lv.u_probability or 0.0) if lv._u_is_trained else 0.0 for lv in levels]
        u = [max(value, U_FLOOR) for value in u]
        exact = m[0] / u[0]
        for index, level in enumerate(levels):
            level.m_probability = m[index]
            level.u_probability = u[index] if index == 0 else max(u[index], m[index] / exact)


@dataclass(frozen=True)
class SavedModel:
    spec: ModelSpec
    version: int
    trained_at: str
    training_rows: int
    splink: dict[str, Any]

    @property
    def label(self) -> str:
        return f"{self.spec.name} v{self.version} ({self.trained_at})"


def model_document(linker: Linker, spec: ModelSpec, *, version: int, rows: int) -> SavedModel:
    settings = linker.misc.save_model_to_json(out_path=None)
    return SavedModel(
        spec=spec,
        version=version,
        trained_at=datetime.now(UTC).replace(microsecond=0).isoformat(),
        training_rows=rows,
        splink=settings,
    )


def save_model(model: SavedModel, path: Path) -> None:
    document = {
        "format": MODEL_FORMAT,
        "spec_version": SPEC_VERSION,
        "spec": model.spec.name,
        "version": model.version,
        "trained_at": model.trained_at,
        "training_rows": model.training_rows,
        "splink": model.splink,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def load_model(path: Path) -> SavedModel:
    document = json.loads(path.read_text(encoding="utf-8"))
    if document.get("format") != MODEL_FORMAT or document.get("spec_version") != SPEC_VERSION:
        raise ValueError(f"{path} is not a linkage model of spec version {SPEC_VERSION}")
    return SavedModel(
        spec=SPECS[document["spec"]],
        version=int(document["version"]),
        trained_at=document["trained_at"],
        training_rows=int(document["training_rows"]),
        splink=document["splink"],
    )


def linker_for(db_api: DatabaseAPI[Any], prepared: pl.DataFrame, model: SavedModel) -> Linker:
    """A linker with the saved parameters over new records (for prediction, no training)."""
    return new_linker(register(db_api, prepared, model.spec), model.splink)


# The shipped models: `trained/<spec>-v<version>.json`; the highest version is the current one.
MODEL_DIR = Path(__file__).resolve().parent.parent / "trained"


def model_path(spec_name: str, version: int, folder: Path = MODEL_DIR) -> Path:
    return folder / f"{spec_name}-v{version}.json"


def model_versions(spec_name: str, folder: Path = MODEL_DIR) -> list[int]:
    prefix = f"{spec_name}-v"
    found = [p.stem[len(prefix) :] for p in folder.glob(f"{prefix}*.json")]
    return sorted(int(v) for v in found if v.isdigit())


def current_model(spec_name: str = "children", folder: Path = MODEL_DIR) -> SavedModel:
    versions = model_versions(spec_name, folder)
    if not versions:
        raise FileNotFoundError(f"No trained {spec_name} model in {folder}")
    return load_model(model_path(spec_name, versions[-1], folder))
