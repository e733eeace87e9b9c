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


PAIR_COLUMNS = ["unique_id_l", "unique_id_r", "match_probability", "match_weight"]


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


def clusters(ids: pl.Series, pairs: pl.DataFrame, *, threshold: float) -> pl.DataFrame:
    """`unique_id` -> `cluster_id` (the smallest id in its cluster) for links >= threshold."""
    index = pl.DataFrame({"unique_id": ids, "_i": np.arange(len(ids), dtype=np.int64)})
    links = pairs.filter(pl.col("match_probability") >= threshold).select(
        "unique_id_l", "unique_id_r"
    )
    links = links.join(index.rename({"unique_id": "unique_id_l", "_i": "_l"}), on="unique_id_l")
    links = links.join(index.rename({"unique_id": "unique_id_r", "_i": "_r"}), on="unique_id_r")
    labels = connected_components(
        len(ids), links["_l"].to_numpy().astype(np.int64), links["_r"].to_numpy().astype(np.int64)
    )
    return pl.DataFrame({"unique_id": ids, "cluster_id": ids.gather(labels)})
