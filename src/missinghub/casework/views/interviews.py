"""Return interview pages: open from the task, assign, contact attempts, the interview form
(save as you go, or complete with an outcome). A stale save shows the refusal and keeps the
worker's own text in the form; nothing is overwritten."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from missinghub.access.guards import guard, signed_in_user
from missinghub.access.roles import Action, may
from missinghub.accounts.models import User
from missinghub.casework.config import Choice, casework_config
from missinghub.casework.forms.interviews import (
    COMPLETE,
    AssignForm,
    ContactAttemptForm,
    InterviewForm,
)
from missinghub.casework.models import (
    ContactMethod,
    ContactOutcome,
    InterviewOutcome,
    ReturnInterview,
)
from missinghub.casework.selectors.interviews import (
    interview_for_user,
    interview_task_for_user,
    team_workers,
)
from missinghub.casework.services import packs
from missinghub.casework.services.concurrency import EditConflict
from missinghub.casework.services.interviews import (
    InterviewError,
    assign_interview,
    complete_interview,
    open_interview,
    record_contact_attempt,
    record_interview_viewed,
    save_interview,
)
from missinghub.casework.services.submissions import create_once
from missinghub.casework.views.panels import pdf_response
from missinghub.episodes.selectors import police_part_of_episode
from missinghub.kit.forms import initial_date_parts

COMPLETED_MESSAGES = {
    InterviewOutcome.CHILD_PROTECTION: "Child protection procedures: an urgent task is with "
    "children's social care, their duty team and the police child protection unit have been "
    "alerted.",
    InterviewOutcome.SOCIAL_CARE_REFERRAL: "A referral task is with children's social care.",
    InterviewOutcome.CAF_BRIEF_INTERVENTION: "A brief intervention has started.",
}


def _interview_or_404(user: User, interview_id: int) -> ReturnInterview:
    interview = interview_for_user(user=user, interview_id=interview_id)
    if interview is None:
        raise Http404("No interview you can see has that number.")
    return interview


@guard(Action.SEE_CHILD_RECORDS)
def interview_from_task(request: HttpRequest, task_id: int) -> HttpResponse:
    """The task list links here: the interview for the task, created on first opening."""
    user = signed_in_user(request)
    task = interview_task_for_user(user=user, task_id=task_id)
    if task is None:
        raise Http404("No return interview task you can see has that number.")
    existing = ReturnInterview.objects.filter(task=task).first()
    if existing is not None:
        return redirect("casework:interview", interview_id=existing.pk)
    if not may(user, Action.CONDUCT_INTERVIEWS):
        raise PermissionDenied("open interview")
    try:
        interview, _ = open_interview(actor=user, task=task)
    except InterviewError as error:
        messages.error(request, str(error))
        return redirect("web:home")
    return redirect("casework:interview", interview_id=interview.pk)


def _labels(codes: list[str], choices: tuple[Choice, ...]) -> list[str]:
    known = {choice.code: choice.label for choice in choices}
    return [known.get(code, code) for code in codes]


def _page(
    request: HttpRequest, user: User, interview: ReturnInterview, form: InterviewForm
) -> HttpResponse:
    config = casework_config()
    may_assign = may(user, Action.ASSIGN_INTERVIEWS)
    service = config.service(interview.signposted_service)
    return render(
        request,
        "casework/interview.html",
        {
            "interview": interview,
            "form": form,
            "may_edit": may(user, Action.CONDUCT_INTERVIEWS) and not interview.is_completed,
            "may_assign": may_assign,
            "may_screen": may(user, Action.SCREEN_EXPLOITATION),
            "may_run_interventions": may(user, Action.RUN_INTERVENTIONS),
            "assign_form": AssignForm(
                initial={"version": interview.version, "worker": interview.assigned_to_id},
                workers=team_workers(user=user),
            ),
            "push_labels": _labels(interview.push_factors, config.push_factors),
            "pull_labels": _labels(interview.pull_factors, config.pull_factors),
            "service": service,
            # What the police found on the return, for the interviewer to follow up.
            "police": police_part_of_episode(interview.episode),
        },
    )


@guard(Action.CONDUCT_INTERVIEWS)
def interview_offer_letter(request: HttpRequest, interview_id: int) -> HttpResponse:
    """The letter offering the return interview to the child's parents or carers (PDF)."""
    user = signed_in_user(request)
    interview = _interview_or_404(user, interview_id)
    pdf = packs.offer_letter_pdf(user=user, interview=interview)
    return pdf_response(pdf, f"return-interview-offer-{interview.pk}.pdf")


