"""Batch linkage: score every blocked pair with Splink, then cluster the confident links.

`predict_pairs` returns the scored pairs at or above the review threshold; `clusters` joins
records whose links are at or above the merge threshold (connected components, union-find in
numpy), so a chain A-B, B-C becomes one child.
"""

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl
from splink.internals.database_api import DatabaseAPI

from missinghub.linkage.model.train import SavedModel, linker_for


@dataclass(frozen=True)
class Thresholds:
    """Match probabilities: at or above `merge` a pair links by itself; from `review` up to
    `merge` a person decides."""

    merge: float = 0.99
    review: float = 0.5


DEFAULT_THRESHOLDS = Thresholds()

PAIR_COLUMNS = ["unique_id_l", "unique_id_r", "match_probability", "match_weight"]


def _top_gamma(model: SavedModel, name: str) -> int:
    """Splink's comparison vector value of a comparison's best level (levels count down to 0
    for the last, "else" level; the null level is -1)."""
    for comparison in model.splink["comparisons"]:
        if comparison["output_column_name"] == name:
            return len(comparison["comparison_levels"]) - 2
    raise KeyError(name)


def twins_expr(model: SavedModel) -> pl.Expr:
    """Pairs that look like twins: the same family name and date of birth, clearly different
    first names, and no agency identifier in common. However high their score, a person
    decides."""
    surname, dob = _top_gamma(model, "surname"), _top_gamma(model, "dob")
    return (
        (pl.col("gamma_first_name") == 0)
        & (pl.col("gamma_dob") == dob)
        & (pl.col("gamma_surname") >= surname - 1)
        & (pl.col("gamma_identifiers") != _top_gamma(model, "identifiers"))
    )


def automatic_links(pairs: pl.DataFrame, model: SavedModel, *, merge: float) -> pl.DataFrame:
    """The pairs that link without a person: at or above `merge`, and not looking like twins."""
    confident = pairs.filter(pl.col("match_probability") >= merge)
    if not model.spec.twins_need_review:
        return confident
    return confident.filter(~twins_expr(model))


def predict_pairs(
    db_api: DatabaseAPI[Any], prepared: pl.DataFrame, model: SavedModel, *, floor: float
) -> pl.DataFrame:
    """Every blocked pair with a match probability of at least `floor`."""
    linker = linker_for(db_api, prepared, model)
    scored = linker.inference.predict(threshold_match_probability=floor)
    table = pl.from_arrow(scored.as_pyarrow_table())
    if not isinstance(table, pl.DataFrame):  # a table always converts to a frame
        raise TypeError("Splink returned something other than a table")
    return table


def _find(parent: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Follow parents to the root for every node at once (pointer jumping)."""
    while True:
        grand = parent[parent]
        if np.array_equal(grand, parent):
            return parent
        parent = grand


def connected_components(
    count: int, left: npt.NDArray[np.int64], right: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    """The component label (smallest member index) of each of `count` nodes."""
    parent = np.arange(count, dtype=np.int64)
    while True:
        root_l, root_r = _find(parent)[left], _find(parent)[right]
        differ = root_l != root_r
        if not differ.any():
            return _find(parent)
        low = np.minimum(root_l[differ], root_r[differ])
        high = np.maximum(root_l[differ], root_r[differ])
        # Hook each higher root under the lowest root it links to.
        np.minimum.at(parent, high, low)
        parent = _find(parent)


def best_probability(links: pl.DataFrame) -> dict[Any, float]:
    """Each linked record's highest match probability among `links`."""
    if not links.height:
        return {}
    sides = [
        links.select(pl.col(side).alias("id"), "match_probability")
        for side in ("unique_id_l", "unique_id_r")
    ]
    best = pl.concat(sides).group_by("id").agg(pl.col("match_probability").max())
    return dict(best.iter_rows())


def cluster_members(labels: pl.DataFrame) -> list[list[Any]]:
    """The members of every cluster of two or more, each list sorted."""
    groups = labels.group_by("cluster_id").agg(pl.col("unique_id").sort())
    groups = groups.filter(pl.col("unique_id").list.len() > 1).sort("cluster_id")
    return list(groups["unique_id"].to_list())


def clusters(ids: pl.Series, links: pl.DataFrame) -> pl.DataFrame:
    """`unique_id` -> `cluster_id` (the id of its cluster's first member in `ids`), joining
    every pair in `links` (chains too: A-B and B-C make one cluster)."""
    index = pl.DataFrame({"unique_id": ids, "_i": np.arange(len(ids), dtype=np.int64)})
    links = links.select("unique_id_l", "unique_id_r")
    links = links.join(index.rename({"unique_id": "unique_id_l", "_i": "_l"}), on="unique_id_l")
    links = links.join(index.rename({"unique_id": "unique_id_r", "_i": "_r"}), on="unique_id_r")
    labels = connected_components(
        len(ids), links["_l"].to_numpy().astype(np.int64), links["_r"].to_numpy().astype(np.int64)
    )
    return pl.DataFrame({"unique_id": ids, "cluster_id": ids.gather(labels)})
