"""Realistic faults in source extracts, each recorded so linkage and import can be scored.

A row carries at most one of: typo (a name mistyped), nickname (Will for William), dob swapped
(day and month exchanged), missing field (a blank where a value belongs), mixed date format (one
date written another way), impossible date (a date that cannot be right), and in the "hard"
profile: OCR-like letter substitutions (RN for M, CL for D), one digit of the date of birth
wrong, the date of birth missing, another family name, given and family names swapped, the
given name as an initial only. Duplicate export (the
same row exported twice) adds a copy later in the file. Faults that cannot apply to a row (no
nickname for the name, a day of birth above 12) leave it clean, so realised rates run a little
under the configured ones.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import polars as pl

from missinghub.linkage.names import nickname_table
from missinghub.synth import clock
from missinghub.synth.clock import IntArray
from missinghub.synth.names import load_names
from missinghub.synth.parameters import FAULT_NAMES, FaultRates

NONE = "none"
ROW_FAULTS = tuple(name for name in FAULT_NAMES if name != "duplicate_export")
_KEYBOARD_NEIGHBOURS = dict(
    zip("abcdefghijklmnopqrstuvwxyz", "sqvsrdfghuljknplwetyibqzth", strict=True)
)


@dataclass(frozen=True)
class DateColumn:
    """A date or date-time column: its true values (day numbers or UTC minutes) and format."""

    values: IntArray
    pattern: str
    alternatives: tuple[str, ...]
    is_datetime: bool = False

    def texts(self, values: IntArray, pattern: str) -> list[str | None]:
        if self.is_datetime:
            return clock.format_london(values, pattern).to_list()
        return clock.format_days(values, pattern).to_list()


@dataclass(frozen=True)
class Layout:
    """Which columns of an extract hold the names and dates faults act on."""

    given: str
    family: str
    dob: str
    dates: dict[str, DateColumn]
    optional: tuple[str, ...]
    # A date-time column that may be set before another (e.g. located before last seen).
    impossible_before: tuple[str, str] | None = None
    blank_rows: dict[str, np.ndarray] = field(default_factory=dict)


WRITE_CHUNK_ROWS = 500_000


@dataclass
class FaultResult:
    """The exported extract is `frame[source_row]` (duplicates included); it is gathered a chunk
    at a time when written, never held whole beside `frame`."""

    frame: pl.DataFrame  # one row per clean row, faults applied
    fault: np.ndarray  # one fault name per exported row
    column: np.ndarray  # the column it touched ('' for none)
    source_row: IntArray  # the clean row each exported row came from

    def write_csv(self, path: Path) -> None:
        with path.open("wb") as file:
            for start in range(0, max(len(self.source_row), 1), WRITE_CHUNK_ROWS):
                chunk = self.frame[self.source_row[start : start + WRITE_CHUNK_ROWS]]
                chunk.write_csv(file, include_header=start == 0)


def mistype(text: str, rng: np.random.Generator) -> str:
    """One keyboard slip that changes the text: swap, drop, double or a neighbouring key."""
    for _ in range(8):
        typed = _slip(text, rng)
        if typed != text:
            return typed
    return text + text[-1:]


def _one_of(options: Sequence[str], rng: np.random.Generator) -> str:
    """str(rng.choice(options)) with the same draw, without building an array for each row."""
    return str(options[int(rng.integers(len(options)))])


def _slip(text: str, rng: np.random.Generator) -> str:
    if len(text) < 3:
        return text + text[-1:]
    at = int(rng.integers(1, len(text) - 1))
    slip = int(rng.integers(0, 4))
    if slip == 0:
        return text[:at] + text[at + 1] + text[at] + text[at + 2 :]
    if slip == 1:
        return text[:at] + text[at + 1 :]
    if slip == 2:
        return text[:at] + text[at] + text[at:]
    neighbour = _KEYBOARD_NEIGHBOURS.get(text[at].lower(), text[at])
    return text[:at] + neighbour + text[at + 1 :]


def _set(
    frame: pl.DataFrame, column: str, rows: list[int], values: list[str | None]
) -> pl.DataFrame:
    if not rows:
        return frame
    series = frame[column].clone()
    series.scatter(rows, pl.Series(values, dtype=pl.String))
    return frame.with_columns(series)


class Sample:
    """The rows drawn for a fault, read into Python once, with their dates pre-formatted."""

    def __init__(self, frame: pl.DataFrame, layout: Layout, rows: IntArray) -> None:
        self.rows, self.layout, self._frame = rows, layout, frame
        self.values: dict[str, list[str | None]] = {}  # read a column only when a fault needs it
        self._texts: dict[tuple[str, str], list[str | None]] = {}

    def value(self, column: str, at: int) -> str | None:
        if column not in self.values:
            self.values[column] = self._frame[column].gather(self.rows).to_list()
        return self.values[column][at]

    def date_text(self, column: str, at: int, pattern: str) -> str | None:
        key = (column, pattern)
        if key not in self._texts:
            spec = self.layout.dates[column]
            self._texts[key] = spec.texts(spec.values[self.rows], pattern)
        return self._texts[key][at]

    def earlier_text(self, column: str, at: int, rng: np.random.Generator) -> str | None:
        """The column's value moved back 1-30 days (cached per row set; one draw per row)."""
        key = (column, "earlier")
        if key not in self._texts:
            spec = self.layout.dates[column]
            back = rng.integers(1, 30, len(self.rows)) * clock.MINUTES_PER_DAY
            self._texts[key] = spec.texts(spec.values[self.rows] - back, spec.pattern)
        return self._texts[key][at]


