"""Replay a recorded history under a protocol, vectorised with polars and numpy.

`decisions_table(protocol, history)` gives the same decisions as calling `evaluate` on every
report and return (a test checks they agree on random histories), one row per task, fast
enough for a national history (millions of episodes).
"""

from datetime import date, timedelta

import numpy as np
import polars as pl

from missinghub.protocols.engine.model import EPISODE_CATEGORIES, Conditions, Protocol, Rule
from missinghub.protocols.engine.working_days import FIRST_YEAR, LAST_YEAR, bank_holidays

UK = "Europe/London"
DECISION_COLUMNS = ("rule_id", "task", "child_id", "episode_id", "triggered_at", "due_at")
_INT64_ROOM = 2**62


def prepare_history(history: pl.DataFrame) -> pl.DataFrame:
    """Sort once by child and report order, and add each episode's `age` and `child_number`.

    Replaying several protocols over one history can prepare it once and share it."""
    if "child_number" in history.columns:
        return history
    frame = history.sort(["child_id", "reported_at", "episode_id"])
    local_day = pl.col("reported_at").dt.convert_time_zone(UK).dt.date()
    born = pl.col("date_of_birth")

    def month_day(day: pl.Expr) -> pl.Expr:  # month and day are 8-bit: widen before * 100
        return day.dt.month().cast(pl.Int32) * 100 + day.dt.day().cast(pl.Int32)

    before_birthday = month_day(local_day) < month_day(born)
    age = local_day.dt.year().cast(pl.Int32) - born.dt.year() - before_birthday.cast(pl.Int32)
    new_child = (pl.col("child_id") != pl.col("child_id").shift(1)).fill_null(True)
    return frame.with_columns(
        age=age.cast(pl.Int32), child_number=new_child.cast(pl.Int64).cum_sum() - 1
    )


def decisions_table(protocol: Protocol, history: pl.DataFrame) -> pl.DataFrame:
    """One row per decision: rule, task, child, episode, when it fired and when it is due."""
    prepared = prepare_history(history)
    counted: dict[tuple[frozenset[str], int | None], pl.DataFrame] = {}
    parts: list[tuple[Rule, pl.DataFrame]] = []
    # Floors last: a floor fires only where no other rule made a task of its kind.
    for rule in sorted(protocol.rules, key=lambda rule: rule.fallback):
        key = (rule.episode_categories, rule.within_days)
        if key not in counted:
            counted[key] = _with_episode_counts(prepared, *key)
        decided = _rule_decisions(rule, counted[key])
        if rule.fallback:
            decided = _unless_already_decided(rule, decided, parts)
        parts.append((rule, decided))
    if not parts:
        return pl.DataFrame(schema=dict.fromkeys(DECISION_COLUMNS, pl.String()))
    return pl.concat([part for _, part in parts])


def _with_episode_counts(
    prepared: pl.DataFrame, categories: frozenset[str], within_days: int | None
) -> pl.DataFrame:
    """The episodes a rule counts (still in report order), each with its `episode_count`."""
    frame = prepared
    if categories != frozenset(EPISODE_CATEGORIES):
        frame = prepared.filter(pl.col("category").is_in(sorted(categories)))
    child_number = frame["child_number"].to_numpy()
    new_child = np.ones(frame.height, dtype=bool)
    new_child[1:] = child_number[1:] != child_number[:-1]
    position = np.arange(frame.height, dtype=np.int64)
    child_start = np.maximum.accumulate(np.where(new_child, position, 0))
    if within_days is None:
        counts = position - child_start + 1
    else:
        counts = _counts_in_window(frame, new_child, position, within_days)
    return frame.with_columns(episode_count=pl.Series(counts, dtype=pl.Int64))


