"""Prevention reach, push and pull factor counts, audit scores and take-up, by hand."""

import datetime as dt

import polars as pl
import pytest

from missinghub_analytics import charts
from missinghub_analytics.frames import Period
from missinghub_analytics.prevention import (
    ACTIVITY_SCHEMA,
    AUDIT_SCHEMA,
    FACTOR_SCHEMA,
    OUTCOME_SCHEMA,
    TAKE_UP_SCHEMA,
    audit_scores,
    factor_counts,
    factors_per_quarter,
    outcomes_by,
    outcomes_per_quarter,
    prevention_reach,
    take_up,
    take_up_by,
)
from missinghub_analytics.splits import CHILD_SCHEMA

YEAR = Period(dt.date(2024, 4, 1), dt.date(2025, 3, 31))


def _utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)


def test_reach_counts_activities_and_people_by_kind_quarter_and_area() -> None:
    rows = [
        (dt.date(2024, 4, 1), "school_session", "pupils", "Plymouth", 30),
        (dt.date(2024, 6, 30), "school_session", "pupils", "Plymouth", 25),
        (dt.date(2024, 7, 1), "leaflets", "public", "Hartlepool", 200),
        (dt.date(2024, 3, 31), "leaflets", "public", "Hartlepool", 999),  # before the period
    ]
    frame = pl.DataFrame(rows, schema=ACTIVITY_SCHEMA, orient="row")
    reach = prevention_reach(frame, YEAR)
    assert (reach["activities"], reach["reached"]) == (3, 255)
    assert reach["by_kind"] == [
        {"kind": "leaflets", "activities": 1, "reached": 200},
        {"kind": "school_session", "activities": 2, "reached": 55},
    ]
    assert [r["quarter_start"] for r in reach["by_quarter_and_area"]] == [
        "2024-04-01",
        "2024-07-01",
    ]


def test_factor_counts_withhold_a_factor_named_fewer_than_ten_times() -> None:
    rows = [(_utc("2024-05-01T10:00"), ["conflict_at_home"], ["friends"], "signposting")] * 12
    rows += [(_utc("2024-05-02T10:00"), ["bullying"], [], "early_help")] * 3
    rows += [(_utc("2024-03-31T22:30"), ["bullying"], [], "early_help")] * 20  # 23:30 BST: before
    frame = pl.DataFrame(rows, schema=FACTOR_SCHEMA, orient="row")
    counts = factor_counts(frame, YEAR)
    assert counts["interviews"] == 15
    assert counts["factors"] == [
        {"factor": "conflict_at_home", "side": "push", "interviews": 12, "suppressed": False},
        {"factor": "bullying", "side": "push", "interviews": None, "suppressed": True},
        {"factor": "friends", "side": "pull", "interviews": 12, "suppressed": False},
    ]
    assert factors_per_quarter(frame, YEAR) == [
        {"quarter_start": "2024-04-01", "interviews": 15, "any_push": 15, "any_pull": 12}
    ]
    assert outcomes_per_quarter(frame, YEAR) == [
        {
            "quarter_start": "2024-04-01",
            "outcome": "early_help",
            "interviews": None,
            "suppressed": True,
        },
        {
            "quarter_start": "2024-04-01",
            "outcome": "signposting",
            "interviews": 12,
            "suppressed": False,
        },
    ]
    chart = charts.factor_chart(counts["factors"])
    assert [row["factor"] for row in chart["rows"]] == ["conflict_at_home", "friends"]
    assert chart["spec"]["config"] is charts.READABLE


def test_audit_scores_share_of_criteria_met_and_grades() -> None:
    rows = [
        (_utc("2024-05-01T10:00"), "good", 4, 5, ["a", "b", "c", "d"]),
        (_utc("2024-08-01T10:00"), "inadequate", 1, 5, ["a"]),
    ]
    scores = audit_scores(pl.DataFrame(rows, schema=AUDIT_SCHEMA, orient="row"), YEAR)
    assert scores["audits"] == 2
    assert scores["criteria_met_share"] == pytest.approx(5 / 10)
    assert scores["criteria"][0] == {"criterion": "a", "audits": 2}
    assert [q["criteria_met_share"] for q in scores["per_quarter"]] == [0.8, 0.2]


