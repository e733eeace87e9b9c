"""Working days in England and Wales: weekdays that are not bank holidays.

The bank holidays come from `bank_holidays_england_wales.csv` beside this file (2010 to 2030,
as published on GOV.UK, including the one-off days). Nothing is fetched. Deadlines are set in
UK local time (Europe/London).
"""

import csv
from datetime import date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

UK_TIME = ZoneInfo("Europe/London")
BANK_HOLIDAYS_CSV = Path(__file__).with_name("bank_holidays_england_wales.csv")
FIRST_YEAR, LAST_YEAR = 2010, 2030


@cache
def bank_holidays() -> frozenset[date]:
    with BANK_HOLIDAYS_CSV.open(encoding="utf-8", newline="") as handle:
        return frozenset(date.fromisoformat(row["date"]) for row in csv.DictReader(handle))


def is_working_day(day: date) -> bool:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(f"No bank holiday list for {day.year} (covered: {FIRST_YEAR}-{LAST_YEAR})")
    return day.weekday() < 5 and day not in bank_holidays()


def add_working_days(day: date, count: int) -> date:
    """Move to the first working day on or after `day`, then `count` working days further."""
    while not is_working_day(day):
        day += timedelta(days=1)
    for _ in range(count):
        day += timedelta(days=1)
        while not is_working_day(day):
            day += timedelta(days=1)
    return day


def end_of_working_days(moment: datetime, count: int) -> datetime:
    """The end (local midnight) of the `count`-th working day after `moment`'s local date."""
    due_day = add_working_days(moment.astimezone(UK_TIME).date(), count)
    return datetime.combine(due_day + timedelta(days=1), time(0), tzinfo=UK_TIME)


def local_date(moment: datetime) -> date:
    return moment.astimezone(UK_TIME).date()


def age_on(date_of_birth: date, day: date) -> int:
    birthday_passed = (day.month, day.day) >= (date_of_birth.month, date_of_birth.day)
    return day.year - date_of_birth.year - (0 if birthday_passed else 1)
