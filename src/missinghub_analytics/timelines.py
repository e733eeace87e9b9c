"""Each child's episodes in order of report, as NumPy arrays: the shared step behind repeat figures.

Episodes are sorted once by (child code, report time); a child's episodes are then one contiguous
block, and "the child's first episode reported after t" is a binary search inside that block,
vectorised over all the questions at once (no join per child, no Python loop per row).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import polars as pl

from missinghub_analytics.frames import UTC_DATETIME

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
NULL_TIME = np.iinfo(np.int64).min  # a missing time sorts before every real one
_INDEX_BITS = 32
_LINEAR_STEPS = 8


def child_codes(ids: pl.Series) -> IntArray:
    """Integer codes for child ids, equal exactly for equal ids within this one series.

    Codes carry no order: integer ids are used as they are, text ids become categorical codes
    (as do integer ids with a missing one, so that it cannot take a real id's code).
    """
    if ids.dtype.is_integer() and not ids.null_count():
        return ids.cast(pl.Int64).to_numpy()
    codes = ids.cast(pl.String).cast(pl.Categorical).to_physical()
    return codes.cast(pl.Int64).fill_null(-1).to_numpy()


def distinct_sorted(values: IntArray) -> int:
    """How many different values a sorted array holds (no hashing)."""
    return int(values.size and 1 + np.count_nonzero(values[1:] != values[:-1]))


def microseconds(times: pl.Series) -> IntArray:
    """UTC datetimes as integer microseconds since the epoch (a null becomes NULL_TIME)."""
    return times.cast(UTC_DATETIME).to_physical().fill_null(NULL_TIME).to_numpy()


def as_datetimes(values: IntArray, found: BoolArray, name: str) -> pl.Series:
    """Microseconds back to a UTC datetime series, null where not `found`."""
    series = pl.Series(name, np.where(found, values, 0)).cast(UTC_DATETIME)
    return pl.select(pl.when(pl.Series(found)).then(series)).to_series().alias(name)


def first_later(times: IntArray, low: IntArray, high: IntArray, query: IntArray) -> IntArray:
    """Per query, the first i in [low, high) with times[i] > query, else high.

    `times` must ascend within each range. The first few candidates are tried one by one (a
    child's next episode is usually among them), then a vectorised binary search for the rest.
    """
    if not times.size:
        return high.copy()
    open_ = low < high
    hit = open_ & (times[np.minimum(low, times.size - 1)] > query)
    answer = np.where(hit, low, high)
    rest = np.flatnonzero(open_ & ~hit)
    lo, hi, wanted = low[rest] + 1, high[rest], query[rest]
    for _ in range(_LINEAR_STEPS):
        open_ = lo < hi
        hit = open_ & (times[np.minimum(lo, times.size - 1)] > wanted)
        answer[rest[hit]] = lo[hit]
        keep = np.flatnonzero(open_ & ~hit)
        rest, lo, hi, wanted = rest[keep], lo[keep] + 1, hi[keep], wanted[keep]
    while lo.size and (open_ := lo < hi).any():
        mid = (lo + hi) // 2
        later = times[np.where(open_, mid, 0)] > wanted
        hi = np.where(open_ & later, mid, hi)
        lo = np.where(open_ & ~later, mid + 1, lo)
    answer[rest] = lo
    return answer


def _by_code(codes: IntArray) -> IntArray:
    """Row order by code (a value sort of packed code and row number when they fit)."""
    packable = codes.size < 1 << _INDEX_BITS and (
        not codes.size or (codes.min() >= -1 and codes.max() < 1 << 31)
    )
    if not packable:
        return np.argsort(codes, kind="stable").astype(np.int64)
    packed = np.sort((codes + 1) << _INDEX_BITS | np.arange(codes.size))
    return packed & ((1 << _INDEX_BITS) - 1)


@dataclass(frozen=True)
class Timeline:
    """Report times sorted by (child code, time)."""

    order: IntArray  # row numbers in sorted order
    codes: IntArray  # child code at each sorted position
    times: IntArray  # report time (microseconds) at each sorted position

    @classmethod
    def build(cls, codes: IntArray, times: IntArray) -> Timeline:
        frame = pl.DataFrame({"code": codes, "time": times})
        order = frame.select(pl.arg_sort_by("code", "time")).to_series().cast(pl.Int64).to_numpy()
        return cls(order, codes[order], times[order])

    def block_end(self, positions: IntArray) -> IntArray:
        """One past the last position of the same child, at each of the positions."""
        ends = np.append(np.flatnonzero(self.codes[1:] != self.codes[:-1]) + 1, self.codes.size)
        return np.repeat(ends, np.diff(ends, prepend=0))[positions]

    def next_after(self, codes: IntArray, times: IntArray) -> tuple[IntArray, BoolArray]:
        """For each (child code, time): the child's first report time strictly after it."""
        rows = _by_code(codes)  # questions in code order: the searches then walk forwards
        low = np.searchsorted(self.codes, codes[rows], side="left")
        high = np.searchsorted(self.codes, codes[rows], side="right")
        found_at = np.empty_like(low)
        found_at[rows] = first_later(self.times, low, high, times[rows])
        bound = np.empty_like(high)
        bound[rows] = high
        return self._answer(found_at, bound)

    def next_after_own(self, positions: IntArray, times: IntArray) -> tuple[IntArray, BoolArray]:
        """Like next_after, for questions about the child of the episode at each sorted position
        (at a time not before that episode's report)."""
        high = self.block_end(positions)
        return self._answer(first_later(self.times, positions + 1, high, times), high)

    def _answer(self, found_at: IntArray, high: IntArray) -> tuple[IntArray, BoolArray]:
        found = found_at < high
        if not self.times.size:
            return np.zeros(found.size, dtype=np.int64), found
        return self.times[np.minimum(found_at, self.times.size - 1)], found
