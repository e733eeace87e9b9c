import datetime as dt

import numpy as np
import polars as pl

from missinghub_analytics.frames import LONDON_NAME, UTC_DATETIME
from missinghub_analytics.localtime import (
    HOUR_US,
    london_offsets,
    reporting_years,
    to_microseconds,
    weekday_and_hour,
)


def instants() -> np.ndarray:
    """Random instants over 12 years plus every minute around two DST changes (UTC 01:00)."""
    start = to_microseconds(dt.datetime(2014, 1, 1, tzinfo=dt.UTC))
    rng = np.random.default_rng(7)
    spread = start + rng.integers(0, 12 * 366 * 24 * HOUR_US, 20_000)
    edges = [
        dt.datetime(2023, 3, 26, 1, tzinfo=dt.UTC),
        dt.datetime(2023, 10, 29, 1, tzinfo=dt.UTC),
    ]
    minutes = np.arange(-180, 180) * 60_000_000
    around = [to_microseconds(edge) + minutes for edge in edges]
    return np.concatenate([spread, *around, [to_microseconds(edges[0]) - 1]])


def converted(values: np.ndarray) -> pl.Series:
    return pl.Series(values).cast(UTC_DATETIME).dt.convert_time_zone(LONDON_NAME)


def test_weekday_and_hour_match_a_row_by_row_conversion() -> None:
    values = instants()
    clock = weekday_and_hour(values)
    assert clock is not None
    local = converted(values)
    assert clock[0].tolist() == local.dt.weekday().to_list()
    assert clock[1].tolist() == local.dt.hour().to_list()


def test_offsets_change_exactly_at_the_transition() -> None:
    spring = to_microseconds(dt.datetime(2023, 3, 26, 1, tzinfo=dt.UTC))
    offsets = london_offsets(np.array([spring - 1, spring, spring + 1]))
    assert offsets is not None
    assert offsets.tolist() == [0, HOUR_US, HOUR_US]


def test_reporting_years_match_local_dates() -> None:
    values = instants()
    local = converted(values)
    for month in (1, 4, 9):
        expected = local.dt.year() - (local.dt.month() < month).cast(pl.Int32)
        assert reporting_years(values, month).tolist() == expected.to_list()


def test_first_local_midnight_of_april_belongs_to_the_new_year() -> None:
    midnight = to_microseconds(dt.datetime(2023, 3, 31, 23, tzinfo=dt.UTC))  # 00:00 BST
    assert reporting_years(np.array([midnight - 1, midnight]), 4).tolist() == [2022, 2023]
