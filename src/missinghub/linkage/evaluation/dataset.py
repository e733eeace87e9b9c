"""A data set with known truth: the records to link and every true pair."""

from dataclasses import dataclass

import polars as pl

from missinghub.linkage.evaluation.metrics import ordered


@dataclass(frozen=True)
class Dataset:
    name: str
    spec_name: str
    records: pl.DataFrame
    # True pairs as unique ids; `truth_pairs` orders them a < b.
    truth: pl.DataFrame

    def truth_pairs(self) -> pl.DataFrame:
        return ordered(self.truth, "a", "b")
