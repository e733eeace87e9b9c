"""Reads of episodes, always scoped to the children the user's agency may see."""

import functools
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from missinghub.access.policy import visible_child_ids
from missinghub.access.roles import Action, may
from missinghub.accounts.models import Agency, AgencyKind, Area, User
from missinghub.children.models import Child, LegalStatus, LegalStatusKind, Placement
from missinghub.episodes.models import (
    CategoryChange,
    Episode,
    EpisodeCategory,
    EpisodeStatus,
    Notification,
    PoliceLogEntry,
    PreventionInterview,
    RiskGrading,
)
from missinghub.statements import from_row, select_from


def episodes_for_user(*, user: User) -> QuerySet[Episode]:
    return Episode.objects.filter(child_id__in=visible_child_ids(user))


def _with_gradings(episodes: QuerySet[Episode]) -> QuerySet[Episode]:
    return episodes.select_related("child", "reporting_agency", "missing_from").prefetch_related(
        Prefetch("risk_gradings", queryset=RiskGrading.objects.select_related("graded_by"))
    )


def missing_now_for_user(*, user: User) -> QuerySet[Episode]:
    """Children missing right now (open episodes), longest missing first."""
    episodes = episodes_for_user(user=user).filter(status=EpisodeStatus.OPEN)
    # Children and places read by primary key, one query each: joined into this query,
    # PostgreSQL merge-joined the open episodes with a scan of every child (0.1 s at region scale).
    return (
        episodes.select_related("reporting_agency")
        .prefetch_related(
            "child",
            "missing_from",
            Prefetch("risk_gradings", queryset=RiskGrading.objects.select_related("graded_by")),
        )
        .order_by("last_seen_at")
    )


def episodes_of_child_for_user(*, user: User, child_id: int) -> QuerySet[Episode]:
    visible = visible_child_ids(user, child_id=child_id)
    return _with_gradings(Episode.objects.filter(child_id__in=visible))


@dataclass(frozen=True, slots=True)
class EpisodeRow:
    """One line of a child's list of episodes: what a list or timeline shows, nothing more."""

    pk: int
    category_label: str
    status_label: str
    last_seen_at: datetime
    returned_at: datetime | None
    reporting_agency_name: str


_CATEGORY_LABELS = dict(EpisodeCategory.choices)
_STATUS_LABELS = dict(EpisodeStatus.choices)


def episode_rows_of_child_for_user(*, user: User, child_id: int) -> list[EpisodeRow]:
    """The child's episodes for a list or timeline, newest first: plain rows (no model
    instances, no gradings), so a child with hundreds of episodes stays cheap to show."""
    visible = visible_child_ids(user, child_id=child_id)
    rows = (
        Episode.objects.filter(child_id__in=visible)
        .order_by("-reported_at", "-pk")
        .values_list(
            "pk", "category", "status", "last_seen_at", "returned_at", "reporting_agency__name"
        )
    )
    return [
        EpisodeRow(pk, _CATEGORY_LABELS[category], _STATUS_LABELS[status], seen, back, agency)
        for pk, category, status, seen, back, agency in rows
    ]


def episode_for_user(*, user: User, episode_id: int) -> Episode | None:
    return _with_gradings(episodes_for_user(user=user)).filter(pk=episode_id).first()


@dataclass(frozen=True)
class PolicePart:
    """The police's part of an episode beside its gradings (the caller has checked that the
    user may see the episode)."""

    log: list[PoliceLogEntry]
    prevention_interview: PreventionInterview | None
    category_changes: dict[int, CategoryChange]  # by the grading that made each change


def police_part_of_episode(episode: Episode) -> PolicePart:
    changes = CategoryChange.objects.filter(episode=episode)
    return PolicePart(
        log=list(episode.police_log.all()),
        prevention_interview=PreventionInterview.objects.filter(episode=episode).first(),
        category_changes={change.grading_id: change for change in changes},
    )


def current_notifications_for_user(*, user: User) -> QuerySet[Notification]:
    """Notifications to the user's agency that have not expired, newest first.

    A current notification to the agency is itself one of the need-to-know rule's ways of
    seeing its child (access.policy), so only the role's permission is asked, not the rule:
    matching the rows against every child a missing team may see took 5.7 s at region scale."""
    if not may(user, Action.SEE_CHILD_RECORDS):
        return Notification.objects.none()
    return (
        Notification.objects.filter(to_agency_id=user.agency_id, expires_at__gt=timezone.now())
        .select_related("child", "from_agency", "episode")
        .order_by("-sent_at")
    )


