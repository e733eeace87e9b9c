"""Prepared episodes give every figure exactly what the plain frame gives (synthetic data)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import numpy as np
import polars as pl
import pytest

from missinghub_analytics.bursts import BurstRule, burst_summary, bursts_per_child, flag_bursts
from missinghub_analytics.concentration import (
    gini_by_year,
    lorenz_curve,
    most_frequent_children,
    top_share,
)
from missinghub_analytics.durations import (
    duration_distribution,
    duration_survival,
    share_ended_within,
)
from missinghub_analytics.frames import Period
from missinghub_analytics.outcomes import protocol_change_evaluation, time_to_next_episode
from missinghub_analytics.prepared import EpisodeData, PreparedEpisodes, prepare_episodes
from missinghub_analytics.published import published_table
from missinghub_analytics.tests.helpers import episode, frame
from missinghub_analytics.timing import time_of_day_by_weekday

WHOLE = Period(dt.date(2022, 1, 1), dt.date(2023, 12, 31))
PART = Period(dt.date(2022, 7, 1), dt.date(2023, 3, 31))
CHANGE = dt.datetime(2023, 1, 1, tzinfo=dt.UTC)


def random_episodes(seed: int, rows: int = 400) -> pl.DataFrame:
    """Episodes of 30 children at random times over two years, some still open."""
    rng = np.random.default_rng(seed)
    start = dt.datetime(2022, 1, 1)
    out = []
    for i in range(rows):
        reported = start + dt.timedelta(minutes=int(rng.integers(0, 2 * 365 * 24 * 60)))
        hours = int(rng.integers(1, 200))
        returned = None if rng.random() < 0.05 else reported + dt.timedelta(hours=hours)
        looked_after = bool(rng.random() < 0.4)
        out.append(
            episode(
                f"C{int(rng.integers(0, 30)):03d}",
                reported.strftime("%Y-%m-%d %H:%M"),
                returned.strftime("%Y-%m-%d %H:%M") if returned else None,
                category=str(
                    rng.choice(
                        ["missing", "absent", "awol"] if looked_after else ["missing", "absent"]
                    )
                ),
                placement_type="childrens_home" if looked_after else "family_home",
                looked_after=looked_after,
                area=str(rng.choice(["in_borough", "out_of_borough"])) if looked_after else "none",
                episode_id=f"E{i}",
            )
        )
    return frame(out)


FIGURES: dict[str, Callable[[EpisodeData], object]] = {
    "share": lambda e: share_ended_within(e, PART, by=["category"]),
    "distribution": lambda e: duration_distribution(e, PART),
    "survival": lambda e: duration_survival(e, PART)["all"].survival.tolist(),
    "timing": lambda e: time_of_day_by_weekday(e, PART, True),
    "top_share": lambda e: top_share(e, (10.0, 50.0), 4),
    "gini": lambda e: gini_by_year(e, 4),
    "lorenz": lambda e: lorenz_curve(e, PART, 10),
    "most_frequent": lambda e: most_frequent_children(e, PART, 5),
    "bursts": lambda e: burst_summary(e, PART, BurstRule(2, 30)),
    "bursts_whole": lambda e: burst_summary(e, WHOLE, BurstRule(2, 30)),
    "per_child": lambda e: bursts_per_child(e, PART, BurstRule(2, 30)).rows(),
    "flags": lambda e: flag_bursts(e, BurstRule(2, 30)).rows(),
    "published": lambda e: published_table(e, None, PART),
    "outcome": lambda e: protocol_change_evaluation(e, CHANGE, PART).to_dict(),
}


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("name", sorted(FIGURES))
def test_each_figure_is_the_same_from_prepared_episodes(seed: int, name: str) -> None:
    episodes = random_episodes(seed)
    from_frame = FIGURES[name](episodes)
    fresh = FIGURES[name](prepare_episodes(episodes))
    shared = prepare_episodes(episodes)
    shared.timeline  # noqa: B018 - sorted first, so period subsets derive their order from it
    assert from_frame == fresh
    assert FIGURES[name](shared) == from_frame


def _child_sequences(prepared: PreparedEpisodes) -> dict[str, list[str]]:
    """Each child's episode ids in timeline order (codes differ between frames; this does not)."""
    timeline = prepared.timeline
    assert np.all(np.diff(timeline.codes) >= 0)
    rows = prepared.frame[pl.Series(timeline.order)]
    assert np.array_equal(rows.get_column("reported_at").to_physical().to_numpy(), timeline.times)
    sequences: dict[str, list[str]] = {}
    for child, episode_id in rows.select("child_id", "episode_id").iter_rows():
        sequences.setdefault(child, []).append(episode_id)
    return sequences


def test_a_period_subset_of_a_sorted_timeline_equals_sorting_the_subset() -> None:
    prepared = prepare_episodes(random_episodes(3))
    prepared.timeline  # noqa: B018
    derived = prepared.in_period(PART)
    fresh = prepare_episodes(prepared.frame.filter(pl.col("reported_at") >= PART.start_utc))
    fresh = fresh.in_period(PART)
    assert "timeline" in derived.__dict__
    assert derived.frame.equals(fresh.frame)
    assert _child_sequences(derived) == _child_sequences(fresh)
    quarter = Period(dt.date(2022, 10, 1), dt.date(2022, 12, 31))
    nested, direct = derived.in_period(quarter), prepared.in_period(quarter)
    assert nested.frame.equals(direct.frame)
    assert np.array_equal(nested.timeline.order, direct.timeline.order)
    assert _child_sequences(nested) == _child_sequences(prepare_episodes(direct.frame))


def test_changing_the_callers_frame_afterwards_does_not_reach_the_prepared_copy() -> None:
    episodes = random_episodes(4)
    prepared = prepare_episodes(episodes)
    before = burst_summary(prepared, WHOLE)
    episodes[0, "child_id"] = "SOMEONE-ELSE"
    episodes.replace_column(0, pl.Series("child_id", ["X"] * episodes.height))
    assert burst_summary(prepared, WHOLE) == before
    assert prepared.frame.get_column("child_id").n_unique() > 1


def test_preparing_twice_returns_the_same_object_and_follow_up_accepts_it() -> None:
    episodes = random_episodes(5)
    prepared = prepare_episodes(episodes)
    assert isinstance(prepared, PreparedEpisodes)
    assert prepare_episodes(prepared) is prepared
    index = pl.DataFrame(
        {
            "child_id": ["C001", "C002"],
            "index_at": [CHANGE, CHANGE],
            "group": ["a", "b"],
        }
    )
    end = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    assert time_to_next_episode(prepared, index, end).equals(
        time_to_next_episode(episodes, index, end)
    )
