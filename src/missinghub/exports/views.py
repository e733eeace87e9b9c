"""Export pages: a form with a stated reason, then a CSV or ZIP download. Thin: services check
the permission again, write the audit events and build the file."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from missinghub.accounts.access import (
    may_act_as_data_protection_officer,
    may_export,
    may_export_research,
)
from missinghub.accounts.models import User
from missinghub.audit.enums import AuditVerb
from missinghub.audit.services import record_event
from missinghub.exports import selectors, services
from missinghub.exports.forms import ExportForm, SubjectAccessForm
from missinghub.exports.pseudonyms import PseudonymKeyMissing
from missinghub.exports.subject_access import subject_access_bundle


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101  (LoginRequiredMiddleware guarantees it)
    return user


def _refuse(user: User, action: str) -> PermissionDenied:
    record_event(verb=AuditVerb.ACCESS_REFUSED, actor=user, detail={"action": action})
    return PermissionDenied(action)


def _download(filename: str, content: str | bytes, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def index(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    offers = {
        "may_export": may_export(user),
        "may_export_research": may_export_research(user),
        "may_act_as_data_protection_officer": may_act_as_data_protection_officer(user),
    }
    if not any(offers.values()):
        raise _refuse(user, "exports")
    wanted = request.GET.get("access_log_for", "").strip()
    if offers["may_act_as_data_protection_officer"] and wanted.isdigit():
        return redirect("exports:child-access-log", child_id=int(wanted))
    return render(request, "exports/index.html", offers)


def episodes(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not may_export(user):
        raise _refuse(user, "export")
    form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        export = services.export_episodes(
            actor=user, reason=form.cleaned_data["reason"], months=form.months
        )
        return _download(export.filename, export.content, "text/csv; charset=utf-8")
    return render(request, "exports/episodes.html", {"form": form})


def research(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not may_export_research(user):
        raise _refuse(user, "research export")
    form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            export = services.export_research(
                actor=user, reason=form.cleaned_data["reason"], months=form.months
            )
        except PseudonymKeyMissing:
            messages.error(request, "Research exports are not set up: no pseudonym key is set.")
        else:
            return _download(export.filename, export.content, "text/csv; charset=utf-8")
    return render(request, "exports/research.html", {"form": form})


def subject_access(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not may_act_as_data_protection_officer(user):
        raise _refuse(user, "subject access bundle")
    form = SubjectAccessForm(request.POST or None, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        child = selectors.child_by_number(form.cleaned_data["child_number"])
        if child is None:
            form.add_error("child_number", "No child has that number")
        else:
            name, content = subject_access_bundle(
                actor=user, child=child, reason=form.cleaned_data["reason"]
            )
            return _download(name, content, "application/zip")
    return render(request, "exports/subject_access.html", {"form": form})