def agencies_to_notify(*, child_id: int | None, reporting_agency: Agency) -> list[Agency]:
    """Who must hear when a child goes missing (the one rule; `agencies_to_notify_each` is the
    same rule for many children):

    - the missing team of the reporting agency's area;
    - the agencies concerned with the child (`_concerned_sql`): the social care team holding
      the child's current legal status and the missing team of that council's area (the
      responsible authority, for a child placed out of area); the provider of the current
      placement, and the missing team and police force of the area it is in (the host council
      and host force); the missing team of the child's home area.

    One statement written once (every report asks this)."""
    sql = _to_notify_sql()
    params: list[Any] = [AgencyKind.MISSING_TEAM.value, reporting_agency.area]
    if child_id is not None:
        sql += f" OR a.id IN (SELECT agency_id FROM ({_concerned_sql('= %s')}) h)"  # noqa: S608
        params += [child_id] * _CONCERNED_WAYS
    sql += ")"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    found = {agency.pk: agency for agency in (from_row(Agency, row) for row in rows)}
    found.pop(reporting_agency.pk, None)
    return sorted(found.values(), key=lambda agency: agency.name)


def agencies_to_notify_each(
    *, child_ids: Collection[int], reporting_agency: Agency
) -> dict[int, set[int]]:
    """The same rule as `agencies_to_notify` for many children at once (an import batch):
    {child id: ids of the agencies to notify}, in two statements whatever the number."""
    team = set(
        Agency.objects.filter(
            is_active=True, kind=AgencyKind.MISSING_TEAM, area=reporting_agency.area
        ).values_list("pk", flat=True)
    )
    found = {child_id: set(team) for child_id in child_ids}
    if found:
        with connection.cursor() as cursor:
            cursor.execute(*_concerned_with_each(list(found)))
            for child_id, agency_id in cursor.fetchall():
                found[child_id].add(agency_id)
    for agencies in found.values():
        agencies.discard(reporting_agency.pk)
    return found


def _concerned_with_each(child_ids: list[int]) -> tuple[str, list[Any]]:
    """(child id, agency id) of the active agencies concerned with each child: the ids as one
    array on PostgreSQL, as parameters elsewhere."""
    q = connection.ops.quote_name
    params: list[Any]
    if connection.vendor == "postgresql":
        among, params = "= ANY(%s)", [child_ids] * _CONCERNED_WAYS
    else:
        among, params = f"IN ({', '.join(['%s'] * len(child_ids))})", child_ids * _CONCERNED_WAYS
    sql = (  # names from the models, quoted; values are parameters
        f"SELECT h.child_id, h.agency_id FROM ({_concerned_sql(among)}) h"  # noqa: S608
        f" JOIN {q(Agency._meta.db_table)} a ON a.id = h.agency_id WHERE a.is_active"
    )
    return sql, params


@functools.cache
def _to_notify_sql() -> str:
    """Active agencies that are the missing team of an area, or (appended) a child's holders."""
    return select_from(Agency, "a") + " WHERE a.is_active AND (a.kind = %s AND a.area = %s"


_CONCERNED_WAYS = 5  # how many times `_concerned_sql` binds the child's id (or ids)


@functools.cache
def _concerned_sql(among: str) -> str:
    """(child_id, agency_id) of every agency concerned with the children whose id is `among`
    (`= %s`, or a list), active or not: see `agencies_to_notify`. Binds the ids five times."""
    q = connection.ops.quote_name

    def table(model: type[Any]) -> str:
        return q(model._meta.db_table)

    def column(model: type[Any], field: str) -> str:
        return q(model._meta.get_field(field).column)

    status, placement, agency = table(LegalStatus), table(Placement), table(Agency)
    area, child = table(Area), table(Child)
    holder = column(LegalStatus, "responsible_authority")
    host, home = column(Placement, "host_area"), column(Child, "home_area")
    force, team = column(Area, "police_force"), f"'{AgencyKind.MISSING_TEAM.value}'"
    looked_after = f"'{LegalStatusKind.LOOKED_AFTER.value}'"
    ways = [  # names from the models, quoted; the two kinds are constants of the code
        f"SELECT s.child_id, s.{holder} AS agency_id FROM {status} s"  # noqa: S608
        f" WHERE s.end_date IS NULL AND s.child_id {among}",
        f"SELECT p.child_id, p.{column(Placement, 'provider')} FROM {placement} p"  # noqa: S608
        f" WHERE p.end_date IS NULL AND p.child_id {among}",
        f"SELECT s.child_id, t.id FROM {status} s JOIN {agency} r ON r.id = s.{holder}"  # noqa: S608
        f" JOIN {agency} t ON t.area = r.area AND t.kind = {team}"
        f" WHERE s.end_date IS NULL AND s.status = {looked_after} AND s.child_id {among}",
        f"SELECT p.child_id, t.id FROM {placement} p JOIN {area} w ON w.id = p.{host}"  # noqa: S608
        f" JOIN {agency} t ON (t.area = w.name AND t.kind = {team}) OR t.id = w.{force}"
        f" WHERE p.end_date IS NULL AND p.child_id {among}",
        f"SELECT c.id, t.id FROM {child} c JOIN {area} w ON w.id = c.{home}"  # noqa: S608
        f" JOIN {agency} t ON t.area = w.name AND t.kind = {team} WHERE c.id {among}",
    ]
    return " UNION ALL ".join(ways)
