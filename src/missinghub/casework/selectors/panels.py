"""Reads for panels: a user sees the panels they chair or sit on, and on an agenda only the
children their agency may see (the rest are counted, never named)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Q, QuerySet

from missinghub.access.policy import visible_child_ids
from missinghub.accounts.models import User
from missinghub.casework.models import AgendaItem, Panel, PanelAction, PanelMeeting
from missinghub.casework.timeline import TimelineEntry
from missinghub.children.models import Child, LegalStatus
from missinghub.episodes.models import Episode
from missinghub.kit.links import link_maker

PACK_HISTORY_DAYS = 365


def panels_for_user(*, user: User) -> QuerySet[Panel]:
    mine = Panel.objects.filter(Q(chair=user) | Q(members=user)).values("pk")
    return Panel.objects.filter(pk__in=mine).select_related("agency", "chair")


def panel_for_user(*, user: User, panel_id: int) -> Panel | None:
    return panels_for_user(user=user).filter(pk=panel_id).first()


def meeting_for_user(*, user: User, meeting_id: int) -> PanelMeeting | None:
    return (
        PanelMeeting.objects.filter(panel__in=panels_for_user(user=user).values("pk"))
        .select_related("panel", "panel__chair", "panel__agency")
        .filter(pk=meeting_id)
        .first()
    )


def agenda_for_user(*, user: User, meeting: PanelMeeting) -> tuple[list[AgendaItem], int]:
    """The items whose child the user may see, and how many others there are."""
    items = meeting.items.select_related("child", "task").prefetch_related("actions__owner")
    visible = list(items.filter(child_id__in=visible_child_ids(user)))
    return visible, items.count() - len(visible)


def agenda_item_for_user(*, user: User, item_id: int) -> AgendaItem | None:
    return (
        AgendaItem.objects.filter(
            meeting__panel__in=panels_for_user(user=user).values("pk"),
            child_id__in=visible_child_ids(user),
        )
        .select_related("child", "task", "meeting", "meeting__panel", "meeting__panel__chair")
        .prefetch_related("actions__owner")
        .filter(pk=item_id)
        .first()
    )


def action_for_user(*, user: User, action_id: int) -> PanelAction | None:
    return (
        PanelAction.objects.filter(
            item__meeting__panel__in=panels_for_user(user=user).values("pk"),
            item__child_id__in=visible_child_ids(user),
        )
        .select_related("item", "owner")
        .filter(pk=action_id)
        .first()
    )


@dataclass(frozen=True)
class PackChild:
    """One child's section of the panel pack."""

    item: AgendaItem
    child: Child
    age: int
    legal_status: LegalStatus | None
    episodes: list[Episode]
    earlier_items: list[AgendaItem]


def pack_for_user(*, user: User, meeting: PanelMeeting) -> tuple[list[PackChild], int]:
    items, hidden = agenda_for_user(user=user, meeting=meeting)
    since = meeting.meets_at - timedelta(days=PACK_HISTORY_DAYS)
    sections = []
    for item in items:
        child = item.child
        sections.append(
            PackChild(
                item=item,
                child=child,
                age=child.age_on(meeting.meets_at.date()),
                legal_status=child.legal_statuses.filter(end_date__isnull=True).first(),
                episodes=list(
                    child.episodes.filter(reported_at__gte=since).order_by("reported_at")
                ),
                earlier_items=list(
                    AgendaItem.objects.filter(child=child, meeting__meets_at__lt=meeting.meets_at)
                    .select_related("meeting__panel")
                    .prefetch_related("actions__owner")
                    .order_by("-meeting__meets_at")[:5]
                ),
            )
        )
    return sections, hidden


def panel_timeline_entries(user: User, child_id: int) -> Iterable[TimelineEntry]:
    """Timeline source: each panel the child was put before, and each discussion."""
    items = (
        AgendaItem.objects.filter(
            child_id=child_id, child_id__in=visible_child_ids(user, child_id=child_id)
        )
        .select_related("meeting__panel")
        .prefetch_related("actions")
    )
    link = link_maker("casework:agenda-item")
    for item in items:
        panel = item.meeting.panel.name
        url = link(item.pk)
        if item.discussed_at is None:
            yield TimelineEntry(
                when=item.meeting.meets_at, kind="Panel", title=f"On the agenda of {panel}", url=url
            )
            continue
        actions = len(item.actions.all())
        yield TimelineEntry(
            when=item.discussed_at,
            kind="Panel discussion",
            title=f"Discussed at {panel}",
            detail=f"{actions} action{'s' if actions != 1 else ''} agreed",
            url=url,
        )
