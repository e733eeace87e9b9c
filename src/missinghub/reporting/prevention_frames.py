"""Prevention, interview and take-up records to the frames of `missinghub_analytics.prevention`.

Definitions (docs/reports.md):
- a prevention activity counts on the day it was held;
- push and pull factors are those of each return interview completed (its `completed_at`);
- an offer of further support is a youth-worker visit that saw the child (taken up: the visit's
  "support taken up", unknown when not recorded) or an intervention started (taken up: the
  child took it up).
"""

from __future__ import annotations

from typing import Any

import polars as pl
from django.db.models import Q

from missinghub.casework.models import (
    Intervention,
    InterviewAudit,
    InterviewStatus,
    PreventionActivity,
    ReturnInterview,
    YouthWorkerVisit,
)
from missinghub.children.models import Child
from missinghub_analytics.prevention import (
    ACTIVITY_SCHEMA,
    AUDIT_SCHEMA,
    FACTOR_SCHEMA,
    OUTCOME_SCHEMA,
    TAKE_UP_SCHEMA,
)
from missinghub_analytics.splits import CHILD_SCHEMA


def _frame(rows: list[dict[str, Any]], schema: dict[str, pl.DataType]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=schema, orient="row") if rows else pl.DataFrame(schema=schema)


def activity_frame() -> pl.DataFrame:
    rows = list(PreventionActivity.objects.values(*ACTIVITY_SCHEMA))
    return _frame(rows, ACTIVITY_SCHEMA)


def factor_frame() -> pl.DataFrame:
    """Each completed return interview: factors and outcome (FACTOR_SCHEMA) and the child
    (OUTCOME_SCHEMA's child_id, for the outcome splits)."""
    completed = ReturnInterview.objects.filter(
        status=InterviewStatus.COMPLETED, completed_at__isnull=False
    )
    schema = FACTOR_SCHEMA | OUTCOME_SCHEMA
    rows = [
        {**row, "child_id": str(row["child_id"])}
        for row in completed.values(*schema).iterator(chunk_size=5000)
    ]
    return _frame(rows, schema)


def audit_frame() -> pl.DataFrame:
    rows = [
        {
            "audited_at": audit.audited_at,
            "grade": audit.grade,
            "score": audit.score,
            "criteria_total": audit.criteria_total,
            "criteria_met": list(audit.criteria_met),
        }
        for audit in InterviewAudit.objects.only(
            "audited_at", "grade", "criteria_total", "criteria_met"
        )
    ]
    return _frame(rows, AUDIT_SCHEMA)


def take_up_frame() -> pl.DataFrame:
    visits = YouthWorkerVisit.objects.filter(seen=True).values_list(
        "visited_on", "child_id", "support_taken_up"
    )
    started = Intervention.objects.values_list("start_date", "child_id", "child_took_up")
    rows = [
        {"offered_on": day, "kind": kind, "child_id": str(child), "taken_up": taken}
        for kind, offers in (("youth_worker_visit", visits), ("intervention", started))
        for day, child, taken in offers.iterator(chunk_size=5000)
    ]
    return _frame(rows, TAKE_UP_SCHEMA)


def split_children_frame() -> pl.DataFrame:
    """Sex, ethnicity and date of birth of each child offered further support or interviewed
    on return (the take-up and interview-outcome splits)."""
    interviewed = ReturnInterview.objects.filter(
        status=InterviewStatus.COMPLETED, completed_at__isnull=False
    )
    offered = Child.objects.filter(
        Q(pk__in=Intervention.objects.values("child_id"))
        | Q(pk__in=YouthWorkerVisit.objects.filter(seen=True).values("child_id"))
        | Q(pk__in=interviewed.values("child_id"))
    )
    rows = [
        {"child_id": str(pk), "sex": sex, "ethnicity": ethnicity, "date_of_birth": born}
        for pk, sex, ethnicity, born in offered.values_list(
            "pk", "sex", "ethnicity", "date_of_birth"
        ).iterator(chunk_size=5000)
    ]
    return _frame(rows, CHILD_SCHEMA)
