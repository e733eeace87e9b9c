"""Panel pages: the chair's panels, a panel with its meetings and waiting referrals, a meeting's
agenda (children the user may see), one child's item (letter, discussion, actions), the pack."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from missinghub.access.guards import guard, signed_in_user
from missinghub.access.policy import visible_child_ids
from missinghub.access.roles import Action, may
from missinghub.accounts.models import User
from missinghub.audit.enums import AuditVerb
from missinghub.audit.services import record_children_listed, record_event
from missinghub.casework.forms.panels import (
    ActionForm,
    DiscussionForm,
    MeetingForm,
    MemberForm,
    PanelForm,
)
from missinghub.casework.models import AgendaItem, Panel, PanelKind, PanelMeeting
from missinghub.casework.selectors import panels as panel_selectors
from missinghub.casework.services import packs
from missinghub.casework.services import panels as panel_services
from missinghub.casework.services.panels import PanelError
from missinghub.casework.services.submissions import create_once


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _chair_only(user: User, panel: Panel, action: str) -> None:
    if not may(user, Action.CHAIR_PANELS) or panel.chair_id != user.pk:
        raise PermissionDenied(action)


def _meeting_or_404(user: User, meeting_id: int) -> PanelMeeting:
    meeting = panel_selectors.meeting_for_user(user=user, meeting_id=meeting_id)
    if meeting is None:
        raise Http404("No meeting of a panel you sit on has that number.")
    return meeting


def _item_or_404(user: User, item_id: int) -> AgendaItem:
    item = panel_selectors.agenda_item_for_user(user=user, item_id=item_id)
    if item is None:
        raise Http404("No agenda item you can see has that number.")
    return item


@guard(post=Action.CHAIR_PANELS)
def panel_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = PanelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            panel_id, created = create_once(
                actor=user,
                token=data["submission_id"],
                form="panel",
                create=lambda: panel_services.create_panel(
                    actor=user, name=data["name"], kind=PanelKind(data["kind"])
                ),
            )
        except PanelError as error:
            form.add_error("name", str(error))
        else:
            if created:
                messages.success(request, "Panel created. Schedule its first meeting.")
            return redirect("casework:panel", panel_id=panel_id)
    panels = panel_selectors.panels_for_user(user=user).prefetch_related("meetings")
    return render(
        request,
        "casework/panel_list.html",
        {"panels": panels, "form": form, "may_chair": may(user, Action.CHAIR_PANELS)},
    )


@guard(post=Action.CHAIR_PANELS)
def panel_detail(request: HttpRequest, panel_id: int) -> HttpResponse:
    user = signed_in_user(request)
    panel = panel_selectors.panel_for_user(user=user, panel_id=panel_id)
    if panel is None:
        raise Http404("No panel you sit on has that number.")
    form = MeetingForm(request.POST or None)
    if request.method == "POST":
        _chair_only(user, panel, "schedule panel meeting")
        if form.is_valid() and form.cleaned_data["meets_at"] is not None:
            data = form.cleaned_data
            try:
                meeting_id, created = create_once(
                    actor=user,
                    token=data["submission_id"],
                    form="panel_meeting",
                    create=lambda: panel_services.schedule_meeting(
                        actor=user,
                        panel=panel,
                        meets_at=data["meets_at"],
                        location=data["location"],
                    ),
                )
            except PanelError as error:
                form.add_error("meets_day", str(error))
            else:
                if created:
                    messages.success(
                        request, "Meeting scheduled; referrals waiting are on its agenda."
                    )
                return redirect("casework:panel-meeting", meeting_id=meeting_id)
    waiting = list(
        panel_services.waiting_referrals(panel).filter(child_id__in=visible_child_ids(user))
    )
    record_children_listed(
        user=user, list_name="panel waiting list", child_ids={task.child_id for task in waiting}
    )
    return render(
        request,
        "casework/panel.html",
        {
            "panel": panel,
            "members": panel.members.select_related("agency").order_by("last_name"),
            "meetings": panel.meetings.order_by("-meets_at"),
            "waiting": waiting,
            "form": form,
            "member_form": MemberForm(),
            "is_chair": panel.chair_id == user.pk,
        },
    )


@guard(Action.CHAIR_PANELS)
@require_POST
def panel_add_member(request: HttpRequest, panel_id: int) -> HttpResponse:
    user = signed_in_user(request)
    panel = panel_selectors.panel_for_user(user=user, panel_id=panel_id)
    if panel is None:
        raise Http404("No panel you sit on has that number.")
    _chair_only(user, panel, "add panel member")
    form = MemberForm(request.POST)
    if form.is_valid():
        panel_services.add_member(actor=user, panel=panel, member=form.cleaned_data["username"])
        messages.success(request, f"{form.cleaned_data['username']} added to the panel.")
    else:
        messages.error(request, " ".join(str(e) for e in form.errors.get("username", [])))
    return redirect("casework:panel", panel_id=panel.pk)


@guard(Action.SEE_CHILD_RECORDS)
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    user = signed_in_user(request)
    meeting = _meeting_or_404(user, meeting_id)
    items, hidden = panel_selectors.agenda_for_user(user=user, meeting=meeting)
    panel_services.record_agenda_viewed(
        actor=user, meeting=meeting, child_ids={i.child_id for i in items}
    )
    return render(
        request,
        "casework/panel_meeting.html",
        {
            "meeting": meeting,
            "panel": meeting.panel,
            "items": items,
            "hidden": hidden,
            "is_chair": meeting.panel.chair_id == user.pk,
            "may_mark_held": not meeting.held and meeting.meets_at <= timezone.now(),
        },
    )


@guard(Action.CHAIR_PANELS)
@require_POST
def meeting_held(request: HttpRequest, meeting_id: int) -> HttpResponse:
    user = signed_in_user(request)
    meeting = _meeting_or_404(user, meeting_id)
    _chair_only(user, meeting.panel, "mark meeting held")
    try:
        panel_services.mark_meeting_held(actor=user, meeting=meeting)
    except PanelError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The meeting is marked as held.")
    return redirect("casework:panel-meeting", meeting_id=meeting.pk)


@guard(Action.SEE_CHILD_RECORDS)
def meeting_pack(request: HttpRequest, meeting_id: int) -> HttpResponse:
    user = signed_in_user(request)
    meeting = _meeting_or_404(user, meeting_id)
    content = packs.panel_pack_pdf(user=user, meeting=meeting)
    return pdf_response(content, f"panel-pack-{meeting.pk}.pdf")


@guard(Action.SEE_CHILD_RECORDS, post=Action.CHAIR_PANELS)
def agenda_item(request: HttpRequest, item_id: int) -> HttpResponse:
    user = signed_in_user(request)
    item = _item_or_404(user, item_id)
    panel = item.meeting.panel
    is_chair = panel.chair_id == user.pk and may(user, Action.CHAIR_PANELS)
    discussion = DiscussionForm(
        request.POST if request.POST.get("form") == "discussion" else None,
        initial={"discussion": item.discussion, "child_voice": item.child_voice},
    )
    action = ActionForm(
        request.POST if request.POST.get("form") == "action" else None,
        owners=panel.members.order_by("last_name", "first_name"),
    )
    if request.method == "POST":
        if panel.chair_id != user.pk:
            raise PermissionDenied("record panel discussion or action")
        if _save_item_form(request, user, item, discussion, action):
            return redirect("casework:agenda-item", item_id=item.pk)
    record_event(verb=AuditVerb.CHILD_VIEWED, actor=user, target=item, child_id=item.child_id)
    return render(
        request,
        "casework/panel_item.html",
        {
            "item": item,
            "child": item.child,
            "meeting": item.meeting,
            "discussion_form": discussion,
            "action_form": action,
            "is_chair": is_chair,
        },
    )


def _save_item_form(
    request: HttpRequest,
    user: User,
    item: AgendaItem,
    discussion: DiscussionForm,
    action: ActionForm,
) -> bool:
    try:
        if discussion.is_bound and discussion.is_valid():
            panel_services.record_discussion(actor=user, item=item, **discussion.cleaned_data)
            messages.success(request, "Discussion recorded.")
            return True
        if action.is_bound and action.is_valid() and action.cleaned_data["due_date"]:
            data = action.cleaned_data
            _, created = create_once(
                actor=user,
                token=data["submission_id"],
                form="panel_action",
                create=lambda: panel_services.agree_action(
                    actor=user,
                    item=item,
                    description=data["description"],
                    owner=data["owner"],
                    due_date=data["due_date"],
                ),
            )
            if created:
                messages.success(request, "Action agreed.")
            return True
    except PanelError as error:
        (discussion if discussion.is_bound else action).add_error(None, str(error))
    return False


@guard(Action.SEE_CHILD_RECORDS)
@require_POST
def action_done(request: HttpRequest, action_id: int) -> HttpResponse:
    user = signed_in_user(request)
    action = panel_selectors.action_for_user(user=user, action_id=action_id)
    if action is None:
        raise Http404("No action you can see has that number.")
    if action.owner_id != user.pk and not may(user, Action.CHAIR_PANELS):
        raise PermissionDenied("complete panel action")
    try:
        panel_services.complete_action(actor=user, action=action)
    except PanelError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Action marked as done.")
    return redirect("casework:agenda-item", item_id=action.item_id)


@guard(Action.CHAIR_PANELS)
@require_POST
def agenda_item_letter(request: HttpRequest, item_id: int) -> HttpResponse:
    """The letter inviting the child's views, as a PDF to print; recorded as sent."""
    user = signed_in_user(request)
    item = _item_or_404(user, item_id)
    _chair_only(user, item.meeting.panel, "letter to child")
    try:
        panel_services.send_letter(actor=user, item=item)
    except PanelError as error:
        messages.error(request, str(error))
        return redirect("casework:agenda-item", item_id=item.pk)
    return pdf_response(packs.letter_pdf(item), f"letter-{item.pk}.pdf")