@guard(Action.SEE_CHILD_RECORDS, post=Action.CONDUCT_INTERVIEWS)
def interview_detail(request: HttpRequest, interview_id: int) -> HttpResponse:
    user = signed_in_user(request)
    interview = _interview_or_404(user, interview_id)
    form = InterviewForm(
        request.POST or None,
        initial=InterviewForm.initial_for(interview),
        due_at=interview.task.due_at,
    )
    if request.method == "POST":
        if interview.is_completed:
            raise PermissionDenied("edit interview")
        if form.is_valid() and _save_or_complete(request, user, interview, form):
            return redirect("casework:interview", interview_id=interview.pk)
    record_interview_viewed(actor=user, interview=interview)  # the page shows it, errors or not
    return _page(request, user, interview, form)


def _save_or_complete(
    request: HttpRequest, user: User, interview: ReturnInterview, form: InterviewForm
) -> bool:
    """True when saved; False with the reason added to the form."""
    data = form.cleaned_data
    try:
        if data["action"] == COMPLETE:
            outcome = InterviewOutcome(data["outcome"])
            complete_interview(
                actor=user,
                interview=interview,
                content=form.content(),
                outcome=outcome,
                expected_version=data["version"],
                outcome_notes=data.get("outcome_notes") or "",
                signposted_service=data.get("signposted_service") or "",
                late_reason=data.get("late_reason") or "",
            )
            follow_up = COMPLETED_MESSAGES.get(outcome, "")
            messages.success(request, f"Interview completed and its task done. {follow_up}")
        else:
            save_interview(
                actor=user,
                interview=interview,
                content=form.content(),
                expected_version=data["version"],
            )
            messages.success(request, "Interview saved.")
    except EditConflict as conflict:
        form.add_error(None, f"{conflict} Your text is still in the form below.")
        return False
    except InterviewError as error:
        form.add_error(None, str(error))
        return False
    return True


@guard(Action.CONDUCT_INTERVIEWS)
@require_POST
def interview_assign(request: HttpRequest, interview_id: int) -> HttpResponse:
    """A manager assigns anyone in the team; a worker may take the interview themselves."""
    user = signed_in_user(request)
    interview = _interview_or_404(user, interview_id)
    workers = team_workers(user=user)
    if not may(user, Action.ASSIGN_INTERVIEWS):
        workers = workers.filter(pk=user.pk)
    form = AssignForm(request.POST, workers=workers)
    if not form.is_valid():
        messages.error(request, "Choose someone in your team to do the interview.")
        return redirect("casework:interview", interview_id=interview.pk)
    worker = form.cleaned_data["worker"]
    try:
        assign_interview(
            actor=user,
            interview=interview,
            worker=worker,
            expected_version=form.cleaned_data["version"],
        )
    except (EditConflict, InterviewError) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Interview assigned to {worker}.")
    return redirect("casework:interview", interview_id=interview.pk)


@guard(Action.CONDUCT_INTERVIEWS)
def interview_contact(request: HttpRequest, interview_id: int) -> HttpResponse:
    user = signed_in_user(request)
    interview = _interview_or_404(user, interview_id)
    if interview.is_completed:
        raise PermissionDenied("record contact attempt")
    form = ContactAttemptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _, created = create_once(
                actor=user,
                token=data["submission_id"],
                form="contact_attempt",
                create=lambda: record_contact_attempt(
                    actor=user,
                    interview=interview,
                    attempted_at=data["attempted_at"],
                    method=ContactMethod(data["method"]),
                    outcome=ContactOutcome(data["outcome"]),
                    notes=data["notes"],
                ),
            )
        except InterviewError as error:
            form.add_error("attempted_day", str(error))
        else:
            if created:
                messages.success(request, "Contact attempt recorded.")
            return redirect("casework:interview", interview_id=interview.pk)
    if request.method != "POST":
        form.initial = initial_date_parts("attempted", timezone.now())
    record_interview_viewed(actor=user, interview=interview)
    return render(
        request, "casework/interview_contact.html", {"form": form, "interview": interview}
    )
