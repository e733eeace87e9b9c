import datetime as dt

import numpy as np
import polars as pl
import pytest
from lifelines import KaplanMeierFitter
from lifelines.statistics import logrank_test

from missinghub_analytics.frames import UTC_DATETIME, Period
from missinghub_analytics.outcomes import (
    compare_groups,
    intervention_evaluation,
    protocol_change_evaluation,
    time_to_next_episode,
)
from missinghub_analytics.tests.helpers import at, episode, frame


def day(n: float) -> str:
    return (dt.datetime(2023, 1, 1) + dt.timedelta(days=n - 1)).strftime("%Y-%m-%d %H:%M")


def intervention_data() -> tuple[pl.DataFrame, pl.DataFrame]:
    episodes = frame(
        [
            episode("A", day(1), day(1.5)),
            episode("A", day(11), day(12)),
            episode("A", day(41), None),
            episode("B", day(1), day(2)),
            episode("C", day(5), day(6)),
            episode("C", day(20), day(21)),
        ]
    )
    index = pl.DataFrame(
        {
            "child_id": ["A", "B", "C", "C"],
            "index_at": [at(day(2)), at(day(3)), at(day(6)), at(day(25))],
            "group": ["intervention", "intervention", "comparison", "comparison"],
            "censor_at": [None, at(day(31)), None, None],
        },
        schema_overrides={"index_at": UTC_DATETIME, "censor_at": UTC_DATETIME},
    )
    return episodes, index


def test_time_to_next_episode_by_hand() -> None:
    episodes, index = intervention_data()
    follow_up = time_to_next_episode(episodes, index, at(day(61))).sort("child_id", "index_at")
    # A: next episode day 11 after day 2 -> 9 days; B: censored at its censor_at (day 31) -> 28;
    # C: day 20 after day 6 -> 14; C again: none after day 25 -> censored at day 61 -> 36.
    assert follow_up.get_column("duration_days").to_list() == [9, 28, 14, 36]
    assert follow_up.get_column("event").to_list() == [True, False, True, False]


def test_intervention_against_comparison_matches_lifelines() -> None:
    episodes, index = intervention_data()
    result = intervention_evaluation(episodes, index, at(day(61)), horizons_days=(10, 30))
    expected = logrank_test([9, 28], [14, 36], event_observed_A=[1, 0], event_observed_B=[1, 0])
    assert result.log_rank is not None
    assert result.log_rank.statistic == pytest.approx(expected.test_statistic)
    assert result.log_rank.p_value == pytest.approx(expected.p_value)
    fitter = KaplanMeierFitter().fit([9, 28], [1, 0])
    curve = result.curves["intervention"]
    assert np.allclose(curve.ci_lower, fitter.confidence_interval_.iloc[:, 0].loc[curve.time])
    horizon = {(r["group"], r["days"]): r["survival"] for r in result.at_horizons}
    assert horizon[("intervention", 10)] == 0.5  # one of two went missing again by day 9
    assert horizon[("comparison", 10)] == 1.0
    assert horizon[("comparison", 30)] == 0.5
    assert any("randomised" in text for text in result.caveats)
    assert any("only 2 index events" in text for text in result.caveats)
    assert result.to_dict()["log_rank"] is not None


def test_protocol_change_before_after_by_hand() -> None:
    episodes = frame(
        [
            episode("A", day(1), day(1.5)),
            episode("A", day(5), day(6)),
            episode("A", day(40), day(41)),
            episode("A", day(45), day(46)),
            episode("B", day(28), day(29)),
            episode("B", day(35), None),
        ]
    )
    period = Period(dt.date(2023, 1, 1), dt.date(2023, 2, 28))
    result = protocol_change_evaluation(episodes, at(day(30)), period)
    groups = {g["group"]: g for g in result.groups}
    # before: A 1.5->5 (3.5 days, event), A 6 -> cut at the change (24 days), B 29 -> cut (1 day)
    assert groups["before"]["index_events"] == 3
    assert groups["before"]["went_missing_again"] == 1
    assert result.curves["before"].time.tolist() == [1, 3.5, 24]
    # after: A 41 -> 45 (4 days, event), A 46 -> period end, day 60 (14 days)
    assert result.curves["after"].time.tolist() == [4, 14]
    assert groups["after"]["went_missing_again"] == 1
    assert any("Before/after" in text for text in result.caveats)


def test_single_group_has_no_log_rank() -> None:
    follow_up = pl.DataFrame(
        {"child_id": ["A"], "group": ["x"], "duration_days": [3.0], "event": [True]}
    )
    assert compare_groups(follow_up).log_rank is None


def test_next_episode_when_index_and_episodes_list_children_in_other_orders() -> None:
    episodes = frame(
        [episode(child, day(10 + i), day(10.5 + i)) for i, child in enumerate("PQRSTU")]
        + [episode(child, day(40 + i), None) for i, child in enumerate("UTSRQP")]
    )
    index = pl.DataFrame(
        {"child_id": list("UQSPTR"), "index_at": [at(day(20))] * 6, "group": ["x"] * 6},
        schema_overrides={"index_at": UTC_DATETIME},
    )
    follow_up = time_to_next_episode(episodes, index, at(day(90)))
    # each child's second episode is on day 40 + its position in "UTSRQP"
    expected = [20 + "UTSRQP".index(child) for child in "UQSPTR"]
    assert follow_up.get_column("duration_days").to_list() == expected
