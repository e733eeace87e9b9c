"""Pages that change records: report a child missing, record a return. Thin: forms check the
input, services write and audit, the role table in access.roles says who may act."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from missinghub.access.guards import guard, signed_in_user
from missinghub.access.roles import Action
from missinghub.accounts.models import User
from missinghub.casework.selectors.risk_assessments import assessment_in_force
from missinghub.children.models import Child
from missinghub.children.services import ChildNotVisible, open_child_record
from missinghub.episodes.intake import AlreadyMissing, report_child_missing
from missinghub.episodes.models import Episode, EpisodeCategory, ReturnMethod, RiskLevel
from missinghub.episodes.services import open_episode_record, record_return
from missinghub.kit.forms import LONDON, initial_date_parts
from missinghub.protocols.registry import active_protocol
from missinghub.web.forms import RecordReturnForm, ReportMissingForm


@guard(Action.REPORT_MISSING)
def report_missing(request: HttpRequest, child_id: int | None = None) -> HttpResponse:
    user = signed_in_user(request)
    child: Child | None = None
    if child_id is not None:
        try:
            child = open_child_record(user=user, child_id=child_id)
        except ChildNotVisible:
            raise Http404("No child record you can see has that number.") from None
    form = ReportMissingForm(request.POST or None, known_child=child is not None)
    context: dict = {
        "form": form,
        "child": child,
        # The home's managed risk assessment, for a known child: what it did before reporting.
        "assessment": assessment_in_force(child) if child is not None else None,
        "reporting": active_protocol().care_home_reporting,
    }
    if request.method == "POST" and form.is_valid():
        try:
            episode, created = _report(user, child, form.cleaned_data)
        except AlreadyMissing as open_one:
            seen = open_one.last_seen_at.astimezone(LONDON).strftime("%-d %B %Y %H:%M")
            form.add_error(
                None,
                f"This child is already missing (last seen {seen}): record their return on "
                "the open episode before reporting them missing again",
            )
            context["error_link"] = reverse("web:episode", args=[open_one.episode_id])
            return render(request, "web/report_missing.html", context)
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
    return render(request, "web/report_missing.html", context)


def _report(user: User, child: Child | None, data: dict) -> tuple[Episode, bool]:
    return report_child_missing(
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


@guard(Action.RECORD_RETURN)
def record_return_page(request: HttpRequest, episode_id: int) -> HttpResponse:
    user = signed_in_user(request)
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
