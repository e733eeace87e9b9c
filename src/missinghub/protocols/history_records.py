"""Recorded history from the database, in the engine's shapes (a table, or one child's history).

`looked_after` is the child's legal status on the (UK) day of the report; `county_lines` is the
episode's `exploitation_flag` (police report, import, or a high exploitation screening).
"""

from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, date
from typing import Any

import polars as pl
from django.db.models import QuerySet

from missinghub.children.models import Child, LegalStatus, LegalStatusKind
from missinghub.episodes.models import Episode
from missinghub.protocols.engine import ChildHistory, EpisodeRecord
from missinghub.protocols.engine.history import HISTORY_SCHEMA
from missinghub.protocols.engine.working_days import local_date

Periods = dict[int, list[tuple[date, date | None]]]
FIELDS = (
    "pk",
    "child_id",
    "category",
    "reported_at",
    "returned_at",
    "child__date_of_birth",
    "missing_from__placement_type",
    "missing_from__area",
    "exploitation_flag",
)


def _looked_after_periods(child_ids: QuerySet | list[int] | None = None) -> Periods:
    statuses = LegalStatus.objects.filter(status=LegalStatusKind.LOOKED_AFTER)
    if child_ids is not None:
        statuses = statuses.filter(child_id__in=child_ids)
    periods: Periods = defaultdict(list)
    for child_id, start, end in statuses.values_list("child_id", "start_date", "end_date"):
        periods[child_id].append((start, end))
    return periods


def _rows(episodes: QuerySet[Episode], periods: Periods) -> Iterator[dict[str, Any]]:
    for values in episodes.values_list(*FIELDS).iterator(chunk_size=5000):
        pk, child_id, category, reported_at, returned_at, born, placement, area, flag = values
        day = local_date(reported_at)
        yield {
            "child_id": str(child_id),
            "episode_id": str(pk),
            "category": category,
            "looked_after": any(
                start <= day and (end is None or day < end) for start, end in periods[child_id]
            ),
            "county_lines": bool(flag),
            "placement_type": placement or "",
            "placement_area": area or "",
            "reported_at": reported_at.astimezone(UTC),
            "returned_at": returned_at.astimezone(UTC) if returned_at else None,
            "date_of_birth": born,
        }


def recorded_history() -> pl.DataFrame:
    """Every episode in the database, as the replay's history table."""
    rows = _rows(Episode.objects.order_by(), _looked_after_periods())
    return pl.DataFrame(list(rows), schema=HISTORY_SCHEMA)


def child_history(child: Child) -> ChildHistory:
    """One child's whole recorded history, for `evaluate`."""
    rows = _rows(Episode.objects.filter(child=child), _looked_after_periods([child.pk]))
    return ChildHistory(
        child_id=str(child.pk),
        date_of_birth=child.date_of_birth,
        episodes=tuple(_record(row) for row in rows),
    )


def child_histories(child_ids: list[int]) -> dict[int, ChildHistory]:
    """The whole recorded histories of several children (each with an episode), in two
    queries: for applying the protocol to a batch of episodes."""
    records: dict[int, list[EpisodeRecord]] = defaultdict(list)
    born: dict[int, date] = {}
    episodes = Episode.objects.filter(child_id__in=child_ids).order_by()
    for row in _rows(episodes, _looked_after_periods(child_ids)):
        child_id = int(row["child_id"])
        records[child_id].append(_record(row))
        born[child_id] = row["date_of_birth"]
    return {
        child_id: ChildHistory(
            child_id=str(child_id), date_of_birth=born[child_id], episodes=tuple(found)
        )
        for child_id, found in records.items()
    }


def _record(row: dict[str, Any]) -> EpisodeRecord:
    return EpisodeRecord(
        episode_id=row["episode_id"],
        category=row["category"],
        reported_at=row["reported_at"],
        returned_at=row["returned_at"],
        looked_after=row["looked_after"],
        county_lines=row["county_lines"],
        placement_type=row["placement_type"],
        placement_area=row["placement_area"],
    )
