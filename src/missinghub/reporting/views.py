"""The reports dashboard and its downloads: the same figures as `missinghub report`."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from missinghub.access.guards import guard, signed_in_user
from missinghub.access.roles import Action
from missinghub.accounts.models import User
from missinghub.audit.services import record_children_listed
from missinghub.reporting.forms import OUTPUTS, ReportForm, report_form
from missinghub.reporting.render import document_html, document_pdf
from missinghub.reporting.report import Report
from missinghub.reporting.services import build_report, record_report_produced
from missinghub_analytics.frames import Period

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "html": "text/html; charset=utf-8",
}


def _build(form: ReportForm, user: User) -> Report:
    data = form.cleaned_data
    return build_report(
        kind=data["kind"],
        period=Period(data["first"], data["last"]),
        user=user,
        change_date=data["change"],
    )


def _named_children(report: Report) -> set[int]:
    rows = report.data.get("most_frequent_children") or []
    return {int(row["child_record"]) for row in rows if row.get("child_record")}


@guard(Action.VIEW_REPORTS)
def dashboard(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = report_form(request.GET, timezone.localdate())
    report = None
    if form.is_valid():
        report = _build(form, user)
        named = _named_children(report)
        record_report_produced(
            user=user, report=report, output="dashboard", named_children=len(named)
        )
        record_children_listed(user=user, list_name="report", child_ids=named)
    return render(
        request,
        "reporting/dashboard.html",
        {"form": form, "report": report, "query": urlencode(dict(form.data.items()))},
    )


@guard(Action.VIEW_REPORTS)
def download(request: HttpRequest, output: str) -> HttpResponse:
    user = signed_in_user(request)
    form = report_form(request.GET, timezone.localdate())
    if output not in OUTPUTS or not form.is_valid():
        return render(request, "reporting/dashboard.html", {"form": form}, status=400)
    report = _build(form, user)
    content = {
        "pdf": document_pdf,
        "csv": Report.to_csv,
        "json": Report.to_json,
        "html": document_html,
    }[output](report)
    named = _named_children(report)
    record_report_produced(user=user, report=report, output=output, named_children=len(named))
    record_children_listed(user=user, list_name="report", child_ids=named)
    response = HttpResponse(content, content_type=CONTENT_TYPES[output])
    name = f"missinghub-{report.kind}-{report.period.first}-{report.period.last}.{output}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
