"""The police's pages on an episode: regrade risk (a supervisor), log an enquiry, action or
sighting, and the prevention (safe and well) interview on return. Thin: the forms check the
input, the episodes services write and audit, the role table says who may act, and each form's
one-time token makes Back-then-send-again create nothing twice."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from missinghub.access.guards import guard, signed_in_user
from missinghub.access.roles import Action
from missinghub.accounts.models import User
from missinghub.casework.services.submissions import create_once
from missinghub.episodes.models import Episode, PoliceLogKind, RiskLevel
from missinghub.episodes.police import (
    PoliceRecordError,
    PreventionAnswers,
    log_police_entry,
    record_prevention_interview,
)
from missinghub.episodes.services import (
    EpisodeStateError,
    GradingOutOfOrder,
    open_episode_record,
    regrade_risk,
)
from missinghub.kit.forms import initial_date_parts
from missinghub.web.police_forms import (
    PoliceLogForm,
    PreventionInterviewForm,
    RegradeRiskForm,
    TimedForm,
)

WriteError = (EpisodeStateError, GradingOutOfOrder, PoliceRecordError)


def _episode(user: User, episode_id: int) -> Episode:
    episode = open_episode_record(user=user, episode_id=episode_id)
    if episode is None:
        raise Http404("No episode you can see has that number.")
    return episode


def _form_page(
    request: HttpRequest,
    *,
    form: TimedForm,
    form_name: str,
    template: str,
    context: dict[str, Any],
    create: Callable[[dict[str, Any]], models.Model],
    done: str,
) -> HttpResponse:
    """Show `form` (its time box set to now when empty); on a valid post, `create` once per
    token and go back to the episode, or show the service's refusal on the time box."""
    user = signed_in_user(request)
    episode: Episode = context["episode"]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _, created = create_once(
                actor=user, token=data["submission_id"], form=form_name, create=lambda: create(data)
            )
        except WriteError as error:
            form.add_error(f"{form.moment_prefix}_day", str(error).rstrip("."))
        else:
            if created:
                messages.success(request, done)
            return redirect("web:episode", episode_id=episode.pk)
    if request.method != "POST":
        form.initial = {**form.initial, **initial_date_parts(form.moment_prefix, timezone.now())}
    return render(request, template, {**context, "form": form})


@guard(Action.REGRADE_RISK)
def regrade_risk_page(request: HttpRequest, episode_id: int) -> HttpResponse:
    user = signed_in_user(request)
    episode = _episode(user, episode_id)
    if not episode.is_open:
        messages.info(request, "Risk is graded only while the child is missing.")
        return redirect("web:episode", episode_id=episode.pk)
    current = episode.current_risk
    form = RegradeRiskForm(
        request.POST or None,
        not_before=current.graded_at if current else episode.last_seen_at,
        after_what="must be after the latest grading",
    )
    return _form_page(
        request,
        form=form,
        form_name="regrade_risk",
        template="web/regrade_risk.html",
        context={"episode": episode, "current": current},
        create=lambda data: regrade_risk(
            actor=user,
            episode=episode,
            level=RiskLevel(data["level"]),
            reason=data["reason"],
            graded_at=data["moment"],
        ),
        done="Risk regraded.",
    )


@guard(Action.KEEP_POLICE_LOG)
def police_log_page(request: HttpRequest, episode_id: int) -> HttpResponse:
    user = signed_in_user(request)
    episode = _episode(user, episode_id)
    form = PoliceLogForm(
        request.POST or None,
        not_before=episode.last_seen_at,
        after_what="must be after the child was last seen",
    )
    return _form_page(
        request,
        form=form,
        form_name="police_log_entry",
        template="web/police_log.html",
        context={"episode": episode},
        create=lambda data: log_police_entry(
            actor=user,
            episode=episode,
            kind=PoliceLogKind(data["kind"]),
            occurred_at=data["moment"],
            text=data["text"],
        ),
        done="Added to the police log.",
    )


@guard(Action.CONDUCT_PREVENTION_INTERVIEWS)
def prevention_interview_page(request: HttpRequest, episode_id: int) -> HttpResponse:
    user = signed_in_user(request)
    episode = _episode(user, episode_id)
    if episode.returned_at is None:
        messages.info(request, "Record the child's return before the prevention interview.")
        return redirect("web:episode", episode_id=episode.pk)
    if request.method != "POST" and hasattr(episode, "prevention_interview"):
        messages.info(request, "The prevention interview is already recorded.")
        return redirect("web:episode", episode_id=episode.pk)
    form = PreventionInterviewForm(
        request.POST or None,
        not_before=episode.returned_at,
        after_what="must be after the child returned",
    )
    return _form_page(
        request,
        form=form,
        form_name="prevention_interview",
        template="web/prevention_interview.html",
        context={"episode": episode},
        create=lambda data: record_prevention_interview(
            actor=user, episode=episode, answers=_answers(data)
        ),
        done="Prevention interview recorded. The return interviewer will see it.",
    )


def _answers(data: dict[str, Any]) -> PreventionAnswers:
    return PreventionAnswers(
        interviewed_at=data["moment"],
        seen_in_person=data["seen_in_person"] == "yes",
        harm_disclosed=data["harm_disclosed"] == "yes",
        harm_details=data["harm_details"],
        where_they_had_been=data["where_they_had_been"],
        who_they_were_with=data["who_they_were_with"],
        exploitation_concern=data["exploitation_concern"] == "yes",
        for_the_return_interviewer=data["for_the_return_interviewer"],
    )
