import numpy as np
import polars as pl
import pytest

from missinghub_analytics.survival import event_table
from missinghub_analytics.timelines import NULL_TIME, Timeline, child_codes, first_later


def brute_next(codes: np.ndarray, times: np.ndarray, code: int, time: int) -> int | None:
    later = times[(codes == code) & (times > time)]
    return int(later.min()) if later.size else None


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_next_after_matches_a_brute_force_search(seed: int) -> None:
    rng = np.random.default_rng(seed)
    codes = rng.integers(0, 30, 600)
    times = rng.integers(0, 200, 600)  # many ties and long runs per child
    timeline = Timeline.build(codes, times)
    asked_codes, asked_times = rng.integers(-1, 32, 300), rng.integers(-5, 210, 300)
    found_at, found = timeline.next_after(asked_codes, asked_times)
    for code, time, value, ok in zip(asked_codes, asked_times, found_at, found, strict=True):
        assert (int(value) if ok else None) == brute_next(codes, times, code, time)


def test_next_after_own_starts_after_the_episode() -> None:
    rng = np.random.default_rng(4)
    codes, times = rng.integers(0, 5, 400), rng.integers(0, 1_000, 400)
    timeline = Timeline.build(codes, times)
    positions = np.arange(400)
    asked = timeline.times + rng.integers(0, 300, 400)
    found_at, found = timeline.next_after_own(positions, asked)
    for p, value, ok in zip(positions, found_at, found, strict=True):
        expected = brute_next(codes, times, int(timeline.codes[p]), int(asked[p]))
        assert (int(value) if ok else None) == expected


def test_timeline_sorts_by_child_then_time_with_missing_times_first() -> None:
    codes = np.array([2, 1, 2, 1, 2])
    times = np.array([30, 20, NULL_TIME, 10, 10])
    timeline = Timeline.build(codes, times)
    assert timeline.codes.tolist() == [1, 1, 2, 2, 2]
    assert timeline.times.tolist() == [10, 20, NULL_TIME, 10, 30]
    assert timeline.block_end(np.arange(5)).tolist() == [2, 2, 5, 5, 5]


def test_first_later_with_empty_ranges() -> None:
    times = np.array([1, 2, 3])
    result = first_later(times, np.array([0, 1, 3]), np.array([0, 3, 3]), np.array([0, 2, 0]))
    assert result.tolist() == [0, 2, 3]


def test_child_codes_equal_exactly_for_equal_ids() -> None:
    codes = child_codes(pl.Series(["b", "a", None, "b"]))
    assert codes[0] == codes[3] and len({*codes.tolist()}) == 3
    numbers = child_codes(pl.Series([-1, None, 5, -1]))
    assert numbers[0] == numbers[3] and len({*numbers.tolist()}) == 3


def test_event_table_matches_a_group_by() -> None:
    rng = np.random.default_rng(5)
    durations = np.round(rng.exponential(5.0, 2_000), 1)
    events = rng.random(2_000) < 0.7
    time, found, removed = event_table(durations, events)
    expected = (
        pl.DataFrame({"t": durations, "e": events})
        .group_by("t")
        .agg(pl.col("e").sum(), pl.len())
        .sort("t")
    )
    assert time.tolist() == expected.get_column("t").to_list()
    assert found.tolist() == expected.get_column("e").to_list()
    assert removed.tolist() == expected.get_column("len").to_list()