def _counts_in_window(
    frame: pl.DataFrame, new_child: np.ndarray, position: np.ndarray, within_days: int
) -> np.ndarray:
    """Episodes of the same child reported in (t - window, t], up to this row, per row.

    Rows are sorted by child then time, so one key `child number * span + time` is sorted too
    and a single binary search finds where each window starts.
    """
    if frame.height == 0:
        return np.zeros(0, dtype=np.int64)
    times = frame["reported_at"].dt.epoch("us").to_numpy()
    window = within_days * 86_400_000_000
    child_number = np.cumsum(new_child, dtype=np.int64) - 1
    unit = 1
    while (int(child_number[-1]) + 1) * (int(np.ptp(times)) // unit + window // unit + 2) >= (
        _INT64_ROOM
    ):
        unit *= 1000  # microseconds overflow on very long or very wide histories: use coarser
    span = int(np.ptp(times)) // unit + window // unit + 2
    keys = child_number * span + (times - times.min()) // unit + window // unit + 1
    starts = np.searchsorted(keys, keys - window // unit, side="right")
    counts: np.ndarray = position - starts + 1
    return counts


def _conditions_expr(conditions: Conditions) -> pl.Expr:
    tests = [pl.lit(True)]
    if conditions.min_episodes is not None:
        tests.append(pl.col("episode_count") >= conditions.min_episodes)
    if conditions.max_episodes is not None:
        tests.append(pl.col("episode_count") <= conditions.max_episodes)
    if conditions.age_under is not None:
        tests.append(pl.col("age") < conditions.age_under)
    if conditions.age_at_least is not None:
        tests.append(pl.col("age") >= conditions.age_at_least)
    if conditions.looked_after is not None:
        tests.append(pl.col("looked_after") == conditions.looked_after)
    if conditions.county_lines is not None:
        tests.append(pl.col("county_lines") == conditions.county_lines)
    return pl.all_horizontal(tests)


def _rule_decisions(rule: Rule, counted: pl.DataFrame) -> pl.DataFrame:
    fires = pl.any_horizontal([_conditions_expr(option) for option in rule.alternatives])
    trigger_column = "reported_at" if rule.trigger == "reported" else "returned_at"
    fired = counted.filter(fires & pl.col(trigger_column).is_not_null()).select(
        pl.lit(rule.id).alias("rule_id"),
        pl.lit(rule.task).alias("task"),
        "child_id",
        "episode_id",
        pl.col(trigger_column).alias("triggered_at"),
    )
    return fired.with_columns(due_at=_due_expr(rule, fired))


def _unless_already_decided(
    rule: Rule, decided: pl.DataFrame, parts: list[tuple[Rule, pl.DataFrame]]
) -> pl.DataFrame:
    """A floor's decisions on events where no other rule made a task of the same kind."""
    others = [
        part.select("episode_id")
        for other, part in parts
        if other.task == rule.task and other.trigger == rule.trigger
    ]
    if not others:
        return decided
    return decided.join(pl.concat(others).unique(), on="episode_id", how="anti")


def _due_expr(rule: Rule, fired: pl.DataFrame) -> pl.Expr:
    if rule.deadline.working_days is None:
        return pl.col("triggered_at") + timedelta(hours=rule.deadline.hours or 0)
    _check_years_covered(fired)
    due_day = (
        pl.col("triggered_at")
        .dt.convert_time_zone(UK)
        .dt.date()
        .dt.add_business_days(
            rule.deadline.working_days, holidays=sorted(bank_holidays()), roll="forward"
        )
    )
    # The end of the due day: local midnight after it, in UTC like every other time.
    return (
        (due_day + timedelta(days=1))
        .cast(pl.Datetime("us"))
        .dt.replace_time_zone(UK)
        .dt.convert_time_zone("UTC")
    )


def _check_years_covered(fired: pl.DataFrame) -> None:
    if fired.height == 0:
        return
    years = fired["triggered_at"].dt.convert_time_zone(UK).dt.year()
    low, high = int(years.min() or 0), int(years.max() or 0)  # type: ignore[arg-type]
    if low < FIRST_YEAR or high > LAST_YEAR:
        raise ValueError(
            f"No bank holiday list for {low}-{high} (covered: {FIRST_YEAR}-{LAST_YEAR})"
        )


def in_period(decisions: pl.DataFrame, start: date, end: date) -> pl.DataFrame:
    """Decisions that fired on a UK date from `start` to `end`, both included."""
    day = pl.col("triggered_at").dt.convert_time_zone(UK).dt.date()
    return decisions.filter(day.is_between(start, end, closed="both"))
