"""The dashboard's choice of report and period (GOV.UK date boxes, day first)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from missinghub.kit.forms import DateTimePartsForm
from missinghub.reporting.report import KINDS, TITLES

OUTPUTS = ("pdf", "csv", "json", "html")


def last_financial_year(today: dt.date) -> tuple[dt.date, dt.date]:
    """The last complete April-to-March year before `today`."""
    end_year = today.year if today.month >= 4 else today.year - 1
    return dt.date(end_year - 1, 4, 1), dt.date(end_year, 3, 31)


def initial_parts(prefix: str, day: dt.date) -> dict[str, Any]:
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


class ReportForm(DateTimePartsForm):
    kind = forms.ChoiceField(choices=[(kind, TITLES[kind]) for kind in KINDS])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for prefix in ("first", "last", "change"):
            self.add_date_parts(prefix, with_time=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first = self.combine_date("first", "the first day")
        last = self.combine_date("last", "the last day")
        if first and last and last < first:
            self.add_error("last_day", "The last day must be on or after the first day")
        data["first"], data["last"] = first, last
        data["change"] = None
        if any(data.get(f"change_{part}") for part in ("day", "month", "year")):
            data["change"] = self.combine_date("change", "the date of the protocol change")
        return data


def report_form(query: Any, today: dt.date) -> ReportForm:
    """Bound to the query string when it has a report; otherwise the last financial year."""
    if "kind" in query:
        return ReportForm(query)
    first, last = last_financial_year(today)
    return ReportForm(
        {"kind": "published", **initial_parts("first", first), **initial_parts("last", last)}
    )
