import datetime as dt
import json

import polars as pl

from missinghub_analytics.frames import UTC_DATETIME, Period
from missinghub_analytics.published import published_rows, published_table
from missinghub_analytics.tests.helpers import at, episode, frame

YEAR = Period(dt.date(2017, 4, 1), dt.date(2018, 3, 31))


def lac(child: str, reported: str, category: str, area: str) -> dict[str, object]:
    return episode(child, reported, None, category, "foster", True, area)


def year_episodes() -> pl.DataFrame:
    return frame(
        [
            # 00:30 BST on 1 April 2017 = 23:30 UTC the day before: inside the period
            episode("C1", "2017-03-31 23:30", "2017-04-01 03:00"),
            episode("C1", "2017-06-01 10:00", "2017-06-01 15:00"),
            episode("C1", "2017-07-01 10:00", "2017-07-01 15:00", "absent"),
            lac("C2", "2017-05-01 10:00", "missing", "in_borough"),
            lac("C2", "2017-05-09 10:00", "missing", "in_borough"),
            lac("C2", "2017-05-19 10:00", "awol", "in_borough"),
            lac("C3", "2017-09-01 10:00", "missing", "out_of_borough"),
            lac("C3", "2017-09-02 10:00", "awol", "out_of_borough"),
            lac("C3", "2017-09-03 10:00", "awol", "out_of_borough"),
            lac("C4", "2017-10-01 10:00", "awol", "in_borough"),
            # 23:30 BST on 31 March 2018 = 22:30 UTC: inside
            episode("C5", "2018-03-31 22:30", None),
            # 00:30 BST on 1 April 2018: outside
            episode("C5", "2018-03-31 23:30", None),
            # 23:30 BST on 31 March 2017: outside
            episode("C6", "2017-03-31 22:30", "2017-04-01 01:00"),
        ]
    )


def cme_frame() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "referral_id": ["R1", "R2", "R3", "R4"],
            "child_id": ["K1", "K2", "K3", "K4"],
            "referred_at": [
                at("2017-05-01 09:00"),
                at("2017-11-01 09:00"),
                at("2018-03-01 09:00"),
                at("2017-03-01 09:00"),
            ],
            "ground": ["a", "b", "c", "d"],
            "status": ["located_closed", "ongoing", "located_closed", "located_closed"],
            "closed_at": [
                at("2017-06-01 09:00"),
                None,
                at("2018-05-01 09:00"),
                at("2017-03-05 09:00"),
            ],
        },
        schema_overrides={"referred_at": UTC_DATETIME, "closed_at": UTC_DATETIME},
    )


def test_published_table_counts_by_hand() -> None:
    table = published_table(year_episodes(), cme_frame(), YEAR)
    assert table == {
        "period": ["2017-04-01", "2018-03-31"],
        "all": {"missing": [6, 4], "absent": [1, 1], "awol": [4, 3]},
        "lac_in_borough": {"missing": [2, 1], "awol": [2, 2]},
        "lac_out_of_borough": {"missing": [1, 1], "awol": [2, 1]},
        "cme": {"referrals": 3, "located_closed": 2, "ongoing": 1},
    }
    assert json.loads(json.dumps(table)) == table


def test_cme_as_at_period_end_counts_late_closures_as_ongoing() -> None:
    table = published_table(year_episodes(), cme_frame(), YEAR, as_at_period_end=True)
    assert table["cme"] == {"referrals": 3, "located_closed": 1, "ongoing": 2}


def test_empty_categories_are_zero_and_rows_flatten() -> None:
    only_one = year_episodes().filter(pl.col("child_id") == "C4")
    table = published_table(only_one, None, YEAR)
    assert table["all"] == {"missing": [0, 0], "absent": [0, 0], "awol": [1, 1]}
    assert table["cme"] == {"referrals": 0, "located_closed": 0, "ongoing": 0}
    rows = published_rows(table)
    assert len(rows) == 7
    assert {"group": "all children", "category": "awol", "episodes": 1, "children": 1} in rows


def test_cme_closed_without_locating_is_neither_located_nor_ongoing() -> None:
    cme = cme_frame().with_columns(
        status=pl.Series(["closed_not_located", "ongoing", "located_closed", "located_closed"])
    )
    table = published_table(year_episodes(), cme, YEAR)
    # R1 closed without locating, R2 ongoing, R3 located (in period); R4 before the period.
    assert table["cme"] == {"referrals": 3, "located_closed": 1, "ongoing": 1}
    late = published_table(year_episodes(), cme, YEAR, as_at_period_end=True)
    # R3 closed after the period end: ongoing on the last day.
    assert late["cme"] == {"referrals": 3, "located_closed": 0, "ongoing": 2}
