"""Pairwise precision, recall and F1 against a truth set of pairs."""

from dataclasses import asdict, dataclass
from typing import Any

import polars as pl


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float
    seconds: float
    true_pairs: int
    predicted_pairs: int

    def as_dict(self) -> dict[str, Any]:
        values = asdict(self)
        return {
            key: round(value, 4) if isinstance(value, float) else value
            for key, value in values.items()
        }


def ordered(pairs: pl.DataFrame, left: str, right: str) -> pl.DataFrame:
    """Pairs as (a, b) with a < b, unique."""
    return pairs.select(
        pl.min_horizontal(left, right).alias("a"), pl.max_horizontal(left, right).alias("b")
    ).unique()


def score(predicted: pl.DataFrame, truth: pl.DataFrame, *, seconds: float) -> Scores:
    """`predicted` and `truth` both with columns a < b."""
    hits = predicted.join(truth, on=["a", "b"], how="inner").height
    precision = hits / predicted.height if predicted.height else 0.0
    recall = hits / truth.height if truth.height else 0.0
    f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
    return Scores(precision, recall, f1, seconds, truth.height, predicted.height)


def pairs_from_labels(ids: pl.Series, labels: pl.Series) -> pl.DataFrame:
    """Every pair of ids that share a label (the true matches of a deduplication)."""
    frame = pl.DataFrame({"id": ids, "label": labels}).drop_nulls()
    pairs = frame.join(frame, on="label", suffix="_r").filter(pl.col("id") < pl.col("id_r"))
    return pairs.select(pl.col("id").alias("a"), pl.col("id_r").alias("b"))
