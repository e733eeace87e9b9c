"""Intake matching against the children in the database, through a per-process index.

The index (`model.intake.IntakeIndex`) is built from every child on first use. When children
have only been added since (an import, a report: the stamp of a few aggregates says so), the new
ones are added as a segment of their own, a few milliseconds for a batch of an import (segments
are joined when there are many); any other change (a merge or unmerge, a child removed) and at
least every `MAX_AGE_SECONDS` (so an edited name or an identifier added to an older child is
picked up) rebuilds it.
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
from missinghub.linkage.model.scorer import PairScore, score_pair
from missinghub.linkage.model.spec import IDENTIFIER_COLUMNS
from missinghub.linkage.model.train import SavedModel, current_model
from missinghub.linkage.models import ChildMerge
from missinghub.linkage.records import children_records, record_from_values, records_from_values

NEW_RECORD_ID = -1
MAX_AGE_SECONDS = 600


@dataclass
class _Cached:
    stamp: "_Stamp | None" = None
    index: IntakeIndex | None = None
    built_at: float = 0.0


@dataclass(frozen=True)
class _Stamp:
    children: int
    top_child: int | None
    top_created: Any  # when the child with the highest id was made (an id reused is not it)
    identifiers: tuple[Any, ...]
    merges: tuple[Any, ...]

    def only_added_to(self, older: "_Stamp") -> bool:
        """Whether the children since `older` are its children and some with higher ids."""
        if self.merges != older.merges or self.top_child is None:
            return False
        if older.top_child is None:
            return older.children == 0
        same_top = Child.objects.filter(pk=older.top_child, created_at=older.top_created)
        if not same_top.exists():  # removed, or its id reused after a rollback (SQLite)
            return False
        added = Child.objects.filter(pk__gt=older.top_child).count()
        return self.children == older.children + added


def forget_index() -> None:
    """Drop the cached index (tests; after retraining)."""
    with _lock:
        _cache.index, _cache.stamp = None, None


_cache = _Cached()
_lock = threading.Lock()


def _stamp() -> _Stamp:
    children = Child.objects.aggregate(n=Count("pk"), top=Max("pk"))
    top = Child.objects.filter(pk=children["top"]).values_list("created_at", flat=True).first()
    identifiers = ChildIdentifier.objects.aggregate(n=Count("pk"), top=Max("pk"))
    merges = ChildMerge.objects.aggregate(n=Count("pk"), undone=Max("unmerged_at"))
    return _Stamp(
        children["n"], children["top"], top, tuple(identifiers.values()), tuple(merges.values())
    )


def children_index(model: SavedModel | None = None) -> IntakeIndex:
    """The index of every child, brought up to date when the children have changed."""
    stamp = _stamp()
    with _lock:
        index, older = _cache.index, _cache.stamp
        stale = time.monotonic() - _cache.built_at > MAX_AGE_SECONDS
        if index is None or older is None or stale or model is not None:
            return _rebuild(stamp, model)
        if older == stamp:
            return index
        if stamp.only_added_to(older):
            added = children_records(after=older.top_child or 0)
            index.extend(prepare(added, index.spec))
            _cache.stamp = stamp
            return index
        return _rebuild(stamp, model)


def _rebuild(stamp: _Stamp, model: SavedModel | None) -> IntakeIndex:
    used = model or current_model()
    _cache.index = IntakeIndex(prepare(children_records(), used.spec), used)
    _cache.stamp, _cache.built_at = stamp, time.monotonic()
    return _cache.index


def match_records(
    people: Sequence[Mapping[str, Any]], *, floor: float = 0.5, limit: int = 5
) -> list[list[Candidate]]:
    """`match_record` for many records against one index (the stamp is read once). Each person
    is a mapping with the keyword arguments of `match_record`."""
    if not people:
        return []
    index = children_index()
    records = records_from_values(
        [{"unique_id": NEW_RECORD_ID - at, **person} for at, person in enumerate(people)]
    )
    return index.candidates_each(prepare(records, index.spec), floor=floor, limit=limit)


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


def score_pairs(asked: Mapping[str, tuple[Mapping[str, Any], int]]) -> dict[str, PairScore]:
    """{key: the model's score} of each (person, stored child id) pair: the people as
    `match_record`'s keyword arguments, the children read from the database (two queries).
    Each child named holds the identifiers the person gives (that is how it was named): the
    child's record is compared with those, not with another identifier of the same kind."""
    if not asked:
        return {}
    index = children_index()
    children = prepare(children_records(sorted({c for _, c in asked.values()})), index.spec)
    known = {row["unique_id"]: row for row in children.rows(named=True)}
    people = records_from_values(
        [{"unique_id": NEW_RECORD_ID - at, **p} for at, (p, _) in enumerate(asked.values())]
    )
    scores = {}
    for key, new, (_, child_id) in zip(
        asked, prepare(people, index.spec).rows(named=True), asked.values(), strict=True
    ):
        held = {column: new[column] for column in IDENTIFIER_COLUMNS if new.get(column)}
        child = {**known[child_id], **held}
        scores[key] = score_pair(index.spec, index.weights, child, new, index.tf)
    return scores
