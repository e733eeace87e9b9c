"""Task pages: each kind of task has one that completes it (task_pages.TASK_PAGES). The
youth-worker visit, the police review, an alert acknowledged with what was done (a social-care
alert task or a notification), and a panel referral (to its agenda item, or the panel where it
waits)."""

from collections.abc import Callable

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from missinghub.access.guards import guard, signed_in_user
from missinghub.access.roles import Action, may
from missinghub.accounts.models import User
from missinghub.audit.enums import AuditVerb
from missinghub.audit.services import record_event
from missinghub.casework.forms.tasks import AcknowledgeForm, PoliceReviewForm, VisitForm
from missinghub.casework.models import Acknowledgement, VisitOutcome
from missinghub.casework.selectors import tasks as selectors
from missinghub.casework.services import tasks as services
from missinghub.casework.services.submissions import create_once
from missinghub.children.models import Child
from missinghub.kit.forms import initial_date_parts
from missinghub.protocols.models import ProtocolTask, TaskKind, TaskStatus


def _owned_task(user: User, task_id: int, *kinds: str) -> ProtocolTask:
    task = selectors.owned_task_for_user(user=user, task_id=task_id, kinds=list(kinds))
    if task is None:
        raise Http404("No task of your team has that number.")
    return task


@guard(Action.SEE_CHILD_RECORDS)
def visit_from_task(request: HttpRequest, task_id: int) -> HttpResponse:
    user = signed_in_user(request)
    task = _owned_task(user, task_id, TaskKind.YOUTH_WORKER_VISIT)
    if task.status != TaskStatus.OPEN:
        messages.info(request, "This visit is already recorded.")
        return redirect("web:child", child_id=task.child_id)
    form = VisitForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and form.cleaned_data["visited_on"]:
        data = form.cleaned_data
        try:
            create_once(
                actor=user,
                token=data["submission_id"],
                form="youth_worker_visit",
                create=lambda: services.record_youth_worker_visit(
                    actor=user,
                    task=task,
                    visited_on=data["visited_on"],
                    seen=data["seen"] == "yes",
                    support_taken_up={"yes": True, "no": False}.get(data["support_taken_up"]),
                    outcome=VisitOutcome(data["outcome"]),
                    notes=data["notes"],
                ),
            )
        except services.TaskError as error:
            form.add_error("visited_day", str(error))
        else:
            messages.success(request, "Visit recorded and its task done.")
            return redirect("web:home")
    _viewed(user, task.child_id)
    return render(request, "casework/task_visit.html", {"form": form, "task": task})


@guard(Action.REVIEW_MISSING_EPISODES)
def police_review_from_task(request: HttpRequest, task_id: int) -> HttpResponse:
    user = signed_in_user(request)
    task = _owned_task(user, task_id, TaskKind.POLICE_REVIEW)
    if task.status != TaskStatus.OPEN:
        messages.info(request, "This review is already recorded or no longer needed.")
        return redirect("web:episode", episode_id=task.episode_id)
    form = PoliceReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and form.cleaned_data["reviewed_at"]:
        data = form.cleaned_data
        try:
            create_once(
                actor=user,
                token=data["submission_id"],
                form="police_review",
                create=lambda: services.record_police_review(
                    actor=user,
                    task=task,
                    reviewed_at=data["reviewed_at"],
                    progress=data["progress"],
                    next_steps=data["next_steps"],
                    risk_level_right=data["risk_level_right"] == "yes",
                ),
            )
        except services.TaskError as error:
            form.add_error("reviewed_day", str(error).rstrip("."))
        else:
            messages.success(request, "Review recorded and its task done.")
            if data["risk_level_right"] == "no" and may(user, Action.REGRADE_RISK):
                return redirect("web:regrade-risk", episode_id=task.episode_id)
            return redirect("web:episode", episode_id=task.episode_id)
    if request.method != "POST":
        form.initial = initial_date_parts("reviewed", timezone.now())
    _viewed(user, task.child_id)
    return render(request, "casework/task_police_review.html", {"form": form, "task": task})


@guard(Action.SEE_CHILD_RECORDS)
def alert_from_task(request: HttpRequest, task_id: int) -> HttpResponse:
    user = signed_in_user(request)
    task = _owned_task(user, task_id, TaskKind.SOCIAL_CARE_ALERT)
    if task.status != TaskStatus.OPEN:
        messages.info(request, "This alert is already acknowledged.")
        return redirect("web:child", child_id=task.child_id)
    return _acknowledge_page(
        request,
        user,
        title=f"{TaskKind(task.kind).label}: {task.child.full_name}",
        reason=f"Rule {task.rule} of {task.protocol_name} {task.protocol_version}",
        child=task.child,
        acknowledge=lambda text: services.acknowledge_alert_task(
            actor=user, task=task, what_was_done=text
        ),
    )


@guard(Action.SEE_CHILD_RECORDS)
def notification_acknowledge(request: HttpRequest, notification_id: int) -> HttpResponse:
    user = signed_in_user(request)
    notification = selectors.notification_for_user(user=user, notification_id=notification_id)
    if notification is None:
        raise Http404("No current notification to your agency has that number.")
    if notification.read_at is not None:
        messages.info(request, "This notification is already acknowledged.")
        return redirect("web:home")
    return _acknowledge_page(
        request,
        user,
        title=f"Notification from {notification.from_agency.name}: {notification.child.full_name}",
        reason=notification.purpose,
        child=notification.child,
        acknowledge=lambda text: services.acknowledge_notification(
            actor=user, notification=notification, what_was_done=text
        ),
    )


def _acknowledge_page(
    request: HttpRequest,
    user: User,
    *,
    title: str,
    reason: str,
    child: Child,
    acknowledge: Callable[[str], Acknowledgement],
) -> HttpResponse:
    form = AcknowledgeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            create_once(
                actor=user,
                token=data["submission_id"],
                form="acknowledgement",
                create=lambda: acknowledge(data["what_was_done"]),
            )
        except services.TaskError as error:
            form.add_error("what_was_done", str(error))
        else:
            messages.success(request, "Acknowledged.")
            return redirect("web:home")
    _viewed(user, child.pk)
    context = {"form": form, "title": title, "reason": reason, "child": child}
    return render(request, "casework/task_acknowledge.html", context)


def _viewed(user: User, child_id: int) -> None:
    """A task page shows the child's name: one audit row, as every read of a child writes."""
    record_event(verb=AuditVerb.CHILD_VIEWED, actor=user, child_id=child_id)


@guard(Action.SEE_CHILD_RECORDS)
def referral_from_task(request: HttpRequest, task_id: int) -> HttpResponse:
    """The agenda item that will discuss the child (its discussion closes the referral), or
    the panel where the referral waits for a meeting."""
    user = signed_in_user(request)
    task = _owned_task(user, task_id, TaskKind.PANEL_REFERRAL, TaskKind.STRATEGY_MEETING)
    item = selectors.agenda_item_of_task(task)
    if item is not None:
        return redirect("casework:agenda-item", item_id=item.pk)
    panel = selectors.panel_taking(task)
    _viewed(user, task.child_id)
    return render(request, "casework/task_referral.html", {"task": task, "panel": panel})
