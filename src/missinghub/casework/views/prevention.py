"""Prevention work and return-interview quality audit pages.

Prevention: the area's activities with their reach by kind, and recording one (police and the
missing team). Audits: this month's sample of completed interviews to audit, the audits made,
and recording one against the configured rubric (the missing-team manager)."""

import datetime as dt
from collections import Counter

from django.contrib import messages
from django.db.models import Count, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from missinghub.access.guards import guard, signed_in_user
from missinghub.access.roles import Action
from missinghub.audit.services import record_children_listed
from missinghub.casework.config import casework_config
from missinghub.casework.forms.prevention import ActivityForm, AuditForm
from missinghub.casework.models import AuditGrade, PreventionAudience, PreventionKind
from missinghub.casework.selectors.prevention import (
    audit_sample_for_user,
    auditable_interview_for_user,
    audits_for_user,
    prevention_for_user,
)
from missinghub.casework.services.prevention import (
    ActivityContent,
    AuditContent,
    PreventionError,
    record_interview_audit,
    record_prevention_activity,
)
from missinghub.casework.services.submissions import create_once

KIND_LABELS = dict(PreventionKind.choices)


@guard(Action.RECORD_PREVENTION)
def prevention_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    activities = prevention_for_user(user=user)
    by_kind = [
        (KIND_LABELS[row["kind"]], row["activities"], row["reached"])
        for row in activities.values("kind")
        .annotate(activities=Count("id"), reached=Sum("reached"))
        .order_by("kind")
    ]
    return render(
        request,
        "casework/prevention_list.html",
        {"activities": activities[:100], "by_kind": by_kind, "area": user.agency.area},
    )


@guard(Action.RECORD_PREVENTION)
def prevention_new(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = ActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        content = ActivityContent(
            held_on=data["held_on"],
            kind=PreventionKind(data["kind"]),
            audience=PreventionAudience(data["audience"]),
            reached=data["reached"],
            setting=data["setting"],
            materials=data["materials"],
            notes=data["notes"],
        )
        try:
            _, created = create_once(
                actor=user,
                token=data["submission_id"],
                form="prevention",
                create=lambda: record_prevention_activity(actor=user, content=content),
            )
        except PreventionError as error:
            form.add_error("held_day", str(error))
        else:
            if created:
                messages.success(request, "Prevention work recorded.")
            return redirect("casework:prevention")
    if request.method != "POST":
        today = timezone.localdate()
        form.initial = {"held_day": today.day, "held_month": today.month, "held_year": today.year}
    return render(request, "casework/prevention_form.html", {"form": form})


def _month(request: HttpRequest) -> dt.date:
    try:
        return dt.date.fromisoformat(request.GET.get("month", "") + "-01")
    except ValueError:
        return timezone.localdate().replace(day=1)


@guard(Action.AUDIT_INTERVIEWS)
def audit_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    month = _month(request)
    rubric = casework_config().interview_audit
    sample = audit_sample_for_user(user=user, month=month, size=rubric.monthly_sample)
    audits = list(audits_for_user(user=user)[:50])
    record_children_listed(
        user=user,
        list_name="interview_audits",
        child_ids={i.child_id for i in sample} | {a.interview.child_id for a in audits},
    )
    grades = Counter(audit.grade for audit in audits)
    return render(
        request,
        "casework/audit_list.html",
        {
            "month": month,
            "previous": (month - dt.timedelta(days=1)).replace(day=1),
            "sample": sample,
            "audits": audits,
            "grades": [(label, grades.get(code, 0)) for code, label in AuditGrade.choices],
            "rubric": rubric,
        },
    )


@guard(Action.AUDIT_INTERVIEWS)
def audit_new(request: HttpRequest, interview_id: int) -> HttpResponse:
    user = signed_in_user(request)
    interview = auditable_interview_for_user(user=user, interview_id=interview_id)
    if interview is None:
        raise Http404("No completed interview of your team has that number.")
    form = AuditForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        content = AuditContent(
            criteria_met=tuple(data["criteria_met"]),
            grade=AuditGrade(data["grade"]),
            learning=data["learning"],
            child_view_summary=data["child_view_summary"],
        )
        try:
            _, created = create_once(
                actor=user,
                token=data["submission_id"],
                form="interview_audit",
                create=lambda: record_interview_audit(
                    actor=user, interview=interview, content=content
                ),
            )
        except PreventionError as error:
            form.add_error(None, str(error))
        else:
            if created:
                messages.success(request, "Quality audit saved.")
            return redirect("casework:interview-audits")
    record_children_listed(user=user, list_name="interview_audit", child_ids={interview.child_id})
    return render(request, "casework/audit_form.html", {"form": form, "interview": interview})
