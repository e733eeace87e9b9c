import datetime as dt

import numpy as np
import polars as pl
import pytest

from missinghub_analytics.bursts import (
    BurstRule,
    burst_count_distribution,
    burst_summary,
    bursts_per_child,
    flag_bursts,
)
from missinghub_analytics.tests.helpers import episode, frame


def day(n: int, hour: int = 0) -> str:
    return (dt.datetime(2023, 1, 1) + dt.timedelta(days=n - 1, hours=hour)).strftime(
        "%Y-%m-%d %H:%M"
    )


def burst_rows() -> list[dict[str, object]]:
    a_days = [1, 3, 10, 12, 40, 41, 60, 61, 62]
    b_days = [1, 8, 15, 100, 120]  # 1, 8, 15: exactly 14 days apart -> a burst
    c_days = [1, 2]
    rows = [episode("A", day(d), None) for d in a_days]
    rows += [episode("B", day(d), None) for d in b_days]
    rows += [episode("C", day(d), None) for d in c_days]
    return rows


def test_burst_summary_by_hand() -> None:
    summary = burst_summary(frame(burst_rows()))
    # A: days 1-12 (4 episodes) and 60-62 (3); B: days 1-15 (3); C: none
    assert summary["bursts"] == 3
    assert summary["episodes_in_bursts"] == 10
    assert summary["episodes"] == 16
    assert summary["children_with_bursts"] == 2
    assert summary["share_in_bursts"] == pytest.approx(10 / 16)


def test_flags_and_burst_numbers_for_one_child() -> None:
    flagged = flag_bursts(frame(burst_rows())).filter(pl.col("child_id") == "A")
    assert flagged.get_column("in_burst").to_list() == [1, 1, 1, 1, 0, 0, 1, 1, 1]
    assert flagged.get_column("burst_no").to_list() == [1, 1, 1, 1, 0, 0, 2, 2, 2]


def test_rule_is_configurable() -> None:
    # 2 within 2 days: A has (1,3), (10,12), (40,41), (60,61,62); B none; C (1,2)
    summary = burst_summary(frame(burst_rows()), rule=BurstRule(2, 2))
    assert summary["bursts"] == 5
    assert summary["episodes_in_bursts"] == 2 + 2 + 2 + 3 + 2
    with pytest.raises(ValueError):
        BurstRule(1, 14)


def test_per_child_and_distribution() -> None:
    per_child = bursts_per_child(frame(burst_rows()))
    assert per_child.select("child_id", "bursts").rows() == [("A", 2), ("B", 1)]
    assert burst_count_distribution(per_child) == [
        {"bursts": 1, "children": 1},
        {"bursts": 2, "children": 1},
    ]


def python_bursts(times: dict[str, list[float]], k: int, window: float) -> tuple[int, int]:
    """Straightforward recomputation: mark every window, then count runs of linked windows."""
    bursts = inside = 0
    for values in times.values():
        values = sorted(values)
        marked = [False] * len(values)
        starts = [i for i in range(len(values) - k + 1) if values[i + k - 1] - values[i] <= window]
        for i in starts:
            for j in range(i, i + k):
                marked[j] = True
        inside += sum(marked)
        previous_end = -1
        for i in starts:
            if i > previous_end:
                bursts += 1
            previous_end = i + k - 1
    return bursts, inside


def test_bursts_match_python_recomputation_on_random_data() -> None:
    rng = np.random.default_rng(5)
    times: dict[str, list[float]] = {}
    rows = []
    for child in range(60):
        offsets = np.sort(rng.integers(0, 200 * 24, rng.integers(1, 25))) / 24
        times[f"K{child}"] = offsets.tolist()
        rows += [episode(f"K{child}", day(1, round(h * 24)), None) for h in offsets]
    for k, window in ((3, 14), (2, 3), (4, 30)):
        summary = burst_summary(frame(rows), rule=BurstRule(k, window))
        assert (summary["bursts"], summary["episodes_in_bursts"]) == python_bursts(times, k, window)
