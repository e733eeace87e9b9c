"""Dates and times as plain numbers, and Europe/London wall-clock time without per-row Python.

The generator keeps every instant as whole minutes since 1970-01-01 00:00 UTC (int64) and every
date as whole days since 1970-01-01. UK clocks go forward at 01:00 UTC on the last Sunday of
March and back at 01:00 UTC on the last Sunday of October; a wall-clock time that does not exist
(the skipped hour) moves an hour later, and a repeated one is read as the earlier (BST) instant.
"""

import re
from collections.abc import Callable
from datetime import date
from functools import partial

import numpy as np
import numpy.typing as npt
import polars as pl

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
MINUTES_PER_DAY = 1440
_EPOCH = date(1970, 1, 1)
_FIRST_YEAR = 1900
_YEARS = np.arange(_FIRST_YEAR, 2201)


def day_number(day: date) -> int:
    return (day - _EPOCH).days


def _last_sunday(month: int) -> IntArray:
    """Day number of the last Sunday of `month` in each year of `_YEARS`."""
    first_of_next = (
        (_YEARS - 1970) * 12 + month  # months since epoch of the following month
    ).astype("datetime64[M]")
    last_day = first_of_next.astype("datetime64[D]").astype(np.int64) - 1
    weekday = (last_day + 3) % 7  # Monday = 0; 1970-01-01 was a Thursday
    return np.asarray(last_day - (weekday - 6) % 7, dtype=np.int64)


_SPRING = _last_sunday(3) * MINUTES_PER_DAY + 60  # 01:00 UTC
_AUTUMN = _last_sunday(10) * MINUTES_PER_DAY + 60


def year_of_day(days: IntArray) -> IntArray:
    return np.asarray(days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970)


def weekday_of_day(days: IntArray) -> IntArray:
    """Monday = 0 ... Sunday = 6."""
    return np.asarray((days + 3) % 7, dtype=np.int64)


