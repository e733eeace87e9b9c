import datetime as dt

from missinghub_analytics.frames import Period
from missinghub_analytics.tests.helpers import episode, frame
from missinghub_analytics.timing import time_of_day_by_weekday

YEAR = Period(dt.date(2023, 1, 1), dt.date(2023, 12, 31))


def test_local_hour_and_weekday_by_hand() -> None:
    episodes = frame(
        [
            # Saturday 1 July 2023 22:30 UTC = 23:30 BST, Saturday
            episode("A", "2023-07-01 22:30", None, placement_type="childrens_home"),
            # Saturday 1 July 23:30 UTC = Sunday 00:30 BST
            episode("A", "2023-07-01 23:30", None, placement_type="childrens_home"),
            # Monday 9 January 2023 23:30 UTC = 23:30 GMT, Monday
            episode("B", "2023-01-09 23:30", None, placement_type="foster"),
            episode("B", "2023-01-09 23:45", None, placement_type="foster"),
        ]
    )
    rows = time_of_day_by_weekday(episodes, YEAR)
    assert len(rows) == 7 * 24
    nonzero = {(r["weekday_name"], r["hour"]): r["episodes"] for r in rows if r["episodes"]}
    assert nonzero == {("Sat", 23): 1, ("Sun", 0): 1, ("Mon", 23): 2}
    by_place = time_of_day_by_weekday(episodes, YEAR, by_placement_type=True)
    assert len(by_place) == 2 * 7 * 24
    home = [r for r in by_place if r["placement_type"] == "childrens_home" and r["episodes"]]
    assert [(r["weekday"], r["hour"], r["share"]) for r in home] == [(6, 23, 0.5), (7, 0, 0.5)]
