"""Properties of the engine, and agreement between `evaluate` and the vectorised replay."""

import random
from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from missinghub.protocols.engine import ChildHistory, EpisodeRecord, evaluate_history
from missinghub.protocols.engine.history import frame_from_histories
from missinghub.protocols.engine.replay import decisions_table, in_period
from missinghub.protocols.engine.workload import (
    monthly_workload,
    replay,
    workload_from_decisions,
)
from missinghub.protocols.tests.histories import SHIPPED_PROTOCOLS_DIR, shipped

SHIPPED = sorted(path.stem for path in SHIPPED_PROTOCOLS_DIR.glob("*.yaml"))
START = datetime(2023, 12, 20, tzinfo=UTC)


@st.composite
def episodes(draw: st.DrawFn, child_id: str = "C1") -> list[EpisodeRecord]:
    count = draw(st.integers(min_value=1, max_value=9))
    records = []
    for number in range(count):
        # Whole hours over 15 months: ties and window edges both happen.
        reported_at = START + timedelta(hours=draw(st.integers(0, 24 * 450)))
        hours_away = draw(st.one_of(st.none(), st.integers(0, 200)))
        records.append(
            EpisodeRecord(
                episode_id=f"{child_id}-E{number}",
                category=draw(st.sampled_from(["missing", "absent", "awol"])),
                reported_at=reported_at,
                returned_at=None
                if hours_away is None
                else reported_at + timedelta(hours=hours_away),
                looked_after=draw(st.booleans()),
                county_lines=draw(st.booleans()),
            )
        )
    return records


births = st.dates(min_value=date(2006, 1, 1), max_value=date(2016, 12, 31))


@settings(max_examples=60, deadline=None)
@given(records=episodes(), born=births, name=st.sampled_from(SHIPPED))
def test_evaluating_the_same_history_twice_creates_no_extra_task(
    records: list[EpisodeRecord], born: date, name: str
) -> None:
    protocol = shipped(name)
    history = ChildHistory("C1", born, tuple(records))
    tasks = {d.key: d for d in evaluate_history(protocol, history)}
    created_before = len(tasks)
    for decision in evaluate_history(protocol, history):
        tasks.setdefault(decision.key, decision)
    assert len(tasks) == created_before
    assert len({d.key for d in evaluate_history(protocol, history)}) == len(
        evaluate_history(protocol, history)
    )


@settings(max_examples=60, deadline=None)
@given(records=episodes(), born=births, name=st.sampled_from(SHIPPED), data=st.data())
def test_decisions_do_not_depend_on_the_order_episodes_were_loaded(
    records: list[EpisodeRecord], born: date, name: str, data: st.DataObject
) -> None:
    protocol = shipped(name)
    shuffled = data.draw(st.permutations(records))
    in_order = evaluate_history(protocol, ChildHistory("C1", born, tuple(records)))
    reordered = evaluate_history(protocol, ChildHistory("C1", born, tuple(shuffled)))
    assert sorted(in_order, key=lambda d: d.key) == sorted(reordered, key=lambda d: d.key)


def _decisions_by_key(protocol_name: str, histories: list[ChildHistory]) -> tuple[dict, dict]:  # type: ignore[type-arg]
    protocol = shipped(protocol_name)
    pure = {
        (d.rule_id, d.episode_id): (d.task, d.triggered_at, d.due_at)
        for child in histories
        for d in evaluate_history(protocol, child)
    }
    table = decisions_table(protocol, frame_from_histories(histories))
    fast = {
        (row["rule_id"], row["episode_id"]): (row["task"], row["triggered_at"], row["due_at"])
        for row in table.iter_rows(named=True)
    }
    return pure, fast


@settings(max_examples=40, deadline=None)
@given(
    children=st.lists(st.tuples(episodes(), births), min_size=1, max_size=4),
    name=st.sampled_from(SHIPPED),
)
def test_vectorised_replay_makes_the_same_decisions_as_evaluate(
    children: list[tuple[list[EpisodeRecord], date]], name: str
) -> None:
    histories = [
        ChildHistory(
            f"C{n}",
            born,
            tuple(
                EpisodeRecord(**{**e.__dict__, "episode_id": f"C{n}-{e.episode_id}"})
                for e in records
            ),
        )
        for n, (records, born) in enumerate(children)
    ]
    pure, fast = _decisions_by_key(name, histories)
    assert pure == fast


def random_histories(seed: int, children: int) -> list[ChildHistory]:
    rng = random.Random(seed)  # noqa: S311 - a reproducible test history, not a secret
    histories = []
    for n in range(children):
        # A few children go missing very often, most once or twice (as in published figures).
        count = rng.choice([1, 1, 1, 2, 2, 3, 4, 6, 12, 30])
        records = []
        for number in range(count):
            reported_at = START + timedelta(minutes=rng.randrange(0, 60 * 24 * 400))
            away = None if rng.random() < 0.03 else timedelta(minutes=rng.randrange(0, 60 * 96))
            records.append(
                EpisodeRecord(
                    episode_id=f"C{n}-E{number}",
                    category=rng.choice(["missing"] * 6 + ["absent", "awol"]),
                    reported_at=reported_at,
                    returned_at=reported_at + away if away is not None else None,
                    looked_after=rng.random() < 0.3,
                    county_lines=rng.random() < 0.05,
                )
            )
        born = date(2006, 1, 1) + timedelta(days=rng.randrange(0, 365 * 11))
        histories.append(ChildHistory(f"C{n}", born, tuple(records)))
    return histories


def test_replay_and_evaluate_give_the_same_monthly_counts_on_a_random_history() -> None:
    histories = random_histories(seed=2013, children=250)
    frame = frame_from_histories(histories)
    start, end = date(2024, 1, 1), date(2024, 12, 31)
    for name in SHIPPED:
        protocol = shipped(name)
        reference = workload_from_decisions(
            protocol,
            (d for child in histories for d in evaluate_history(protocol, child)),
            start,
            end,
        )
        fast = replay(protocol, frame, start, end)
        assert fast.months == reference.months, name
        assert len(fast.months) == 12
    # The random history is busy enough that every kind of task appears somewhere.
    totals = dict.fromkeys(
        ("interviews", "youth_worker_visits", "panel_referrals", "strategy_meetings"), 0
    )
    for name in SHIPPED:
        for month in replay(shipped(name), frame, start, end).months:
            for key in totals:
                totals[key] += month[key]
    assert all(totals.values())


def test_monthly_workload_of_no_decisions_is_all_zero() -> None:
    protocol = shipped("wales")
    empty = in_period(
        decisions_table(protocol, frame_from_histories([])), date(2024, 1, 1), date(2024, 2, 29)
    )
    workload = monthly_workload(protocol, empty, date(2024, 1, 1), date(2024, 2, 29))
    assert [m["month"] for m in workload.months] == ["2024-01", "2024-02"]
    assert all(v == 0 for m in workload.months for k, v in m.items() if k != "month")
