import datetime as dt

import polars as pl
import pytest

from missinghub_analytics.frames import Period
from missinghub_analytics.service import (
    INTERVIEW_SCHEMA,
    REFERRAL_SCHEMA,
    contact_within,
    interview_measures,
    panel_referrals,
    referrals_per_quarter,
    repeat_after_interview,
)
from missinghub_analytics.tests.helpers import at, episode, frame

Q2 = Period(dt.date(2013, 4, 1), dt.date(2013, 6, 30))
ACCEPTED, DECLINED = True, False


def interviews() -> pl.DataFrame:
    def row(child: str, returned: str, offered: bool, accepted: bool | None, done: str | None):
        return {
            "episode_id": f"E-{child}",
            "child_id": child,
            "returned_at": at(returned),
            "offered_at": at(returned) + dt.timedelta(hours=2) if offered else None,
            "accepted": accepted,
            "completed_at": at(done) if done else None,
            "looked_after": False,
        }

    rows = [
        row("A", "2013-04-02 10:00", True, ACCEPTED, "2013-04-03 08:00"),  # 22 h
        row("B", "2013-04-10 10:00", True, ACCEPTED, "2013-04-12 09:00"),  # 47 h
        row("C", "2013-05-01 10:00", True, ACCEPTED, "2013-05-04 09:00"),  # 71 h
        row("D", "2013-05-05 10:00", True, DECLINED, None),
        row("E", "2013-05-06 10:00", False, None, None),
        row("F", "2013-03-20 10:00", True, ACCEPTED, "2013-03-21 10:00"),  # before Q2
    ]
    return pl.DataFrame(rows, schema=INTERVIEW_SCHEMA)


def referrals() -> pl.DataFrame:
    rows = [
        ("R1", "A", "2013-04-01 10:00", True, "2013-04-02 09:00", "2013-05-01 10:00"),  # 23 h
        ("R2", "B", "2013-04-15 10:00", False, "2013-04-18 10:00", None),  # 72 h
        ("R3", "C", "2013-06-30 10:00", True, None, "2013-07-05 10:00"),
        ("R4", "D", "2013-03-30 10:00", False, "2013-03-30 12:00", None),  # Q1
    ]
    return pl.DataFrame(
        [
            (
                ref,
                child,
                at(got),
                lac,
                at(contact) if contact else None,
                at(panel) if panel else None,
            )
            for ref, child, got, lac, contact, panel in rows
        ],
        schema=REFERRAL_SCHEMA,
        orient="row",
    )


def test_interview_measures_by_hand() -> None:
    measures = interview_measures(interviews(), Q2)
    assert measures["returns"] == 5
    assert measures["offered_share"] == pytest.approx(4 / 5)
    assert measures["accepted_share"] == pytest.approx(3 / 4)
    assert measures["completed"] == 3
    assert measures["completed_within_24h"] == pytest.approx(1 / 5)
    assert measures["completed_within_48h"] == pytest.approx(2 / 5)
    assert measures["completed_within_72h"] == pytest.approx(3 / 5)


def test_referral_measures_by_hand() -> None:
    assert contact_within(referrals(), Q2) == {
        "referrals": 3,
        "contacted_in_time": 1,
        "share": pytest.approx(1 / 3),
    }
    assert panel_referrals(referrals(), Q2) == 1  # R3's panel referral is in July
    half_year = Period(dt.date(2013, 1, 1), dt.date(2013, 6, 30))
    rows = referrals_per_quarter(referrals(), half_year)
    assert [r["quarter_start"] for r in rows] == ["2013-01-01", "2013-04-01"]
    assert [r["referrals"] for r in rows] == [1, 3]
    assert rows[1]["looked_after_share"] == pytest.approx(2 / 3)
    assert rows[1]["panel_referrals"] == 2


def test_repeat_within_90_days_after_interview() -> None:
    episodes = frame(
        [
            episode("A", "2013-04-01 10:00", "2013-04-02 10:00"),  # before the interview
            episode("A", "2013-05-15 10:00", "2013-05-15 20:00"),  # 42 days after: repeat
            episode("B", "2013-09-01 10:00", None),  # more than 90 days after
        ]
    )
    result = repeat_after_interview(interviews(), episodes, Q2, at("2013-12-31 00:00"))
    assert result == {"interviews": 3, "went_missing_again": 1, "days": 90, "share": 1 / 3}
    # only A's interview (3 April) has 90 days of follow-up by 5 July
    early = repeat_after_interview(interviews(), episodes, Q2, at("2013-07-05 00:00"))
    assert (early["interviews"], early["went_missing_again"]) == (1, 1)


def test_missing_columns_are_reported() -> None:
    with pytest.raises(ValueError, match="lacks columns"):
        interview_measures(interviews().drop("accepted"), Q2)
