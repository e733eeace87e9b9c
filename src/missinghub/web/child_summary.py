"""What a worker needs first on a child's page: the open episode and its risk, how often the
child goes missing, the exploitation and Philomena flags, open tasks and the child's people.

Built from the episode rows and the placements and legal statuses the page has already read,
plus a handful of small queries (one each for the open episode's risk, screenings, the Philomena
profile, open tasks, open interventions and the responsible authority), never one per episode.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from missinghub.access.policy import visible_child_ids
from missinghub.accounts.models import Agency, User
from missinghub.casework.models import PhilomenaProfile
from missinghub.casework.selectors.interviews import (
    interventions_of_child_for_user,
    screenings_of_child_for_user,
)
from missinghub.children.models import Child, Placement
from missinghub.episodes.models import RiskGrading
from missinghub.episodes.selectors import EpisodeRow
from missinghub.protocols.models import ProtocolTask, TaskStatus

SHOWN_AT_FIRST = 10  # episodes and timeline entries shown before "Show all"
TASKS_SHOWN = 5


@dataclass(frozen=True)
class Flag:
    label: str  # "Child sexual exploitation"
    level: str  # "high", "medium", "low": the key of the risk tag colour
    level_label: str
    when: dt.datetime


@dataclass(frozen=True)
class ChildSummary:
    open_episode: EpisodeRow | None
    open_risk: RiskGrading | None
    in_90_days: int
    in_12_months: int
    exploitation: list[Flag]
    has_philomena_profile: bool
    open_tasks: list[ProtocolTask]
    open_task_count: int
    people: list[tuple[str, str]] = field(default_factory=list)  # (role, name)


def summarise_child(
    *, user: User, child: Child, rows: list[EpisodeRow], placement: Placement | None
) -> ChildSummary:
    """The summary of `child` for `user`; `rows` are the child's episodes, newest first."""
    now = timezone.now()
    open_episode = next((row for row in rows if row.returned_at is None), None)
    tasks = _open_tasks_of_child(user, child.pk)
    shown_tasks = list(tasks[: TASKS_SHOWN + 1])
    return ChildSummary(
        open_episode=open_episode,
        open_risk=_current_risk(open_episode),
        in_90_days=_since(rows, now - dt.timedelta(days=90)),
        in_12_months=_since(rows, now - dt.timedelta(days=365)),
        exploitation=_exploitation_flags(user, child.pk),
        has_philomena_profile=PhilomenaProfile.objects.filter(child_id=child.pk).exists(),
        open_tasks=shown_tasks[:TASKS_SHOWN],
        open_task_count=len(shown_tasks) if len(shown_tasks) <= TASKS_SHOWN else tasks.count(),
        people=_people(user, child, placement),
    )


def _open_tasks_of_child(user: User, child_id: int) -> QuerySet[ProtocolTask]:
    """The child's open tasks, whichever agency owns them, scoped by the one-child form of the
    need-to-know rule (not the area-wide list a hub role's home page reads)."""
    visible = visible_child_ids(user, child_id=child_id)
    open_tasks = ProtocolTask.objects.filter(child_id__in=visible, status=TaskStatus.OPEN)
    return open_tasks.select_related("owner_agency").order_by("due_at", "id")


def _since(rows: list[EpisodeRow], start: dt.datetime) -> int:
    return sum(1 for row in rows if row.last_seen_at >= start)


def _current_risk(open_episode: EpisodeRow | None) -> RiskGrading | None:
    if open_episode is None:
        return None
    gradings = RiskGrading.objects.filter(episode_id=open_episode.pk)
    return gradings.order_by("-graded_at", "-pk").first()


def _exploitation_flags(user: User, child_id: int) -> list[Flag]:
    """The latest screening of each kind (sexual, criminal exploitation)."""
    screenings = screenings_of_child_for_user(user=user, child_id=child_id).order_by(
        "-screened_at", "-pk"
    )
    latest: dict[str, Flag] = {}
    for screening in screenings.only("kind", "level", "screened_at")[:50]:
        if screening.kind not in latest:
            latest[screening.kind] = Flag(
                label=screening.get_kind_display(),
                level=screening.level,
                level_label=screening.get_level_display(),
                when=screening.screened_at,
            )
    return list(latest.values())


def _people(user: User, child: Child, placement: Placement | None) -> list[tuple[str, str]]:
    people: list[tuple[str, str]] = []
    current = next((s for s in child.legal_statuses.all() if s.end_date is None), None)
    if current is not None and current.responsible_authority_id is not None:
        authority = Agency.objects.only("name").get(pk=current.responsible_authority_id)
        people.append(("Responsible authority", authority.name))
    if placement is not None and placement.provider is not None:
        people.append(("Placement provider", placement.provider.name))
    open_interventions = interventions_of_child_for_user(user=user, child_id=child.pk).filter(
        ended_on__isnull=True
    )
    for intervention in open_interventions[:5]:
        worker = intervention.worker
        name = worker.get_full_name() or worker.username
        people.append((f"{intervention.get_intervention_type_display()} worker", name))
    return people
