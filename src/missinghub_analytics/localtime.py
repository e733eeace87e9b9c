"""Local (Europe/London) clock time and reporting years of UTC instants, without converting rows.

Converting millions of timestamps to Europe/London one by one is slow. The zone's offset only
changes at a few instants a year, so the offsets are worked out on an hourly grid spanning the
data (a few thousand conversions) and each instant looks up the offset of its UTC hour;
reporting years compare instants with each year's first local midnight in UTC.
DST stays exact: every transition is checked to fall exactly on the hour in UTC (as Europe/London
transitions do), otherwise the caller is told to convert row by row.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import numpy.typing as npt
import polars as pl

from missinghub_analytics.frames import LONDON_NAME, UTC_DATETIME, local_midnight_utc

IntArray = npt.NDArray[np.int64]
HOUR_US = 3_600 * 1_000_000
DAY_US = 24 * HOUR_US
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def to_microseconds(moment: dt.datetime) -> int:
    """A timezone-aware datetime as integer microseconds since the epoch."""
    return (moment - EPOCH) // dt.timedelta(microseconds=1)


def _offsets_at(instants: IntArray) -> IntArray:
    """Europe/London offset (microseconds) at each instant, by converting each one."""
    utc = pl.Series(instants).cast(UTC_DATETIME)
    local = utc.dt.convert_time_zone(LONDON_NAME).dt.replace_time_zone(None)
    return local.to_physical().to_numpy() - instants


def london_offsets(utc_us: IntArray) -> IntArray | None:
    """Europe/London UTC offset (microseconds) at each instant; None if a transition in the
    span is not exactly on a UTC hour (then convert row by row instead)."""
    if not utc_us.size:
        return np.zeros(0, dtype=np.int64)
    first = utc_us.min() // HOUR_US * HOUR_US
    grid = np.arange(first, utc_us.max() + HOUR_US, HOUR_US, dtype=np.int64)
    offsets = _offsets_at(grid)
    changes = np.flatnonzero(offsets[1:] != offsets[:-1]) + 1
    if changes.size and not np.array_equal(_offsets_at(grid[changes] - 1), offsets[changes - 1]):
        return None
    return offsets[(utc_us - first) // HOUR_US]  # constant within each UTC hour (checked)


def weekday_and_hour(utc_us: IntArray) -> tuple[IntArray, IntArray] | None:
    """Local ISO weekday (1 = Monday) and local hour (0-23) of each instant (None: see above)."""
    offsets = london_offsets(utc_us)
    if offsets is None:
        return None
    local = utc_us + offsets
    days = local // DAY_US
    weekday = (days + 3) % 7 + 1  # 1970-01-01 was a Thursday
    local -= days * DAY_US
    return weekday, local // HOUR_US


def reporting_years(utc_us: IntArray, year_start_month: int) -> IntArray:
    """The reporting year (calendar year it starts in) of each instant's local date."""
    if not utc_us.size:
        return np.zeros(0, dtype=np.int64)
    low = (EPOCH + dt.timedelta(microseconds=int(utc_us.min()))).year - 1
    high = (EPOCH + dt.timedelta(microseconds=int(utc_us.max()))).year + 1
    starts = np.array(
        [
            to_microseconds(local_midnight_utc(dt.date(year, year_start_month, 1)))
            for year in range(low, high + 1)
        ],
        dtype=np.int64,
    )
    if np.any(starts % HOUR_US):
        return np.searchsorted(starts, utc_us, side="right") - 1 + low
    first = utc_us.min() // HOUR_US * HOUR_US  # years change on UTC hours: look up each hour
    hours = np.arange(first, utc_us.max() + HOUR_US, HOUR_US, dtype=np.int64)
    by_hour = np.searchsorted(starts, hours, side="right") - 1 + low
    return by_hour[(utc_us - first) // HOUR_US]
