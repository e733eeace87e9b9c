"""Service figures split by age band, sex and ethnicity; small groups suppressed."""

import datetime as dt

import polars as pl

from missinghub_analytics.frames import Period
from missinghub_analytics.service import INTERVIEW_SCHEMA
from missinghub_analytics.splits import CHILD_SCHEMA, interview_measures_by, with_child_groups

YEAR = Period(dt.date(2024, 4, 1), dt.date(2025, 3, 31))
UTC = dt.UTC


def _returns(n: int, child: str, day: dt.datetime, done: bool) -> list[dict[str, object]]:
    return [
        {
            "episode_id": f"{child}-{i}",
            "child_id": child,
            "returned_at": day,
            "offered_at": day + dt.timedelta(hours=2),
            "accepted": True,
            "completed_at": day + dt.timedelta(hours=30) if done else None,
            "looked_after": False,
        }
        for i in range(n)
    ]


def frames() -> tuple[pl.DataFrame, pl.DataFrame]:
    day = dt.datetime(2024, 6, 10, 12, tzinfo=UTC)
    rows = _returns(12, "a", day, True) + _returns(4, "b", day, False) + _returns(3, "c", day, True)
    interviews = pl.DataFrame(rows, schema=INTERVIEW_SCHEMA, orient="row")
    children = pl.DataFrame(
        [
            # 14 on the day of the return (birthday that day) and 13 (birthday the next day)
            ("a", "female", "white", dt.date(2010, 6, 10)),
            ("b", "male", "white", dt.date(2010, 6, 11)),
            ("c", "female", "asian", None),
        ],
        schema=CHILD_SCHEMA,
        orient="row",
    )
    return interviews, children


def test_age_at_the_return_in_whole_years() -> None:
    grouped = with_child_groups(*frames())
    bands = dict(grouped.select("child_id", "age_band").unique().iter_rows())
    assert bands == {"a": "14 and 15", "b": "11 to 13", "c": "Not recorded"}


def test_groups_below_ten_are_suppressed_and_the_rest_counted() -> None:
    grouped = with_child_groups(*frames())
    by_sex = {row["group"]: row for row in interview_measures_by(grouped, YEAR, "sex")}
    assert by_sex["female"]["returns"] == 15 and not by_sex["female"]["suppressed"]
    assert by_sex["female"]["completed_within_72h"] == 1.0
    assert by_sex["male"]["suppressed"] and by_sex["male"]["returns"] is None
    assert by_sex["male"]["offered_share"] is None
    by_age = [row["group"] for row in interview_measures_by(grouped, YEAR, "age_band")]
    assert by_age == ["11 to 13", "14 and 15", "Not recorded"]  # band order, not alphabetical


def test_a_group_with_no_return_in_the_period_is_left_out() -> None:
    grouped = with_child_groups(*frames())
    later = Period(dt.date(2025, 4, 1), dt.date(2026, 3, 31))
    assert interview_measures_by(grouped, later, "ethnicity") == []
