"""Pages that change records: report a child missing, record a return. Thin: forms check the
input, services write and audit, the policy in accounts.access says who may act."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from missinghub.accounts.access import may_record_return, may_report_missing
from missinghub.accounts.models import User
from missinghub.audit.enums import AuditVerb
from missinghub.audit.services import record_event
from missinghub.children.models import Child
from missinghub.children.services import ChildNotVisible, open_child_record
from missinghub.episodes.models import EpisodeCategory, ReturnMethod, RiskLevel
from missinghub.episodes.services import open_episode_record, record_return, report_child_missing
from missinghub.web.forms import RecordReturnForm, ReportMissingForm, initial_date_parts


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101  (LoginRequiredMiddleware guarantees it)
    return user


def _refuse(user: User, action: str) -> PermissionDenied:
    record_event(verb=AuditVerb.ACCESS_REFUSED, actor=user, detail={"action": action})
    return PermissionDenied(action)


def report_missing(request: HttpRequest, child_id: int | None = None) -> HttpResponse:
    user = _user(request)
    if not may_report_missing(user):
        raise _refuse(user, "report missing")
    child: Child | None = None
    if child_id is not None:
        try:
            child = open_child_record(user=user, child_id=child_id)
        except ChildNotVisible:
            raise Http404("No child record you can see has that number.") from None
    form = ReportMissingForm(request.POST or None, known_child=child is not None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        episode, created = report_child_missing(
            actor=user,
            submission_id=str(data["submission_id"]),
            child=child,
            new_child=None
            if child
            else {
                "given_name": data["given_name"],
                "family_name": data["family_name"],
                "date_of_birth": data["date_of_birth"],
                "sex": data["sex"] or "not_known",
            },
            category=EpisodeCategory(data["category"]),
            last_seen_at=data["last_seen_at"],
            reported_at=data["reported_at"],
            risk_level=RiskLevel(data["risk_level"]),
            risk_reason=data["risk_reason"],
            police_reference=data["police_reference"],
            exploitation_flag=data["exploitation_flag"],
        )
        if created:
            told = ", ".join(n.to_agency.name for n in episode.notifications.all()) or "nobody"
            messages.success(
                request, f"{episode.child.full_name} is reported missing. Told: {told}."
            )
        return redirect("web:episode", episode_id=episode.pk)
    if request.method != "POST":
        form.initial = {
            "submission_id": ReportMissingForm.new_submission_id(),
            "category": EpisodeCategory.MISSING,
            **initial_date_parts("reported", timezone.now()),
        }
    return render(request, "web/report_missing.html", {"form": form, "child": child})


def record_return_page(request: HttpRequest, episode_id: int) -> HttpResponse:
    user = _user(request)
    if not may_record_return(user):
        raise _refuse(user, "record return")
    episode = open_episode_record(user=user, episode_id=episode_id)
    if episode is None:
        raise Http404("No episode you can see has that number.")
    if not episode.is_open:
        messages.info(request, "A return is already recorded for this episode.")
        return redirect("web:episode", episode_id=episode.pk)
    form = RecordReturnForm(
        request.POST or None, last_seen_at=episode.last_seen_at, reported_at=episode.reported_at
    )
    if request.method == "POST" and form.is_valid():
        record_return(
            actor=user,
            episode=episode,
            returned_at=form.cleaned_data["returned_at"],
            return_method=ReturnMethod(form.cleaned_data["return_method"]),
            where_found=form.cleaned_data["where_found"],
        )
        messages.success(request, f"Return recorded for {episode.child.full_name}.")
        return redirect("web:episode", episode_id=episode.pk)
    return render(request, "web/record_return.html", {"form": form, "episode": episode})
