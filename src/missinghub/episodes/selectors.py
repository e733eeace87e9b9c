"""Reads of episodes, always scoped to the children the user's agency may see."""

import functools
from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from missinghub.access.policy import visible_child_ids
from missinghub.accounts.models import Agency, AgencyKind, User
from missinghub.children.models import LegalStatus, Placement
from missinghub.episodes.models import (
    Episode,
    EpisodeCategory,
    EpisodeStatus,
    Notification,
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
    return _with_gradings(episodes).order_by("last_seen_at")


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


def current_notifications_for_user(*, user: User) -> QuerySet[Notification]:
    """Notifications to the user's agency that have not expired, newest first."""
    return (
        Notification.objects.filter(
            to_agency_id=user.agency_id,
            expires_at__gt=timezone.now(),
            child_id__in=visible_child_ids(user),
        )
        .select_related("child", "from_agency", "episode")
        .order_by("-sent_at")
    )


def agencies_to_notify(*, child_id: int | None, reporting_agency: Agency) -> list[Agency]:
    """Who must hear when a child goes missing: the missing team of the reporting agency's
    area, the social care team holding the child's current legal status, and the provider of
    the child's current placement. One statement written once (every report asks this)."""
    sql, params = _to_notify_sql(), [AgencyKind.MISSING_TEAM.value, reporting_agency.area]
    if child_id is not None:
        sql += f" OR a.id IN ({_current_holders_sql()})"
    sql += ")"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *([child_id, child_id] if child_id is not None else [])])
        rows = cursor.fetchall()
    found = {agency.pk: agency for agency in (from_row(Agency, row) for row in rows)}
    found.pop(reporting_agency.pk, None)
    return sorted(found.values(), key=lambda agency: agency.name)


@functools.cache
def _to_notify_sql() -> str:
    """Active agencies that are the missing team of an area, or (appended) a child's holders."""
    return select_from(Agency, "a") + " WHERE a.is_active AND (a.kind = %s AND a.area = %s"


@functools.cache
def _current_holders_sql() -> str:
    """The agencies holding a child's current legal status or placement (two bound ids)."""
    q = connection.ops.quote_name
    ways = [(LegalStatus, "responsible_authority"), (Placement, "provider")]
    return " UNION ALL ".join(
        f"SELECT {q(str(model._meta.get_field(field).column))} FROM {q(model._meta.db_table)}"  # type: ignore[union-attr]  # noqa: S608
        f" WHERE {q('child_id')} = %s AND {q('end_date')} IS NULL"
        for model, field in ways
    )
