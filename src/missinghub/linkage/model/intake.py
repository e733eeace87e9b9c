"""Match one new record against every known child, fast: our own blocking index, then the
trained weights in Python (`scorer.py`), instead of a Splink query per record.

The index keeps, per blocking pass, a sorted array of hashed keys and the row each belongs to,
so a lookup is a binary search; the few rows found are checked against the pass's real values
(no hash collision gets through) and scored exactly as Splink would score them.
"""

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from missinghub.linkage.model.levels import Record
from missinghub.linkage.model.scorer import (
    PairScore,
    score_pair,
    scoring_weights,
    term_frequencies,
)
from missinghub.linkage.model.spec import BlockingPass, ModelSpec
from missinghub.linkage.model.train import SavedModel

HASH_SEED = 20260101


def _key_hash(frame: pl.DataFrame, columns: tuple[str, ...]) -> npt.NDArray[np.uint64]:
    hashed = frame.select(pl.struct(list(columns)).hash(seed=HASH_SEED).alias("h"))["h"]
    return hashed.to_numpy().astype(np.uint64)


@dataclass(frozen=True)
class _Sorted:
    keys: npt.NDArray[np.uint64]
    rows: npt.NDArray[np.int64]

    @classmethod
    def build(cls, usable: pl.DataFrame, columns: tuple[str, ...]) -> "_Sorted":
        keys = _key_hash(usable, columns)
        order = np.argsort(keys, kind="stable")
        return cls(keys[order], usable["_row"].to_numpy().astype(np.int64)[order])

    def find(self, key: np.uint64) -> npt.NDArray[np.int64]:
        start = int(np.searchsorted(self.keys, key, side="left"))
        end = int(np.searchsorted(self.keys, key, side="right"))
        return self.rows[start:end]


@dataclass(frozen=True)
class PassIndex:
    """One pass's keys, sorted. A pass that fires only when a date of birth is missing keeps a
    second list of the rows without one: a query with a date of birth searches only those."""

    rule: BlockingPass
    every: _Sorted
    without_dob: _Sorted | None

    @classmethod
    def build(cls, prepared: pl.DataFrame, rule: BlockingPass) -> "PassIndex":
        usable = prepared.select(list(dict.fromkeys([*rule.columns, "dob"]))).with_row_index("_row")
        usable = usable.drop_nulls(list(rule.columns))
        without = None
        if rule.one_dob_missing:
            without = _Sorted.build(usable.filter(pl.col("dob").is_null()), rule.columns)
        return cls(rule, _Sorted.build(usable, rule.columns), without)

    def lookup(self, query: pl.DataFrame) -> npt.NDArray[np.int64]:
        if any(query[column][0] is None for column in self.rule.columns):
            return np.empty(0, dtype=np.int64)
        key = _key_hash(query, self.rule.columns)[0]
        if self.without_dob is not None and query["dob"][0] is not None:
            return self.without_dob.find(key)
        return self.every.find(key)


def _found_by(rule: BlockingPass, left: Record, right: Record) -> bool:
    """The pass's own condition, as the SQL reads (checked on every row a hash found)."""
    if any(left[c] is None or left[c] != right[c] for c in rule.columns):
        return False
    return not rule.one_dob_missing or left["dob"] is None or right["dob"] is None


@dataclass(frozen=True)
class Candidate:
    unique_id: Any
    score: PairScore
    record: Record
    # Same family name and date of birth, clearly different first names, no identifier in
    # common (`batch.twins_expr`, on the Python levels): never linked without a person.
    looks_like_twins: bool = False


def looks_like_twins(spec: ModelSpec, levels: tuple[int, ...], ladders: tuple[int, ...]) -> bool:
    """`levels` are Python level indexes (0 null, 1 best, last = else); `ladders` their sizes."""
    if not spec.twins_need_review:
        return False
    at = {
        c.output_name: (level, size)
        for c, level, size in zip(spec.comparisons, levels, ladders, strict=True)
    }
    first, surname, dob, ids = (at[n] for n in ("first_name", "surname", "dob", "identifiers"))
    return first[0] == first[1] - 1 and dob[0] == 1 and surname[0] in (1, 2) and ids[0] != 1


class IntakeIndex:
    """Every known child, ready to match new records against."""

    def __init__(self, prepared: pl.DataFrame, model: SavedModel) -> None:
        self.model = model
        self.spec = model.spec
        self.records = prepared
        self.weights = scoring_weights(model.splink, model.spec)
        self.tf = term_frequencies(prepared, model.spec)
        self.ladders = tuple(len(ladder) for ladder in self.weights.levels)
        self.passes = [PassIndex.build(prepared, rule) for rule in model.spec.blocking_passes]

    def __len__(self) -> int:
        return self.records.height

    def candidates(
        self, query: pl.DataFrame, *, floor: float = 0.0, limit: int = 10
    ) -> list[Candidate]:
        """The best-scoring known records for one prepared record, highest first."""
        found = np.unique(np.concatenate([p.lookup(query) for p in self.passes]))
        if not found.size:
            return []
        new = query.row(0, named=True)
        scored = []
        for known in self.records[found].iter_rows(named=True):
            if known["unique_id"] == new["unique_id"]:
                continue
            if not any(_found_by(p.rule, new, known) for p in self.passes):
                continue
            score = score_pair(self.spec, self.weights, known, new, self.tf)
            if score.match_probability >= floor:
                twins = looks_like_twins(self.spec, score.levels, self.ladders)
                scored.append(Candidate(known["unique_id"], score, known, twins))
        scored.sort(key=lambda c: (-c.score.match_weight, str(c.unique_id)))
        return scored[:limit]
