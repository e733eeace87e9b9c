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
MAX_SEGMENTS = 8  # beyond this many, the segments added since the build are joined into one


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

    def find(
        self, keys: npt.NDArray[np.uint64]
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """(position in `keys`, row) of every row holding one of `keys`: vectorised."""
        start = np.searchsorted(self.keys, keys, side="left")
        counts = np.searchsorted(self.keys, keys, side="right") - start
        which = np.repeat(np.arange(len(keys), dtype=np.int64), counts)
        within = np.arange(int(counts.sum()), dtype=np.int64) - np.repeat(
            np.cumsum(counts) - counts, counts
        )
        return which, self.rows[np.repeat(start, counts) + within]

    @classmethod
    def merged(cls, parts: "list[_Sorted]") -> "_Sorted":
        keys = np.concatenate([p.keys for p in parts])
        order = np.argsort(keys, kind="stable")
        return cls(keys[order], np.concatenate([p.rows for p in parts])[order])


@dataclass(frozen=True)
class PassIndex:
    """One pass's keys, sorted. A pass that fires only when a date of birth is missing keeps a
    second list of the rows without one: a query with a date of birth searches only those.
    `offset` numbers the rows of an index segment after those before it."""

    rule: BlockingPass
    every: _Sorted
    without_dob: _Sorted | None

    @classmethod
    def build(cls, prepared: pl.DataFrame, rule: BlockingPass, offset: int = 0) -> "PassIndex":
        usable = prepared.select(list(dict.fromkeys([*rule.columns, "dob"])))
        usable = usable.with_row_index("_row", offset=offset).drop_nulls(list(rule.columns))
        without = None
        if rule.one_dob_missing:
            without = _Sorted.build(usable.filter(pl.col("dob").is_null()), rule.columns)
        return cls(rule, _Sorted.build(usable, rule.columns), without)

    def find(self, asked: "QueryKeys") -> npt.NDArray[np.int64]:
        """(query row, index row) pairs the pass finds, as one array of two columns."""
        if self.without_dob is None:
            parts = [(self.every, np.ones(len(asked.keys), dtype=bool))]
        else:
            parts = [(self.without_dob, asked.dated), (self.every, ~asked.dated)]
        found = []
        for sorted_keys, chosen in parts:
            which, rows = sorted_keys.find(asked.keys[chosen])
            found.append(np.column_stack([asked.rows[chosen][which].astype(np.int64), rows]))
        return np.concatenate(found)

    @classmethod
    def merged(cls, parts: "list[PassIndex]") -> "PassIndex":
        """One pass index holding the rows of several (segments joined)."""
        without = None
        if parts[0].without_dob is not None:
            without = _Sorted.merged([p.without_dob for p in parts if p.without_dob is not None])
        return cls(parts[0].rule, _Sorted.merged([p.every for p in parts]), without)


@dataclass(frozen=True)
class QueryKeys:
    """A batch of queries' keys for one pass, hashed once for every segment searched."""

    keys: npt.NDArray[np.uint64]
    rows: npt.NDArray[np.int64]  # the query row of each key
    dated: npt.NDArray[np.bool_]  # whether that query has a date of birth

    @classmethod
    def of(cls, queries: pl.DataFrame, rule: BlockingPass) -> "QueryKeys | None":
        columns = list(rule.columns)
        usable = queries.select(list(dict.fromkeys([*columns, "dob"])))
        usable = usable.with_row_index("_q").drop_nulls(columns)
        if usable.is_empty():
            return None
        dated = usable["dob"].is_not_null().to_numpy()
        return cls(_key_hash(usable, rule.columns), usable["_q"].to_numpy(), dated)


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
    """Every known child, ready to match new records against.

    Records added later (`extend`: children stored since the index was built) form segments of
    their own, searched beside the first; term frequencies stay those of the first build."""

    def __init__(self, prepared: pl.DataFrame, model: SavedModel) -> None:
        self.model = model
        self.spec = model.spec
        self.records = prepared
        self.weights = scoring_weights(model.splink, model.spec)
        self.tf = term_frequencies(prepared, model.spec)
        self.ladders = tuple(len(ladder) for ladder in self.weights.levels)
        self.segments = [[PassIndex.build(prepared, rule) for rule in model.spec.blocking_passes]]

    def __len__(self) -> int:
        return self.records.height

    def extend(self, prepared: pl.DataFrame) -> None:
        """Add records as a new segment (cheap: only the new records are hashed and sorted)."""
        if prepared.is_empty():
            return
        offset = self.records.height
        self.records = pl.concat([self.records, prepared], how="diagonal_relaxed")
        rules = self.spec.blocking_passes
        self.segments.append([PassIndex.build(prepared, rule, offset) for rule in rules])
        if len(self.segments) > MAX_SEGMENTS:  # join the added ones (the first stays apart)
            added = self.segments[1:]
            self.segments[1:] = [
                [PassIndex.merged([s[at] for s in added]) for at in range(len(rules))]
            ]

    def candidates(
        self, query: pl.DataFrame, *, floor: float = 0.0, limit: int = 10
    ) -> list[Candidate]:
        """The best-scoring known records for one prepared record, highest first."""
        return self.candidates_each(query, floor=floor, limit=limit)[0]

    def candidates_each(
        self, queries: pl.DataFrame, *, floor: float = 0.0, limit: int = 10
    ) -> list[list[Candidate]]:
        """`candidates` for many prepared records in one pass: every blocking pass searched
        once for all of them (vectorised), then only the pairs found are scored."""
        found: list[list[Candidate]] = [[] for _ in range(queries.height)]
        pairs = self._blocked(queries)
        if not pairs.size:
            return found
        asked = queries.rows(named=True)
        rows = np.unique(pairs[:, 1])
        known_of = dict(zip(rows.tolist(), self.records[rows].rows(named=True), strict=True))
        rules = self.spec.blocking_passes
        for position, row in pairs.tolist():
            new, known = asked[position], known_of[row]
            if known["unique_id"] == new["unique_id"]:
                continue
            if not any(_found_by(rule, new, known) for rule in rules):
                continue
            score = score_pair(self.spec, self.weights, known, new, self.tf)
            if score.match_probability >= floor:
                twins = looks_like_twins(self.spec, score.levels, self.ladders)
                found[position].append(Candidate(known["unique_id"], score, known, twins))
        for candidates in found:
            candidates.sort(key=lambda c: (-c.score.match_weight, str(c.unique_id)))
            del candidates[limit:]
        return found

    def _blocked(self, queries: pl.DataFrame) -> npt.NDArray[np.int64]:
        """The distinct (query row, index row) pairs any pass of any segment finds (each
        pass's keys hashed once)."""
        found = [np.empty((0, 2), dtype=np.int64)]
        for at, rule in enumerate(self.spec.blocking_passes):
            asked = QueryKeys.of(queries, rule)
            if asked is not None:
                found += [segment[at].find(asked) for segment in self.segments]
        pairs = np.concatenate(found)
        return np.unique(pairs, axis=0) if pairs.size else pairs
