"""Casework rows (return interviews, notifications, interventions) to the library's frames.

Definitions (docs/reports.md):
- a return due an interview offer: a `return_interview` protocol task that was not cancelled,
  for an episode with a return;
- offered: the first contact attempt that reached the child or a carer (spoke to the child or a
  carer, arranged an interview, or the child declined), or the interview itself;
- accepted: offered, and the child neither declined in a contact attempt nor at the interview;
- completed: the interview took place with the child (its `interviewed_at`);
- a referral to the missing team: a notification to an agency of kind missing team; first
  contact: the first contact attempt that reached anyone, on that episode's return interview;
  panel referral: a `panel_referral` protocol task fired by that episode (its trigger time).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
from django.db.models import Min, Q, QuerySet

from missinghub.accounts.models import AgencyKind
from missinghub.casework.models import (
    ContactAttempt,
    ContactOutcome,
    Intervention,
    InterviewStatus,
    ReturnInterview,
)
from missinghub.children.models import Child
from missinghub.episodes.models import Notification
from missinghub.protocols.models import ProtocolTask, TaskKind, TaskStatus
from missinghub.reporting.frames import local_midnight, with_looked_after
from missinghub_analytics.frames import UTC_DATETIME
from missinghub_analytics.service import INTERVIEW_SCHEMA, REFERRAL_SCHEMA
from missinghub_analytics.splits import CHILD_SCHEMA

REACHED = (
    ContactOutcome.SPOKE_TO_CHILD,
    ContactOutcome.SPOKE_TO_CARER,
    ContactOutcome.INTERVIEW_ARRANGED,
    ContactOutcome.DECLINED,
)


def _frame(rows: list[dict[str, Any]], schema: dict[str, pl.DataType]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=schema, orient="row") if rows else pl.DataFrame(schema=schema)


def _first_contacts() -> dict[int, dt.datetime]:
    """Interview id -> first contact attempt that reached the child or a carer."""
    reached = ContactAttempt.objects.filter(outcome__in=REACHED)
    return _earliest(reached, "interview_id", "attempted_at")


def _declined() -> set[int]:
    return set(
        ContactAttempt.objects.filter(outcome=ContactOutcome.DECLINED).values_list(
            "interview_id", flat=True
        )
    )


def interview_frame() -> pl.DataFrame:
    """One row per return due an interview offer (service.INTERVIEW_SCHEMA)."""
    contacts, declined = _first_contacts(), _declined()
    interviews = {
        row["task_id"]: row
        for row in ReturnInterview.objects.values(
            "pk", "task_id", "status", "interviewed_at", "child_declined"
        )
    }
    due = ProtocolTask.objects.filter(
        kind=TaskKind.RETURN_INTERVIEW, episode__returned_at__isnull=False
    ).exclude(status=TaskStatus.CANCELLED)
    tasks = with_looked_after(due, "episode__returned_at").values_list(
        "pk", "episode_id", "child_id", "episode__returned_at", "looked_after"
    )
    rows = [
        _interview_row(
            episode, child, returned, bool(looked), interviews.get(task), contacts, declined
        )
        for task, episode, child, returned, looked in tasks.iterator(chunk_size=5000)
    ]
    return _frame(rows, INTERVIEW_SCHEMA)


def _interview_row(
    episode: int,
    child: int,
    returned: dt.datetime | None,
    looked_after: bool,
    interview: Any,
    contacts: dict[int, dt.datetime],
    declined: set[int],
) -> dict[str, Any]:
    row: dict[str, Any] = {
        "episode_id": str(episode),
        "child_id": str(child),
        "returned_at": returned,
        "offered_at": None,
        "accepted": None,
        "completed_at": None,
        "looked_after": looked_after,
    }
    if interview is None:
        return row
    done = interview["status"] == InterviewStatus.COMPLETED and not interview["child_declined"]
    times = [t for t in (contacts.get(interview["pk"]), interview["interviewed_at"]) if t]
    if times:
        row["offered_at"] = min(times)
        row["accepted"] = not (interview["child_declined"] or interview["pk"] in declined)
    row["completed_at"] = interview["interviewed_at"] if done else None
    return row


def _earliest(queryset: QuerySet[Any], key: str, moment: str) -> dict[int, dt.datetime]:
    return dict(queryset.values(key).annotate(first=Min(moment)).values_list(key, "first"))


def referral_frame() -> pl.DataFrame:
    """One row per notification to a missing team (service.REFERRAL_SCHEMA)."""
    first_contact = _earliest(ContactAttempt.objects.all(), "interview__episode_id", "attempted_at")
    panels = _earliest(
        ProtocolTask.objects.filter(kind=TaskKind.PANEL_REFERRAL), "episode_id", "triggered_at"
    )
    to_teams = Notification.objects.filter(to_agency__kind=AgencyKind.MISSING_TEAM)
    notifications = with_looked_after(to_teams, "sent_at").values_list(
        "pk", "child_id", "episode_id", "sent_at", "looked_after"
    )
    rows = [
        {
            "referral_id": str(pk),
            "child_id": str(child),
            "received_at": sent,
            "looked_after": bool(looked),
            "first_contact_at": first_contact.get(episode),
            "panel_referred_at": panels.get(episode),
        }
        for pk, child, episode, sent, looked in notifications.iterator(chunk_size=5000)
    ]
    return _frame(rows, REFERRAL_SCHEMA)


INDEX_SCHEMA: dict[str, pl.DataType] = {
    "child_id": pl.String(),
    "index_at": UTC_DATETIME,
    "group": pl.String(),
}
COMPARISON = "interviewed, no intervention"


def intervention_index(first: dt.datetime, end: dt.datetime) -> pl.DataFrame:
    """Index events for the intervention evaluation, between `first` and `end` (UTC).

    Intervention group: each intervention started in the window (its start date). Comparison:
    each return interview completed in the window for a child with no intervention at all.
    """
    helped = Intervention.objects.values("child_id")
    rows = [
        {"child_id": str(child), "index_at": local_midnight(start), "group": "intervention"}
        for child, start in Intervention.objects.values_list("child_id", "start_date")
        if first <= local_midnight(start) < end  # type: ignore[operator]
    ]
    rows += [
        {"child_id": str(child), "index_at": completed, "group": COMPARISON}
        for child, completed in ReturnInterview.objects.filter(
            Q(status=InterviewStatus.COMPLETED),
            completed_at__gte=first,
            completed_at__lt=end,
        )
        .exclude(child_id__in=helped)
        .values_list("child_id", "completed_at")
    ]
    return _frame(rows, INDEX_SCHEMA)


def child_frame() -> pl.DataFrame:
    """Sex, ethnicity and date of birth of each child due a return interview (splits.CHILD_SCHEMA):
    what the service report splits its figures by."""
    due = ProtocolTask.objects.filter(kind=TaskKind.RETURN_INTERVIEW).values("child_id")
    rows = [
        {"child_id": str(pk), "sex": sex, "ethnicity": ethnicity, "date_of_birth": born}
        for pk, sex, ethnicity, born in Child.objects.filter(pk__in=due)
        .values_list("pk", "sex", "ethnicity", "date_of_birth")
        .iterator(chunk_size=5000)
    ]
    return _frame(rows, CHILD_SCHEMA)
