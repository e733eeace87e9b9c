"""Export pages: a form with a stated reason, then a CSV or ZIP download. Thin: services check
the permission again, write the audit events and build the file."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from missinghub.access.guards import guard, signed_in_user
from missinghub.access.roles import Action, may
from missinghub.exports import reach, selectors, services
from missinghub.exports.forms import ExportForm, ReachRequestForm, SubjectAccessForm
from missinghub.exports.models import ReachRequest
from missinghub.exports.pseudonyms import PseudonymKeyMissing
from missinghub.exports.reach import BEYOND_REACH
from missinghub.exports.subject_access import subject_access_bundle


def _download(filename: str, content: str | bytes, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@guard()
def index(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    offers = {
        "may_export": may(user, Action.EXPORT),
        "may_export_research": may(user, Action.EXPORT_RESEARCH),
        "may_act_as_data_protection_officer": may(user, Action.ACT_AS_DATA_PROTECTION_OFFICER),
    }
    if not any(offers.values()):
        raise PermissionDenied("exports")
    wanted = request.GET.get("access_log_for", "").strip()
    if offers["may_act_as_data_protection_officer"] and wanted.isdigit():
        return redirect("exports:child-access-log", child_id=int(wanted))
    return render(request, "exports/index.html", offers)


@guard(Action.EXPORT)
def episodes(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        export = services.export_episodes(
            actor=user, reason=form.cleaned_data["reason"], months=form.months
        )
        return _download(export.filename, export.content, "text/csv; charset=utf-8")
    return render(request, "exports/episodes.html", {"form": form})


@guard(Action.EXPORT_RESEARCH)
def research(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
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


@guard(Action.ACT_AS_DATA_PROTECTION_OFFICER)
def subject_access(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
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


@guard(Action.ACT_AS_DATA_PROTECTION_OFFICER)
def reach_request(request: HttpRequest) -> HttpResponse:
    """A data protection officer asks to reach a child their agency holds no record of."""
    user = signed_in_user(request)
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


@guard()
def reach_requests(request: HttpRequest) -> HttpResponse:
    """An officer's own requests; and, for another officer or an administrator, the decisions."""
    user = signed_in_user(request)
    if not (may(user, Action.ACT_AS_DATA_PROTECTION_OFFICER) or reach.may_decide_reach(user)):
        raise PermissionDenied("reach requests")
    if request.method == "POST":
        pending = {str(r.pk): r for r in reach.pending_for(user)}
        chosen = pending.get(request.POST.get("request", ""))
        decision = request.POST.get("decision")
        if chosen is None or decision not in ("approve", "refuse"):
            raise PermissionDenied("decide reach request")
        reach.decide_reach(actor=user, request=chosen, approve=decision == "approve")
        messages.success(request, f"Request {chosen.pk} {decision}d.")
        return redirect("exports:reach-requests")
    context = {
        "pending": reach.pending_for(user),
        "mine": ReachRequest.objects.filter(requested_by=user).order_by("-requested_at")[:20],
    }
    return render(request, "exports/reach_requests.html", context)
