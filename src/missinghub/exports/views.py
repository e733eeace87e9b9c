"""Export pages: a form with a stated reason, then a CSV or ZIP download. Thin: services check
the permission again, write the audit events and build the file."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from missinghub.accounts.access import (
    may_act_as_data_protection_officer,
    may_export,
    may_export_research,
)
from missinghub.accounts.models import User
from missinghub.audit.enums import AuditVerb
from missinghub.audit.selectors import ACCESS_LOG_LIMIT, access_log_for_child
from missinghub.audit.services import record_event
from missinghub.children.models import Child
from missinghub.exports import reach, selectors, services
from missinghub.exports.forms import ExportForm, ReachRequestForm, SubjectAccessForm
from missinghub.exports.models import ReachRequest
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
            try:
                reach.check_reach(user, child.pk, "subject access bundle")
            except reach.ReachRefused:
                form.add_error("child_number", BEYOND_REACH)
                return render(request, "exports/subject_access.html", {"form": form}, status=403)
            name, content = subject_access_bundle(
                actor=user, child=child, reason=form.cleaned_data["reason"]
            )
            return _download(name, content, "application/zip")
    return render(request, "exports/subject_access.html", {"form": form})


BEYOND_REACH = (
    "Your agency holds no record of this child. To answer a request about them, ask for wider "
    "access: another data protection officer or an administrator approves it"
)


def child_access_log(request: HttpRequest, child_id: int) -> HttpResponse:
    """Who has looked at a child: the officer's own reach only (exports.reach)."""
    user = _user(request)
    if not may_act_as_data_protection_officer(user):
        record_event(
            verb=AuditVerb.ACCESS_REFUSED,
            actor=user,
            child_id=child_id,
            detail={"action": "child access log"},
        )
        raise PermissionDenied("child access log")
    child = Child.objects.filter(pk=child_id).first()
    if child is None:
        raise Http404("No child has that number.")
    try:
        reach.check_reach(user, child.pk, "child access log")
    except reach.ReachRefused as refused:
        raise PermissionDenied(BEYOND_REACH) from refused
    record_event(
        verb=AuditVerb.CHILD_ACCESS_LOG_VIEWED, actor=user, target=child, child_id=child.pk
    )
    lines = access_log_for_child(child.pk)
    return render(
        request,
        "audit/child_access_log.html",
        {"child": child, "lines": lines, "limit": ACCESS_LOG_LIMIT},
    )


def reach_request(request: HttpRequest) -> HttpResponse:
    """A data protection officer asks to reach a child their agency holds no record of."""
    user = _user(request)
    if not may_act_as_data_protection_officer(user):
        raise _refuse(user, "reach request")
    form = ReachRequestForm(request.POST or None, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        child = selectors.child_by_number(form.cleaned_data["child_number"])
        if child is None:
            form.add_error("child_number", "No child has that number")
        else:
            reach.request_reach(actor=user, child=child, reason=form.cleaned_data["reason"])
            messages.success(request, "Your request is recorded and waits for a decision.")
            return redirect("exports:reach-requests")
    return render(request, "exports/reach_request.html", {"form": form})


def reach_requests(request: HttpRequest) -> HttpResponse:
    """An officer's own requests; and, for another officer or an administrator, the decisions."""
    user = _user(request)
    if not (may_act_as_data_protection_officer(user) or reach.may_decide_reach(user)):
        raise _refuse(user, "reach requests")
    if request.method == "POST":
        pending = {str(r.pk): r for r in reach.pending_for(user)}
        chosen = pending.get(request.POST.get("request", ""))
        decision = request.POST.get("decision")
        if chosen is None or decision not in ("approve", "refuse"):
            raise _refuse(user, "decide reach request")
        reach.decide_reach(actor=user, request=chosen, approve=decision == "approve")
        messages.success(request, f"Request {chosen.pk} {decision}d.")
        return redirect("exports:reach-requests")
    context = {
        "pending": reach.pending_for(user),
        "mine": ReachRequest.objects.filter(requested_by=user).order_by("-requested_at")[:20],
    }
    return render(request, "exports/reach_requests.html", context)
