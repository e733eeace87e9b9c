"""Exploitation screening pages: answer the configured indicators for one child (optionally from
a return interview), then see the computed level and why."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from missinghub.access.guards import guard, signed_in_user
from missinghub.access.roles import Action
from missinghub.accounts.models import User
from missinghub.audit.enums import AuditVerb
from missinghub.audit.services import record_event
from missinghub.casework.config import casework_config
from missinghub.casework.forms.screening import ScreeningForm
from missinghub.casework.models import (
    ExploitationLevel,
    ExploitationScreening,
    ReturnInterview,
    ScreeningKind,
)
from missinghub.casework.selectors.interviews import interview_for_user, screening_for_user
from missinghub.casework.services.screening import ScreeningError, record_screening
from missinghub.casework.services.submissions import create_once
from missinghub.children.models import Child
from missinghub.children.services import ChildNotVisible, open_child_record
from missinghub.episodes.models import Episode
from missinghub.episodes.selectors import episodes_of_child_for_user


def visible_child_or_404(user: User, child_id: int) -> Child:
    """The child for a casework form, the look (or the refusal) in the audit trail."""
    try:
        return open_child_record(user=user, child_id=child_id)
    except ChildNotVisible:
        raise Http404("No child record you can see has that number.") from None


def linked_interview(request: HttpRequest, user: User, child: Child) -> ReturnInterview | None:
    """The interview named in `?interview=`, when it is this child's and the user may see it."""
    raw = request.GET.get("interview", "")
    if not raw.isdigit():
        return None
    interview = interview_for_user(user=user, interview_id=int(raw))
    return interview if interview is not None and interview.child_id == child.pk else None


def _episode_for(user: User, child: Child, interview: ReturnInterview | None) -> Episode | None:
    if interview is not None:
        return interview.episode
    episodes = episodes_of_child_for_user(user=user, child_id=child.pk)
    return episodes.order_by("-last_seen_at").first()


@guard(Action.SCREEN_EXPLOITATION)
def screening_new(request: HttpRequest, child_id: int, kind: str) -> HttpResponse:
    user = signed_in_user(request)
    if kind not in ScreeningKind.values:
        raise Http404("No such screening.")
    child = visible_child_or_404(user, child_id)
    interview = linked_interview(request, user, child)
    episode = _episode_for(user, child, interview)
    if episode is None:
        messages.error(request, "A screening is recorded against an episode; this child has none.")
        return redirect("web:child", child_id=child.pk)
    tool = casework_config().exploitation.tools[kind]
    form = ScreeningForm(request.POST or None, tool=tool)
    if request.method == "POST" and form.is_valid():
        try:
            screening_id, created = create_once(
                actor=user,
                token=form.cleaned_data["submission_id"],
                form="screening",
                create=lambda: record_screening(
                    actor=user,
                    child=child,
                    episode=episode,
                    kind=ScreeningKind(kind),
                    answers=form.answers(),
                    interview=interview,
                    notes=form.cleaned_data["notes"],
                ),
            )
        except ScreeningError as error:
            form.add_error(None, str(error))
        else:
            if created:
                _tell_level(request, screening_id)
            return redirect("casework:screening", screening_id=screening_id)
    context = {"form": form, "child": child, "tool": tool, "interview": interview}
    return render(request, "casework/screening_form.html", context)


def _tell_level(request: HttpRequest, screening_id: int) -> None:
    screening = ExploitationScreening.objects.get(pk=screening_id)
    text = f"Screening recorded: {screening.get_level_display().lower()} level."
    if screening.level == ExploitationLevel.HIGH:
        text += " A referral task is with children's social care."
    messages.success(request, text)


@guard(Action.SEE_CHILD_RECORDS)
def screening_detail(request: HttpRequest, screening_id: int) -> HttpResponse:
    user = signed_in_user(request)
    screening = screening_for_user(user=user, screening_id=screening_id)
    if screening is None:
        raise Http404("No screening you can see has that number.")
    record_event(
        verb=AuditVerb.CHILD_VIEWED, actor=user, target=screening, child_id=screening.child_id
    )
    domains: dict[str, list] = {}
    for answer in screening.answers.all():
        domains.setdefault(answer.domain, []).append(answer)
    context = {"screening": screening, "domains": list(domains.items())}
    return render(request, "casework/screening.html", context)
