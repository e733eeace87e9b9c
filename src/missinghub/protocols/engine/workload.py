"""The workload a protocol creates, month by month: what `missinghub protocol replay` reports.

Two ways to the same figures: `monthly_workload` from the vectorised decisions table, and
`workload_from_decisions` from `evaluate`'s decisions (the reference the tests compare against).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import polars as pl

from missinghub.protocols.engine.model import REFERRAL_TASKS, Decision, Protocol
from missinghub.protocols.engine.referrals import one_open_referral
from missinghub.protocols.engine.replay import UK, decisions_table, in_period
from missinghub.protocols.engine.working_days import local_date

TASK_FIELDS = {
    "return_interview": "interviews",
    "youth_worker_visit": "youth_worker_visits",
    "panel_referral": "panel_referrals",
    "strategy_meeting": "strategy_meetings",
    "social_care_alert": "social_care_alerts",
}
DUE_WITHIN_HOURS = (24, 48, 72)
WORKLOAD_FIELDS = (
    "interviews",
    "youth_worker_visits",
    "panel_referrals",
    "children_on_agenda",
    "strategy_meetings",
    "social_care_alerts",
    *(f"due_within_{hours}h" for hours in DUE_WITHIN_HOURS),
)


@dataclass
class Workload:
    protocol: str
    version: str
    months: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"protocol": self.protocol, "version": self.version, "months": self.months}


def months_between(start: date, end: date) -> list[str]:
    months, day = [], start.replace(day=1)
    while day <= end:
        months.append(f"{day:%Y-%m}")
        day = (day + timedelta(days=32)).replace(day=1)
    return months


def replay(protocol: Protocol, history: pl.DataFrame, start: date, end: date) -> Workload:
    """Vectorised replay of `history` under `protocol`, for decisions from `start` to `end`."""
    decisions = referrals_once(protocol, decisions_table(protocol, history))
    return monthly_workload(protocol, in_period(decisions, start, end), start, end)


def referrals_once(protocol: Protocol, decisions: pl.DataFrame) -> pl.DataFrame:
    """The decisions table with repeated referrals attached to the open one (engine/referrals.py):
    only the referral rows (few) go through the Python rule."""
    is_referral = pl.col("task").is_in(list(REFERRAL_TASKS))
    referrals = decisions.filter(is_referral)
    if referrals.height == 0:
        return decisions
    rows = referrals.select("rule_id", "child_id", "triggered_at", "episode_id").rows()
    kept = one_open_referral(protocol, rows, key=lambda row: row[:3])
    keep = pl.DataFrame(
        {"rule_id": [row[0] for row in kept], "episode_id": [row[3] for row in kept]},
        schema={"rule_id": pl.String, "episode_id": referrals["episode_id"].dtype},
    )
    return pl.concat(
        [decisions.filter(~is_referral), referrals.join(keep, on=["rule_id", "episode_id"])]
    )


def monthly_workload(
    protocol: Protocol, decisions: pl.DataFrame, start: date, end: date
) -> Workload:
    hours_to_due = (pl.col("due_at") - pl.col("triggered_at")).dt.total_seconds() / 3600
    counts = [(pl.col("task") == task).sum().alias(name) for task, name in TASK_FIELDS.items()]
    counts.append(
        pl.col("child_id")
        .filter(pl.col("task") == "panel_referral")
        .n_unique()
        .alias("children_on_agenda")
    )
    counts += [
        (hours_to_due <= hours).sum().alias(f"due_within_{hours}h") for hours in DUE_WITHIN_HOURS
    ]
    month = pl.col("triggered_at").dt.convert_time_zone(UK).dt.strftime("%Y-%m").alias("month")
    table = decisions.group_by(month).agg(counts)
    by_month = {row.pop("month"): row for row in table.iter_rows(named=True)}
    empty = dict.fromkeys(WORKLOAD_FIELDS, 0)
    months = [
        {"month": m, **{k: int(by_month.get(m, empty)[k]) for k in WORKLOAD_FIELDS}}
        for m in months_between(start, end)
    ]
    return Workload(protocol=protocol.name, version=protocol.version, months=months)


def workload_from_decisions(
    protocol: Protocol, decisions: Iterable[Decision], start: date, end: date
) -> Workload:
    """The same figures from a list of `evaluate` decisions, in plain Python."""
    totals: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(WORKLOAD_FIELDS, 0))
    on_agenda: dict[str, set[str]] = defaultdict(set)
    referred = one_open_referral(
        protocol,
        decisions,
        key=lambda d: (d.rule_id, d.child_id, d.triggered_at),
    )
    for decision in referred:
        day = local_date(decision.triggered_at)
        if not start <= day <= end:
            continue
        month = f"{day:%Y-%m}"
        totals[month][TASK_FIELDS[decision.task]] += 1
        if decision.task == "panel_referral":
            on_agenda[month].add(decision.child_id)
        hours = (decision.due_at - decision.triggered_at).total_seconds() / 3600
        for limit in DUE_WITHIN_HOURS:
            totals[month][f"due_within_{limit}h"] += hours <= limit
    months = []
    for month in months_between(start, end):
        row = {"month": month, **totals[month]}
        row["children_on_agenda"] = len(on_agenda[month])
        months.append(row)
    return Workload(protocol=protocol.name, version=protocol.version, months=months)
