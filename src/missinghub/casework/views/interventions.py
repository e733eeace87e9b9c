"""Intervention pages: start one for a child (optionally from an interview), record take-up and
sessions, end it with a reason. Updates carry the version the page was opened at."""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from missinghub.access.guards import guard, signed_in_user
from missinghub.access.roles import Action, may
from missinghub.casework.forms.interventions import (
    EndInterventionForm,
    StartInterventionForm,
    TakeUpForm,
    took_up,
    took_up_choice,
)
from missinghub.casework.models import Intervention, InterventionEndReason, InterventionType
from missinghub.casework.selectors.interviews import intervention_for_user, team_workers
from missinghub.casework.services.concurrency import EditConflict
from missinghub.casework.services.interventions import (
    InterventionError,
    end_intervention,
    record_intervention_viewed,
    record_take_up,
    start_intervention,
)
from missinghub.casework.services.submissions import create_once
from missinghub.casework.views.screening import linked_interview, visible_child_or_404


def _date_parts(prefix: str, day: dt.date) -> dict[str, int]:
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


@guard(Action.RUN_INTERVENTIONS)
def intervention_new(request: HttpRequest, child_id: int) -> HttpResponse:
    user = signed_in_user(request)
    child = visible_child_or_404(user, child_id)
    interview = linked_interview(request, user, child)
    form = StartInterventionForm(request.POST or None, workers=team_workers(user=user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            intervention_id, created = create_once(
                actor=user,
                token=data["submission_id"],
                form="intervention",
                create=lambda: start_intervention(
                    actor=user,
                    child=child,
                    intervention_type=InterventionType(data["intervention_type"]),
                    worker=data["worker"],
                    start_date=data["start_date"],
                    planned_end_date=data["planned_end_date"],
                    sessions_planned=data["sessions_planned"],
                    interview=interview,
                ),
            )
        except InterventionError as error:
            form.add_error("planned_end_day", str(error))
        else:
            if created:
                messages.success(request, "Intervention started.")
            return redirect("casework:intervention", intervention_id=intervention_id)
    if request.method != "POST":
        form.initial = {**_date_parts("start", timezone.localdate()), "worker": user.pk}
    context = {"form": form, "child": child, "interview": interview}
    return render(request, "casework/intervention_form.html", context)


def _forms(
    intervention: Intervention, data: Any, which: str
) -> tuple[TakeUpForm, EndInterventionForm]:
    initial_take_up = {
        "version": intervention.version,
        "child_took_up": took_up_choice(intervention.child_took_up),
        "family_took_up": took_up_choice(intervention.family_took_up),
        "sessions_attended": intervention.sessions_attended,
    }
    initial_end = {"version": intervention.version, **_date_parts("ended", timezone.localdate())}
    take_up = TakeUpForm(
        data if which == "take_up" else None,
        initial=initial_take_up,
        planned=intervention.sessions_planned,
    )
    end = EndInterventionForm(data if which == "end" else None, initial=initial_end)
    return take_up, end


@guard(Action.SEE_CHILD_RECORDS, post=Action.RUN_INTERVENTIONS)
def intervention_detail(request: HttpRequest, intervention_id: int) -> HttpResponse:
    user = signed_in_user(request)
    intervention = intervention_for_user(user=user, intervention_id=intervention_id)
    if intervention is None:
        raise Http404("No intervention you can see has that number.")
    which = request.POST.get("form", "") if request.method == "POST" else ""
    take_up, end = _forms(intervention, request.POST or None, which)
    if which:
        form = take_up if which == "take_up" else end
        if form.is_valid() and _update(request, intervention, form):
            return redirect("casework:intervention", intervention_id=intervention.pk)
    record_intervention_viewed(actor=user, intervention=intervention)
    context = {
        "intervention": intervention,
        "take_up_form": take_up,
        "end_form": end,
        "may_update": may(user, Action.RUN_INTERVENTIONS) and intervention.is_open,
    }
    return render(request, "casework/intervention.html", context)


def _update(
    request: HttpRequest, intervention: Intervention, form: TakeUpForm | EndInterventionForm
) -> bool:
    user = signed_in_user(request)
    data = form.cleaned_data
    try:
        if isinstance(form, TakeUpForm):
            record_take_up(
                actor=user,
                intervention=intervention,
                expected_version=data["version"],
                child_took_up=took_up(data["child_took_up"]),
                family_took_up=took_up(data["family_took_up"]),
                sessions_attended=data["sessions_attended"],
            )
        else:
            end_intervention(
                actor=user,
                intervention=intervention,
                expected_version=data["version"],
                ended_on=data["ended_on"],
                end_reason=InterventionEndReason(data["end_reason"]),
            )
    except (EditConflict, InterventionError) as error:
        form.add_error(None, str(error))
        return False
    messages.success(request, "Intervention updated.")
    return True