Edit = tuple[str, str | None]  # column, new value (None for blank)
# A fault changes one column (an Edit) or several (names swapped).
Maker = Callable[[Sample, int, np.random.Generator], Edit | list[Edit] | None]


def _typo(sample: Sample, at: int, rng: np.random.Generator) -> Edit | None:
    column = sample.layout.given if rng.random() < 0.5 else sample.layout.family
    value = sample.value(column, at)
    return (column, mistype(value, rng)) if value else None


def _nickname(sample: Sample, at: int, rng: np.random.Generator) -> Edit | None:
    options = nickname_table().get(sample.value(sample.layout.given, at) or "", ())
    return (sample.layout.given, _one_of(options, rng)) if options else None


def _swapped_dob(sample: Sample, at: int, rng: np.random.Generator) -> Edit | None:
    spec = sample.layout.dates[sample.layout.dob]
    born = date(1970, 1, 1) + timedelta(days=int(spec.values[sample.rows[at]]))
    if born.day > 12 or born.day == born.month:
        return None
    return (sample.layout.dob, date(born.year, born.day, born.month).strftime(spec.pattern))


def _missing(sample: Sample, at: int, rng: np.random.Generator) -> Edit | None:
    column = _one_of(sample.layout.optional, rng)
    return (column, None) if sample.value(column, at) else None


def _mixed_format(sample: Sample, at: int, rng: np.random.Generator) -> Edit | None:
    column = _one_of(sorted(sample.layout.dates), rng)
    if not sample.value(column, at):
        return None
    pattern = _one_of(sample.layout.dates[column].alternatives, rng)
    return (column, sample.date_text(column, at, pattern))


def _impossible(sample: Sample, at: int, rng: np.random.Generator) -> Edit | None:
    layout = sample.layout
    if layout.impossible_before is not None:
        later, earlier = layout.impossible_before
        if sample.value(later, at):
            return (later, sample.earlier_text(earlier, at, rng))
    spec = layout.dates[layout.dob]
    year = str(date(1970, 1, 1) + timedelta(days=int(spec.values[sample.rows[at]])))[:4]
    return (layout.dob, spec.pattern.replace("%d", "30").replace("%m", "02").replace("%Y", year))


# Letters a scanner reads as others (one way, as it would read them).
_OCR = (
    ("M", "RN"),
    ("RN", "M"),
    ("D", "CL"),
    ("CL", "D"),
    ("O", "Q"),
    ("E", "F"),
    ("I", "L"),
    ("U", "V"),
    ("H", "B"),
    ("G", "C"),
    ("W", "VV"),
    ("N", "H"),
)


def _ocr(sample: Sample, at: int, rng: np.random.Generator) -> Edit | None:
    column = sample.layout.given if rng.random() < 0.5 else sample.layout.family
    value = sample.value(column, at)
    if not value:
        return None
    upper = value.upper()
    found = [
        (i, old, new) for old, new in _OCR for i in range(1, len(upper)) if upper.startswith(old, i)
    ]
    if not found:
        return None
    i, old, new = found[int(rng.integers(len(found)))]
    changed = upper[:i] + new + upper[i + len(old) :]
    return (column, changed if value.isupper() else changed.capitalize())


