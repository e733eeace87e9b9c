"""The child's chronology: episodes, placements, return interviews, exploitation screenings,
interventions (and, from other casework modules, panel discussions) in one list, oldest first.

Each source is a function `(user, child_id) -> Iterable[TimelineEntry]` that reads through a
selector scoped to the user. To add a kind of entry, write such a function and add its dotted
path to `TIMELINE_SOURCES`; nothing else changes.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils.module_loading import import_string

from missinghub.access.policy import visible_child_ids
from missinghub.accounts.models import User
from missinghub.casework.selectors.interviews import (
    interventions_of_child_for_user,
    interview_rows_of_child_for_user,
    screenings_of_child_for_user,
)
from missinghub.children.models import Placement
from missinghub.episodes.selectors import EpisodeRow, episode_rows_of_child_for_user
from missinghub.kit.links import link_maker

LONDON = ZoneInfo("Europe/London")

EPISODE_SOURCE = "missinghub.casework.timeline.episode_entries"
TIMELINE_SOURCES: list[str] = [
    EPISODE_SOURCE,
    "missinghub.casework.timeline.placement_entries",
    "missinghub.casework.timeline.interview_entries",
    "missinghub.casework.timeline.screening_entries",
    "missinghub.casework.timeline.intervention_entries",
    "missinghub.casework.selectors.panels.panel_timeline_entries",
]


@dataclass(frozen=True)
class TimelineEntry:
    when: dt.datetime  # aware; a date-only event is placed at the start of its day in UK time
    kind: str  # a short label caseworkers know: "Episode", "Placement", "Return interview"...
    title: str
    detail: str = ""
    url: str = ""
    all_day: bool = False


TimelineSource = Callable[[User, int], Iterable[TimelineEntry]]


def start_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=LONDON)


def timeline_for_child(
    *, user: User, child_id: int, episodes: list[EpisodeRow] | None = None
) -> list[TimelineEntry]:
    """Every entry from every source, oldest first. The caller has checked the child is
    visible; each source also reads only what the user may see. A page that has already read
    the child's episodes (`episode_rows_of_child_for_user`) passes them to save a second read."""
    entries: list[TimelineEntry] = []
    for path in TIMELINE_SOURCES:
        if path == EPISODE_SOURCE and episodes is not None:
            entries.extend(entries_for_episodes(episodes))
            continue
        source: TimelineSource = import_string(path)
        entries.extend(source(user, child_id))
    return sorted(entries, key=lambda entry: entry.when)


def episode_entries(user: User, child_id: int) -> Iterable[TimelineEntry]:
    return entries_for_episodes(episode_rows_of_child_for_user(user=user, child_id=child_id))


def entries_for_episodes(episodes: Iterable[EpisodeRow]) -> Iterable[TimelineEntry]:
    link = link_maker("web:episode")
    for episode in episodes:
        returned = (
            f"returned {episode.returned_at.astimezone(LONDON):%-d %b %Y %H:%M}"
            if episode.returned_at
            else "not yet returned"
        )
        yield TimelineEntry(
            when=episode.last_seen_at,
            kind="Episode",
            title=f"{episode.category_label}: last seen",
            detail=f"Reported by {episode.reporting_agency_name}; {returned}",
            url=link(episode.pk),
        )


def placement_entries(user: User, child_id: int) -> Iterable[TimelineEntry]:
    placements = Placement.objects.filter(
        child_id=child_id, child_id__in=visible_child_ids(user, child_id=child_id)
    ).select_related("provider")
    for placement in placements:
        provider = f", {placement.provider.name}" if placement.provider else ""
        ended = f"; ended {placement.end_date:%-d %b %Y}" if placement.end_date else ""
        yield TimelineEntry(
            when=start_of(placement.start_date),
            kind="Placement",
            title=f"{placement.get_placement_type_display()} began",
            detail=f"{placement.get_area_display()}{provider}{ended}",
            all_day=True,
        )


def interview_entries(user: User, child_id: int) -> Iterable[TimelineEntry]:
    link = link_maker("casework:interview")
    for interview in interview_rows_of_child_for_user(user=user, child_id=child_id):
        if interview.is_completed:
            title = f"Completed: {interview.outcome_label}"
            if interview.child_declined:
                title += " (the child declined; carers spoken to)"
        else:
            title = interview.status_label
        yield TimelineEntry(
            when=interview.interviewed_at or interview.returned_at,
            kind="Return interview",
            title=title,
            url=link(interview.pk),
        )


def screening_entries(user: User, child_id: int) -> Iterable[TimelineEntry]:
    link = link_maker("casework:screening")
    for screening in screenings_of_child_for_user(user=user, child_id=child_id):
        yield TimelineEntry(
            when=screening.screened_at,
            kind="Exploitation screening",
            title=f"{screening.get_kind_display()}: {screening.get_level_display()}",
            detail=screening.level_reason,
            url=link(screening.pk),
        )


def intervention_entries(user: User, child_id: int) -> Iterable[TimelineEntry]:
    link = link_maker("casework:intervention")
    for intervention in interventions_of_child_for_user(user=user, child_id=child_id):
        url = link(intervention.pk)
        label = intervention.get_intervention_type_display()
        yield TimelineEntry(
            when=start_of(intervention.start_date),
            kind="Intervention",
            title=f"{label} started",
            detail=f"With {intervention.worker}; planned to end "
            f"{intervention.planned_end_date:%-d %b %Y}",
            url=url,
            all_day=True,
        )
        if intervention.ended_on is not None:
            yield TimelineEntry(
                when=start_of(intervention.ended_on),
                kind="Intervention",
                title=f"{label} ended: {intervention.get_end_reason_display()}",
                url=url,
                all_day=True,
            )