def test_take_up_is_the_share_of_known_answers_and_withheld_below_ten() -> None:
    day = dt.date(2024, 6, 1)
    rows = [(day, "youth_worker_visit", str(n), n < 15) for n in range(20)]
    rows += [(day, "youth_worker_visit", "x", None)]
    rows += [(day, "intervention", str(n), True) for n in range(4)]
    rows += [(dt.date(2023, 6, 1), "intervention", "old", True)] * 20  # before the period
    result = take_up(pl.DataFrame(rows, schema=TAKE_UP_SCHEMA, orient="row"), YEAR)
    assert result == [
        {
            "kind": "intervention",
            "offers": None,
            "known": None,
            "taken_up": None,
            "share": None,
            "suppressed": True,
        },
        {
            "kind": "youth_worker_visit",
            "offers": 21,
            "known": 20,
            "taken_up": 15,
            "share": 0.75,
            "suppressed": False,
        },
    ]


def test_every_chart_keeps_its_labels_readable() -> None:
    """Issue 28: overlapping labels. Long category labels sit on the y axis, facet row labels
    read across, and labels are cut only past 300 pixels."""
    factors = charts.factor_chart([])["spec"]
    assert factors["encoding"]["y"]["field"] == "factor"
    assert factors["config"]["header"]["labelAngle"] == 0
    assert charts.READABLE["axis"]["labelLimit"] == 300
    survival = charts.survival_chart({}, "t", "Days", [0.0], share_title="Not missing again")
    assert survival["spec"]["config"] is charts.READABLE


def test_take_up_by_age_at_the_offer_withholds_small_groups() -> None:
    day = dt.date(2024, 6, 1)
    rows = [(day, "intervention", "a", n < 9) for n in range(12)]
    rows += [(day, "intervention", "b", True) for _ in range(3)]
    children = pl.DataFrame(
        [
            ("a", "female", "white", dt.date(2010, 6, 2)),
            ("b", "male", "white", dt.date(2008, 1, 1)),
        ],
        schema=CHILD_SCHEMA,
        orient="row",
    )
    offers = pl.DataFrame(rows, schema=TAKE_UP_SCHEMA, orient="row")
    by_age = take_up_by(offers, children, YEAR, "age_band")
    assert [(r["group"], r["known"], r["taken_up"]) for r in by_age] == [
        ("11 to 13", 12, 9),  # 13 tomorrow: still 13 on the day of the offer
        ("16 and 17", None, None),
    ]
    assert take_up_by(offers, children, YEAR, "ethnicity")[0]["share"] == 12 / 15


def test_interview_outcomes_by_age_at_the_interview_withhold_small_groups() -> None:
    # 23:30 UTC on 1 June is 00:30 on 2 June in the UK: child "a" is 14 that day (13 in UTC).
    late = _utc("2024-06-01T23:30")
    rows = [(late, "signposting", "a")] * 11 + [(late, "early_help", "a")] * 2
    rows += [(_utc("2024-06-01T10:00"), "signposting", "b")] * 12
    rows += [(_utc("2024-03-31T22:30"), "signposting", "b")] * 5  # 31 March in the UK: before
    children = pl.DataFrame(
        [
            ("a", "female", "white", dt.date(2010, 6, 2)),
            ("b", "male", "mixed", dt.date(2013, 1, 1)),
        ],
        schema=CHILD_SCHEMA,
        orient="row",
    )
    interviews = pl.DataFrame(rows, schema=OUTCOME_SCHEMA, orient="row")

    by_age = outcomes_by(interviews, children, YEAR, "age_band")

    assert [(r["group"], r["outcome"], r["interviews"]) for r in by_age] == [
        ("11 to 13", "signposting", 12),
        ("14 and 15", "early_help", None),
        ("14 and 15", "signposting", 11),
    ]
    by_sex = outcomes_by(interviews, children, YEAR, "sex")
    assert [(r["group"], r["interviews"], r["suppressed"]) for r in by_sex] == [
        ("female", None, True),
        ("female", 11, False),
        ("male", 12, False),
    ]