def _dob_digit(sample: Sample, at: int, rng: np.random.Generator) -> Edit | None:
    """One digit of the date of birth replaced (a valid date still: the year's last two digits,
    the month or the day)."""
    spec = sample.layout.dates[sample.layout.dob]
    born = date(1970, 1, 1) + timedelta(days=int(spec.values[sample.rows[at]]))
    text = born.isoformat()
    for _ in range(8):
        where = int(rng.choice([2, 3, 5, 6, 8, 9]))
        digit = str(int(rng.integers(10)))
        try:
            wrong = date.fromisoformat(text[:where] + digit + text[where + 1 :])
        except ValueError:
            continue
        if wrong != born:
            return (sample.layout.dob, wrong.strftime(spec.pattern))
    return None


def _missing_dob(sample: Sample, at: int, rng: np.random.Generator) -> Edit | None:
    return (sample.layout.dob, None)


def _surname_change(sample: Sample, at: int, rng: np.random.Generator) -> Edit | None:
    family = load_names().family
    value = sample.value(sample.layout.family, at)
    other = family[int(rng.integers(len(family)))]
    if not value or other == value:
        return None
    return (sample.layout.family, other.upper() if value.isupper() else other)


def _names_swapped(sample: Sample, at: int, rng: np.random.Generator) -> list[Edit] | None:
    given, family = (sample.value(c, at) for c in (sample.layout.given, sample.layout.family))
    if not given or not family:
        return None
    return [(sample.layout.given, family), (sample.layout.family, given)]


def _initial_only(sample: Sample, at: int, rng: np.random.Generator) -> Edit | None:
    value = sample.value(sample.layout.given, at)
    return (sample.layout.given, value[0]) if value else None


MAKERS: dict[str, Maker] = {
    "typo": _typo,
    "nickname": _nickname,
    "dob_day_month_swapped": _swapped_dob,
    "missing_field": _missing,
    "mixed_date_format": _mixed_format,
    "impossible_date": _impossible,
    "ocr": _ocr,
    "dob_digit": _dob_digit,
    "missing_dob": _missing_dob,
    "surname_change": _surname_change,
    "names_swapped": _names_swapped,
    "initial_only": _initial_only,
}


def inject_faults(
    frame: pl.DataFrame, layout: Layout, rates: FaultRates, rng: np.random.Generator
) -> FaultResult:
    count = frame.height
    thresholds = np.cumsum([getattr(rates, name) for name in ROW_FAULTS])
    drawn = np.searchsorted(thresholds, rng.random(count), side="right")
    fault = np.full(count, NONE, dtype=object)
    column = np.full(count, "", dtype=object)
    edits: dict[str, tuple[list[int], list[str | None]]] = {}
    sample = Sample(frame, layout, np.flatnonzero(drawn < len(ROW_FAULTS)))
    for at, row in enumerate(sample.rows.tolist()):
        name = ROW_FAULTS[drawn[row]]
        made = MAKERS[name](sample, at, rng)
        if made is None:
            continue
        changes = made if isinstance(made, list) else [made]
        fault[row], column[row] = name, changes[0][0]
        for changed, value in changes:
            rows, values = edits.setdefault(changed, ([], []))
            rows.append(row)
            values.append(value)
    del sample
    for name, (rows, values) in sorted(edits.items()):
        frame = _set(frame, name, rows, values)
    del edits
    return _duplicate(FaultResult(frame, fault, column, np.arange(count)), rates, rng)


def _duplicate(result: FaultResult, rates: FaultRates, rng: np.random.Generator) -> FaultResult:
    """Export some rows a second time, a little later in the file."""
    count = result.frame.height
    copies = np.flatnonzero(rng.random(count) < rates.duplicate_export)
    position = np.r_[
        np.arange(count, dtype=np.float64), copies + rng.uniform(0.5, 200, len(copies))
    ]
    order = np.argsort(position, kind="stable")
    source = np.r_[np.arange(count), copies][order]
    fault = np.r_[result.fault, np.full(len(copies), "duplicate_export", dtype=object)][order]
    column = np.r_[result.column, np.full(len(copies), "", dtype=object)][order]
    return FaultResult(result.frame, fault, column, np.asarray(source, dtype=np.int64))
