import datetime as dt

import pytest

from missinghub_analytics.concentration import (
    counts_per_child_year,
    gini_by_year,
    lorenz_curve,
    most_frequent_children,
    top_share,
)
from missinghub_analytics.frames import Period
from missinghub_analytics.tests.helpers import episode, frame

YEAR_2022 = Period(dt.date(2022, 1, 1), dt.date(2022, 12, 31))


def two_years() -> list[dict[str, object]]:
    counts_2022 = {"A": 5, "B": 3, "C": 1, "D": 1}
    counts_2023 = {"F": 2, "E": 2}
    rows = []
    for year, counts in ((2022, counts_2022), (2023, counts_2023)):
        for child, n in counts.items():
            for i in range(n):
                rows.append(episode(child, f"{year}-0{i + 1}-10 12:00", None))
    return rows


def test_top_share_by_hand() -> None:
    rows = top_share(frame(two_years()), top_percents=(10, 50))
    got = {(r["year"], r["top_percent"]): (r["top_children"], r["share"]) for r in rows}
    # 2022: 4 children, 10 episodes; top 10% = ceil(0.4) = 1 child (A, 5 episodes)
    assert got[(2022, 10)] == (1, pytest.approx(0.5))
    # top 50% = 2 children, A and B: 8 of 10
    assert got[(2022, 50)] == (2, pytest.approx(0.8))
    # 2023: E and F tie on 2; one child of 2 has 2 of 4 episodes
    assert got[(2023, 10)] == (1, pytest.approx(0.5))


def mean_difference_gini(values: list[int]) -> float:
    n = len(values)
    mean = sum(values) / n
    return sum(abs(a - b) for a in values for b in values) / (2 * n * n * mean)


def test_gini_against_mean_difference_formula() -> None:
    gini = gini_by_year(frame(two_years()))
    assert gini[2022] == pytest.approx(mean_difference_gini([5, 3, 1, 1]))  # 0.35
    assert gini[2022] == pytest.approx(0.35)
    assert gini[2023] == pytest.approx(0.0)


def test_lorenz_curve_by_hand() -> None:
    rows = lorenz_curve(frame(two_years()), YEAR_2022, points=4)
    # counts ascending 1, 1, 3, 5 (total 10)
    assert [r["episode_share"] for r in rows] == pytest.approx([0, 0.1, 0.2, 0.5, 1.0])
    assert [r["child_share"] for r in rows] == [0, 0.25, 0.5, 0.75, 1.0]


def test_most_frequent_children_returns_ids_only() -> None:
    rows = most_frequent_children(frame(two_years()), YEAR_2022, limit=3)
    assert rows == [
        {"child_id": "A", "episodes": 5},
        {"child_id": "B", "episodes": 3},
        {"child_id": "C", "episodes": 1},
    ]


def test_financial_year_uses_local_date() -> None:
    rows = [
        episode("A", "2023-03-31 22:30", None),  # 23:30 BST 31 March: 2022-23
        episode("A", "2023-03-31 23:30", None),  # 00:30 BST 1 April: 2023-24
    ]
    counts = counts_per_child_year(frame(rows), year_start_month=4).sort("year")
    assert counts.get_column("year").to_list() == [2022, 2023]
    labels = [r["year_label"] for r in top_share(frame(rows), year_start_month=4)]
    assert labels == ["2022-23", "2023-24"]
