"""Working days and bank holidays (England and Wales, 2010-2030)."""

from collections import Counter
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest

from missinghub.protocols.engine.working_days import (
    UK_TIME,
    add_working_days,
    bank_holidays,
    end_of_working_days,
)


def test_bank_holiday_list_covers_2010_to_2030() -> None:
    per_year = Counter(day.year for day in bank_holidays())
    assert sorted(per_year) == list(range(2010, 2031))
    assert all(count >= 8 for count in per_year.values())
    assert date(2022, 9, 19) in bank_holidays()  # a one-off day is in the list
    assert all(day.weekday() < 5 for day in bank_holidays())


def test_adding_working_days_skips_weekends_and_bank_holidays() -> None:
    assert add_working_days(date(2024, 12, 24), 1) == date(2024, 12, 27)
    assert add_working_days(date(2024, 3, 28), 1) == date(2024, 4, 2)  # Easter
    assert add_working_days(date(2024, 3, 30), 0) == date(2024, 4, 2)  # from a Saturday


def test_working_days_agree_with_numpy_business_days() -> None:
    holidays = sorted(bank_holidays())
    for offset in range(0, 365 * 3, 7):
        day = date(2022, 1, 1) + timedelta(days=offset)
        for count in (0, 1, 5, 10):
            expected = np.busday_offset(day, count, roll="forward", holidays=holidays)
            assert add_working_days(day, count) == expected.astype(date)


def test_working_day_deadline_is_the_end_of_the_day_in_uk_time() -> None:
    due = end_of_working_days(datetime(2024, 7, 5, 23, 30, tzinfo=UTC), 1)  # Saturday 00:30 BST
    # As if reported on Monday 8 July: one working day later is Tuesday, due by its end.
    assert due.astimezone(UK_TIME).isoformat() == "2024-07-10T00:00:00+01:00"


def test_years_without_a_bank_holiday_list_are_refused() -> None:
    with pytest.raises(ValueError, match="2031"):
        add_working_days(date(2031, 1, 6), 1)
