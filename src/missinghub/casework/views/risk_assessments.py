"""Managed risk assessment pages: the assessment in force for a child with its earlier versions
(anyone who may see the child), and recording a new one or a review (the care provider or the
child's social worker), which completes the child's open assessment tasks."""

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from missinghub.access.guards import guard, signed_in_user
from missinghub.access.roles import Action, may
from missinghub.casework.forms.prevention import AssessmentForm
from missinghub.casework.models import ManagedRiskAssessment, ReportWhen
from missinghub.casework.selectors.risk_assessments import (
    assessment_in_force,
    earlier_assessments,
    open_assessment_tasks_of_child,
)
from missinghub.casework.services.risk_assessments import (
    AssessmentContent,
    AssessmentError,
    record_assessment,
)
from missinghub.casework.services.submissions import create_once
from missinghub.casework.views.screening import visible_child_or_404
from missinghub.protocols.registry import active_protocol


@guard(Action.SEE_CHILD_RECORDS)
def assessment_detail(request: HttpRequest, child_id: int) -> HttpResponse:
    user = signed_in_user(request)
    child = visible_child_or_404(user, child_id)
    return render(
        request,
        "casework/risk_assessment.html",
        {
            "child": child,
            "assessment": assessment_in_force(child),
            "earlier": list(earlier_assessments(child)[1:20]),
            "tasks": list(open_assessment_tasks_of_child(child)),
            "reporting": active_protocol().care_home_reporting,
            "may_edit": may(user, Action.MANAGE_RISK_ASSESSMENTS),
        },
    )


def _initial(current: ManagedRiskAssessment | None) -> dict[str, object]:
    review = timezone.localdate() + dt.timedelta(days=90)
    initial: dict[str, object] = {
        "review_by_day": review.day,
        "review_by_month": review.month,
        "review_by_year": review.year,
    }
    if current is not None:
        for name in ("before_reporting", "report_when", "report_after_hours", "conditions"):
            initial[name] = getattr(current, name)
        initial["who_to_tell"] = current.who_to_tell
    return {key: value for key, value in initial.items() if value is not None}


@guard(Action.MANAGE_RISK_ASSESSMENTS)
def assessment_edit(request: HttpRequest, child_id: int) -> HttpResponse:
    user = signed_in_user(request)
    child = visible_child_or_404(user, child_id)
    current = assessment_in_force(child)
    form = AssessmentForm(request.POST or None, initial=_initial(current))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        content = AssessmentContent(
            before_reporting=data["before_reporting"],
            report_when=ReportWhen(data["report_when"]),
            report_after_hours=data["report_after_hours"],
            conditions=data["conditions"],
            who_to_tell=data["who_to_tell"],
            review_by=data["review_by"],
        )
        try:
            _, created = create_once(
                actor=user,
                token=data["submission_id"],
                form="risk_assessment",
                create=lambda: record_assessment(actor=user, child=child, content=content),
            )
        except AssessmentError as error:
            form.add_error(None, str(error))
        else:
            if created:
                messages.success(request, "Managed risk assessment saved.")
            return redirect("casework:risk-assessment", child_id=child.pk)
    return render(
        request,
        "casework/risk_assessment_form.html",
        {"form": form, "child": child, "current": current},
    )