def london_to_utc(local_minutes: IntArray) -> IntArray:
    """UTC instants for London wall-clock minutes (skipped hour moved on; repeated hour: BST)."""
    index = year_of_day(local_minutes // MINUTES_PER_DAY) - _FIRST_YEAR
    spring_local, autumn_local = _SPRING[index], _AUTUMN[index] + 60
    in_gap = (local_minutes >= spring_local) & (local_minutes < spring_local + 60)
    shifted = local_minutes + 60 * in_gap
    summer = (shifted >= spring_local + 60) & (shifted < autumn_local)
    return np.asarray(shifted - 60 * summer, dtype=np.int64)


def utc_offset_minutes(utc_minutes: IntArray) -> IntArray:
    index = year_of_day(utc_minutes // MINUTES_PER_DAY) - _FIRST_YEAR
    summer = (utc_minutes >= _SPRING[index]) & (utc_minutes < _AUTUMN[index])
    return np.asarray(60 * summer, dtype=np.int64)


def utc_to_london(utc_minutes: IntArray) -> IntArray:
    return utc_minutes + utc_offset_minutes(utc_minutes)


# strftime directives that depend on the time of day; every other one depends on the day only.
_TIME_OF_DAY = frozenset("HIMSpPfTRXrkl")
_DAY_AND_TIME = frozenset("cs+zZ:")  # patterns with these are formatted row by row
_DIRECTIVE = re.compile(r"%[-_0^#]?[A-Za-z%:]")
_WIDEST_TABLE = 2_000_000  # distinct days (or minutes of a day) formatted by table lookup


def _as_datetime(minutes: IntArray) -> pl.Series:
    return pl.Series(minutes.astype("datetime64[m]").astype("datetime64[ms]"))


def _pattern_parts(pattern: str) -> list[tuple[bool, str]]:
    """The pattern cut into runs that depend on the day only (False) or the time of day (True).

    strftime formats each directive on its own, so the runs' texts joined are the whole text."""
    parts: list[tuple[bool, str]] = []
    position = 0
    for match in _DIRECTIVE.finditer(pattern):
        timed = match.group()[-1] in _TIME_OF_DAY and match.group() != "%%"
        if timed:
            if match.start() > position:
                parts.append((False, pattern[position : match.start()]))
            parts.append((True, match.group()))
            position = match.end()
    if position < len(pattern) or not parts:
        parts.append((False, pattern[position:]))
    return parts


def _lookup(values: IntArray, render: Callable[[IntArray], pl.Series]) -> pl.Series:
    """render(values) without rendering each row: render each distinct value once, then gather."""
    if len(values) == 0:
        return render(values)
    low, high = int(values.min()), int(values.max())
    if high - low < _WIDEST_TABLE:
        return render(np.arange(low, high + 1, dtype=np.int64)).gather(values - low)
    distinct, index = np.unique(values, return_inverse=True)
    return render(distinct).gather(index.ravel())


def _format_local(local_minutes: IntArray, pattern: str) -> pl.Series:
    """strftime(pattern) of wall-clock minutes, by table lookup per day and per minute of day."""
    if any(match.group()[-1] in _DAY_AND_TIME for match in _DIRECTIVE.finditer(pattern)):
        return _as_datetime(local_minutes).dt.strftime(pattern)
    days, minutes = np.divmod(local_minutes, MINUTES_PER_DAY)
    texts = []
    for timed, part in _pattern_parts(pattern):
        if timed:
            texts.append(_lookup(minutes, partial(_minutes_text, pattern=part)))
        elif _DIRECTIVE.search(part):
            texts.append(_lookup(days, partial(_days_text, pattern=part)))
        else:
            texts.append(pl.repeat(part, len(local_minutes), dtype=pl.String, eager=True))
    return pl.select(pl.concat_str(texts)).to_series() if len(texts) > 1 else texts[0]


def _minutes_text(minutes: IntArray, pattern: str) -> pl.Series:
    return _as_datetime(minutes).dt.strftime(pattern)


def _days_text(days: IntArray, pattern: str) -> pl.Series:
    return pl.Series(days.astype("datetime64[D]")).dt.strftime(pattern)


def _safe(values: IntArray, missing: BoolArray | None) -> IntArray:
    """Rows that will be blanked take a shown row's value, so garbage there costs nothing."""
    if missing is None or not missing.any() or missing.all():
        return values
    return np.where(missing, values[np.argmin(missing)], values)


def format_london(
    utc_minutes: IntArray, pattern: str, missing: BoolArray | None = None
) -> pl.Series:
    """London wall-clock text for each instant, e.g. '%d/%m/%Y %H:%M'; null where missing."""
    text = _format_local(utc_to_london(_safe(utc_minutes, missing)), pattern)
    return _blank_where(text, missing)


def format_iso(utc_minutes: IntArray, missing: BoolArray | None = None) -> pl.Series:
    """ISO 8601 with the London offset, e.g. 2024-06-01T22:15:00+01:00; null where missing."""
    utc_minutes = _safe(utc_minutes, missing)
    offsets = utc_offset_minutes(utc_minutes)
    local = _format_local(utc_minutes + offsets, "%Y-%m-%dT%H:%M:%S")
    suffix = pl.Series(["+00:00", "+01:00"]).gather(offsets // 60)
    return _blank_where(pl.select(pl.concat_str([local, suffix])).to_series(), missing)


def format_days(days: IntArray, pattern: str, missing: BoolArray | None = None) -> pl.Series:
    text = _lookup(_safe(days, missing), partial(_days_text, pattern=pattern))
    return _blank_where(text, missing)


def _blank_where(text: pl.Series, missing: BoolArray | None) -> pl.Series:
    if missing is None:
        return text
    return pl.select(
        pl.when(pl.Series(missing)).then(pl.lit(None, dtype=pl.String)).otherwise(text)
    ).to_series()


def add_years(days: IntArray, years: int) -> IntArray:
    """The same calendar day `years` later (29 February becomes 1 March)."""
    as_days = days.astype("datetime64[D]")
    month_start = as_days.astype("datetime64[M]")
    day_in_month = as_days - month_start.astype("datetime64[D]")
    moved = (month_start + 12 * years).astype("datetime64[D]") + day_in_month
    return np.asarray(moved.astype(np.int64), dtype=np.int64)
