import datetime as dt

import numpy as np
import pytest
from lifelines import KaplanMeierFitter

from missinghub_analytics.durations import (
    duration_distribution,
    duration_survival,
    share_ended_within,
    with_durations,
)
from missinghub_analytics.frames import Period
from missinghub_analytics.tests.helpers import episode, frame

JANUARY = Period(dt.date(2023, 1, 1), dt.date(2023, 1, 31))  # GMT: local time = UTC


def january_episodes() -> list[dict[str, object]]:
    return [
        episode("A", "2023-01-05 10:00", "2023-01-05 12:00"),  # 2 h
        episode("A", "2023-01-10 10:00", "2023-01-11 22:00"),  # 36 h
        episode("B", "2023-01-15 00:00", "2023-01-20 00:00", "absent", "foster"),  # 120 h
        episode("B", "2023-01-20 00:00", "2023-01-29 00:00", "awol", "foster"),  # 216 h
        # returns after the period end: censored at the end, 12 h
        episode("C", "2023-01-31 12:00", "2023-02-01 06:00", placement_type="childrens_home"),
        # still open: censored at the end, 7 days
        episode("C", "2023-01-25 00:00", None, placement_type="childrens_home"),
        # reported before the period: not counted
        episode("D", "2022-12-31 20:00", "2023-01-01 10:00"),
    ]


def test_durations_and_censoring() -> None:
    table = with_durations(frame(january_episodes()), JANUARY).sort("reported_at")
    assert table.height == 6
    assert table.get_column("duration_hours").to_list() == [2, 36, 120, 216, 168, 12]
    assert table.get_column("ended").to_list() == [True, True, True, True, False, False]


def test_share_ended_within_all_and_by_category() -> None:
    episodes = frame(january_episodes())
    (overall,) = share_ended_within(episodes, JANUARY)
    assert overall == {
        "episodes": 6,
        "open": 2,
        "within_24h": pytest.approx(1 / 6),
        "within_48h": pytest.approx(2 / 6),
        "within_168h": pytest.approx(3 / 6),
    }
    rows = {r["category"]: r for r in share_ended_within(episodes, JANUARY, by=["category"])}
    assert rows["missing"]["episodes"] == 4
    assert rows["missing"]["within_48h"] == pytest.approx(2 / 4)
    assert rows["absent"]["within_168h"] == 1.0
    assert rows["awol"]["within_168h"] == 0.0
    by_place = share_ended_within(episodes, JANUARY, by=["placement_type"])
    assert [r["placement_type"] for r in by_place] == ["childrens_home", "family_home", "foster"]
    assert [r["open"] for r in by_place] == [2, 0, 0]


def test_duration_distribution_bands() -> None:
    rows = duration_distribution(frame(january_episodes()), JANUARY)
    counts = {r["band"]: r["episodes"] for r in rows}
    assert counts["1h to under 4h"] == 1
    assert counts["24h to under 48h"] == 1
    assert counts["72h to under 168h"] == 1
    assert counts["168h or more"] == 1
    assert counts["open at period end"] == 2
    assert sum(counts.values()) == 6
    assert rows[-2]["to_h"] is None


def test_duration_survival_by_hand_and_against_lifelines() -> None:
    curve = duration_survival(frame(january_episodes()), JANUARY)["all"]
    # times 2e 12c 36e 120e 168c 216e; at risk 6 5 4 3 2 1
    assert curve.time.tolist() == [2, 12, 36, 120, 168, 216]
    assert curve.survival.tolist() == pytest.approx(
        [5 / 6, 5 / 6, 0.625, 0.625 * 2 / 3, 0.625 * 2 / 3, 0]
    )
    durations = [2, 36, 120, 216, 12, 168]
    observed = [True, True, True, True, False, False]
    fitter = KaplanMeierFitter().fit(durations, observed)
    expected = fitter.survival_function_.iloc[:, 0].loc[curve.time].to_numpy()
    assert np.allclose(curve.survival, expected)
    lower = fitter.confidence_interval_.iloc[:, 0].loc[curve.time].to_numpy()
    assert np.allclose(curve.ci_lower, lower)


def test_duration_survival_by_category() -> None:
    curves = duration_survival(frame(january_episodes()), JANUARY, by="category")
    assert sorted(curves) == ["absent", "awol", "missing"]
    assert curves["missing"].at_risk[0] == 4
