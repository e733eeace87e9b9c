"""Build a report from the database and record that it was produced (audited)."""

from __future__ import annotations

import datetime as dt

from missinghub.accounts.models import User
from missinghub.audit.enums import AuditVerb
from missinghub.audit.services import record_event
from missinghub.reporting import casework_reports
from missinghub.reporting.demand import demand_report, published_report
from missinghub.reporting.frames import cme_frame, episode_frame, local_midnight
from missinghub.reporting.labels import put_in_words
from missinghub.reporting.pseudonyms import pseudonymiser
from missinghub.reporting.report import KINDS, Report
from missinghub_analytics.frames import Period


def build_report(
    *,
    kind: str,
    period: Period,
    user: User | None = None,
    change_date: dt.date | None = None,
    area: str | None = None,
) -> Report:
    """The figures of one report kind for the period, from every record in the database.

    `user` decides only how children are labelled (names for children the user may see,
    pseudonyms otherwise); the figures are the same for everyone. `area` (published only):
    the episodes of the council responsible for them, and the CME referrals of its children.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown report {kind!r}; choose from {', '.join(KINDS)}")
    if area is not None:
        if kind != "published":
            raise ValueError("Only the published report is made for one area.")
        episodes = episode_frame(reported_before=period.end_utc, area=area)
        return put_in_words(published_report(episodes, cme_frame(area=area), period))
    return put_in_words(_figures(kind, period, user, change_date))


def _figures(kind: str, period: Period, user: User | None, change_date: dt.date | None) -> Report:
    if kind == "published":
        return published_report(episode_frame(reported_before=period.end_utc), cme_frame(), period)
    if kind == "demand":
        episodes = episode_frame(reported_before=period.end_utc)
        return demand_report(episodes, period, pseudonymiser(user))
    if kind == "service":
        return casework_reports.service_report(period)
    return casework_reports.outcomes_report(period, local_midnight(change_date))


def record_report_produced(
    *, user: User | None, report: Report, output: str, named_children: int = 0
) -> None:
    """One audit event per report produced: which report, period and format; never a figure."""
    record_event(
        verb=AuditVerb.REPORT_PRODUCED,
        actor=user,
        detail={
            "report": report.kind,
            "period": report.period.as_json(),
            "format": output,
            "named_children": named_children,
        },
    )
