"""Intake matching against the children in the database, through a per-process index.

The index (`model.intake.IntakeIndex`) is built from every child on first use and rebuilt when
the set of children changes (a child or identifier added, a merge or unmerge: the stamp is a few
aggregates) and at least every `MAX_AGE_SECONDS` (so an edited name is picked up).
"""

import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max

from missinghub.children.models import Child, ChildIdentifier
from missinghub.linkage.model.intake import Candidate, IntakeIndex
from missinghub.linkage.model.prepare import prepare
from missinghub.linkage.model.train import SavedModel, current_model
from missinghub.linkage.models import ChildMerge
from missinghub.linkage.records import children_records, record_from_values

NEW_RECORD_ID = -1
MAX_AGE_SECONDS = 600


@dataclass
class _Cached:
    stamp: tuple[Any, ...] | None = None
    index: IntakeIndex | None = None
    built_at: float = 0.0


def forget_index() -> None:
    """Drop the cached index (tests; after retraining)."""
    with _lock:
        _cache.index, _cache.stamp = None, None


_cache = _Cached()
_lock = threading.Lock()


def _stamp() -> tuple[Any, ...]:
    children = Child.objects.aggregate(n=Count("pk"), top=Max("pk"), new=Max("created_at"))
    identifiers = ChildIdentifier.objects.aggregate(n=Count("pk"), top=Max("pk"))
    merges = ChildMerge.objects.aggregate(n=Count("pk"), undone=Max("unmerged_at"))
    return (*children.values(), *identifiers.values(), *merges.values())


def children_index(model: SavedModel | None = None) -> IntakeIndex:
    """The index of every child, rebuilt only when the children have changed."""
    stamp = _stamp()
    with _lock:
        stale = time.monotonic() - _cache.built_at > MAX_AGE_SECONDS
        if _cache.index is None or _cache.stamp != stamp or stale or model is not None:
            used = model or current_model()
            _cache.index = IntakeIndex(prepare(children_records(), used.spec), used)
            _cache.stamp, _cache.built_at = stamp, time.monotonic()
        return _cache.index


def match_records(
    people: Sequence[Mapping[str, Any]], *, floor: float = 0.5, limit: int = 5
) -> list[list[Candidate]]:
    """`match_record` for many records against one index (the stamp is read once). Each person
    is a mapping with the keyword arguments of `match_record`."""
    index = children_index()
    found = []
    for position, person in enumerate(people):
        record = record_from_values(unique_id=NEW_RECORD_ID - position, **person)
        found.append(index.candidates(prepare(record, index.spec), floor=floor, limit=limit))
    return found


def match_record(
    *,
    given_name: str | None,
    family_name: str | None,
    date_of_birth: Any,
    sex: str | None = None,
    postcode: str | None = None,
    identifiers: dict[str, str] | None = None,
    floor: float = 0.5,
    limit: int = 5,
) -> list[Candidate]:
    index = children_index()
    record = record_from_values(
        unique_id=NEW_RECORD_ID,
        given_name=given_name,
        family_name=family_name,
        date_of_birth=date_of_birth,
        sex=sex,
        postcode=postcode,
        identifiers=identifiers,
    )
    return index.candidates(prepare(record, index.spec), floor=floor, limit=limit)
