"""The demo's Northdale VEMT panel: chaired by the demo panel chair, with members from the
missing team, police, social care and the school, and one upcoming meeting.

Scheduling the meeting puts every waiting protocol panel referral on its agenda (casework's
`schedule_meeting`); later referrals land there as they are created. When the active protocol
raises no panel referrals (England's statutory one does not), the chair adds the children who
crossed Hartlepool's VEMT threshold (3 or more missing episodes in 90 days) by hand, so the
chair's Panels page shows an agenda. Safe to run again: an existing panel and meeting are kept.
"""

from datetime import datetime, time, timedelta

from django.db.models import Count
from django.utils import timezone

from missinghub.accounts.models import User
from missinghub.casework.models import Panel, PanelKind, PanelMeeting
from missinghub.casework.services.panels import add_child_to_agenda, create_panel, schedule_meeting
from missinghub.children.models import Child
from missinghub.episodes.models import Episode, EpisodeCategory

PANEL_NAME = "Northdale VEMT panel"
LOCATION = "Northdale Civic Centre, Committee Room 2"
THRESHOLD = (3, 90)  # missing episodes, days (Hartlepool VEMT practitioners' group)
HAND_ADDED = 8
REASON = "3 or more missing episodes in 90 days (VEMT threshold; added by the chair)"


def next_meeting_time(now: datetime) -> datetime:
    """10:00 on the next Tuesday at least two days away (local time)."""
    day = timezone.localtime(now).date() + timedelta(days=2)
    day += timedelta(days=(1 - day.weekday()) % 7)
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def ensure_demo_panel(*, chair: User, members: list[User]) -> PanelMeeting:
    panel = Panel.objects.filter(name=PANEL_NAME).first()
    if panel is None:
        panel = create_panel(actor=chair, name=PANEL_NAME, kind=PanelKind.VEMT, members=members)
    else:
        panel.members.add(chair, *members)
    now = timezone.now()
    meeting = panel.meetings.filter(held=False, meets_at__gte=now).order_by("meets_at").first()
    if meeting is None:
        meeting = schedule_meeting(
            actor=chair, panel=panel, meets_at=next_meeting_time(now), location=LOCATION
        )
    if not meeting.items.exists():
        _add_children_over_threshold(chair, meeting)
    return meeting


def _add_children_over_threshold(chair: User, meeting: PanelMeeting) -> None:
    episodes, days = THRESHOLD
    since = timezone.now() - timedelta(days=days)
    busiest = (
        Episode.objects.filter(category=EpisodeCategory.MISSING, reported_at__gte=since)
        .values("child_id")
        .annotate(count=Count("id"))
        .filter(count__gte=episodes)
        .order_by("-count", "child_id")[:HAND_ADDED]
    )
    for child in Child.objects.filter(pk__in=[row["child_id"] for row in busiest]):
        add_child_to_agenda(actor=chair, meeting=meeting, child=child, reason=REASON)
