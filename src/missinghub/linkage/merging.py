"""Merge two child records into one, and undo it exactly.

A merge moves every row that points at the merged child (episodes, placements, identifiers,
notifications, casework ...: every model with a foreign key to `Child`, found through Django's
metadata, so new apps are covered) to the child kept, records the merged child's name as an
alias of the kept one, saves the merged child's row as Django serialises it, and deletes that
row. Undoing puts the row back with the same id and every moved row back where it was.
"""

import json
from datetime import date, datetime, time
from typing import Any

from django.apps import apps
from django.core import serializers
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from missinghub.accounts.models import User
from missinghub.audit.enums import AuditVerb
from missinghub.audit.services import record_event
from missinghub.children.models import AliasKind, Child, ChildAlias
from missinghub.linkage.models import ChildMerge, ReviewPair, ReviewStatus


class MergeRefused(Exception):
    """The records cannot be merged (or unmerged) as they stand; the message says why."""


def _child_relations() -> list[models.ForeignObject[Any, Any]]:
    """Every foreign key (and one-to-one) from another model to `Child`."""
    return [
        relation.field
        for relation in Child._meta.related_objects
        if relation.one_to_many or relation.one_to_one
    ]


def _plain(value: object) -> str:
    """JSON for what Django's python serialiser leaves as objects, at full precision (Django's
    JSON encoder would cut a time to milliseconds)."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)  # Decimal, UUID


def row_record(instance: models.Model) -> list[dict[str, Any]]:
    data = serializers.serialize("python", [instance])
    return list(json.loads(json.dumps(data, default=_plain)))


def _refuse_one_to_one_clash(kept: Child, merged: Child) -> None:
    for field in _child_relations():
        if not field.one_to_one:
            continue
        model = field.model
        if model._default_manager.filter(**{field.name: kept}).exists() and (
            model._default_manager.filter(**{field.name: merged}).exists()
        ):
            raise MergeRefused(
                f"Both records have a {model._meta.verbose_name}: combine those by hand first."
            )


def _move_rows(source_id: int, target_id: int) -> dict[str, dict[str, list[Any]]]:
    moved: dict[str, dict[str, list[Any]]] = {}
    for field in _child_relations():
        manager = field.model._default_manager
        rows = manager.filter(**{field.attname: source_id})
        keys = sorted(rows.values_list("pk", flat=True))
        if keys:
            manager.filter(pk__in=keys).update(**{field.attname: target_id})
            moved.setdefault(field.model._meta.label, {})[field.attname] = keys
    return moved


def _move_back(moved: dict[str, dict[str, list[Any]]], kept_id: int, merged_id: int) -> None:
    for label, fields in moved.items():
        manager = apps.get_model(label)._default_manager
        for attname, keys in fields.items():
            manager.filter(pk__in=keys, **{attname: kept_id}).update(**{attname: merged_id})


def _supersede_pairs(child_id: int) -> list[int]:
    pending = ReviewPair.objects.filter(status=ReviewStatus.PENDING).filter(
        models.Q(first_child_id=child_id) | models.Q(second_child_id=child_id)
    )
    keys = sorted(pending.values_list("pk", flat=True))
    ReviewPair.objects.filter(pk__in=keys).update(status=ReviewStatus.SUPERSEDED)
    return keys


def _reopen_pairs(merge: ChildMerge) -> None:
    """Pairs the merge decided or set aside wait for a decision again, as before it."""
    reopened = ReviewPair.objects.filter(
        models.Q(merge=merge)
        | models.Q(pk__in=merge.superseded_pair_ids, status=ReviewStatus.SUPERSEDED)
    )
    reopened.update(
        status=ReviewStatus.PENDING, merge=None, decided_at=None, decided_by=None, reason=""
    )


@transaction.atomic
def merge_children(
    *,
    actor: User | None,
    kept: Child,
    merged: Child,
    reason: str,
    match_probability: float | None = None,
    automatic: bool = False,
) -> ChildMerge:
    """Merge `merged` into `kept` (audited; `unmerge` undoes it)."""
    if kept.pk == merged.pk:
        raise MergeRefused("A record cannot be merged with itself.")
    _refuse_one_to_one_clash(kept, merged)
    record = row_record(merged)
    merged_id = merged.pk
    try:
        with transaction.atomic():
            moved = _move_rows(merged_id, kept.pk)
    except IntegrityError as error:
        raise MergeRefused(f"The records hold rows that cannot be combined ({error}).") from None
    alias = ChildAlias.objects.create(
        child=kept,
        given_name=merged.given_name,
        family_name=merged.family_name,
        kind=AliasKind.ALIAS,
    )
    Child.objects.filter(pk=merged_id).delete()
    merge = ChildMerge.objects.create(
        kept_child_id=kept.pk,
        merged_child_id=merged_id,
        merged_child_record=record,
        moved_rows=moved,
        added_alias_id=alias.pk,
        match_probability=match_probability,
        automatic=automatic,
        merged_at=timezone.now(),
        merged_by=actor if actor is not None and actor.pk else None,
        reason=reason,
        superseded_pair_ids=_supersede_pairs(merged_id),
    )
    detail = {"kept_child": kept.pk, "merged_child": merged_id, "automatic": automatic}
    for child_id in (kept.pk, merged_id):
        record_event(
            verb=AuditVerb.CHILDREN_MERGED,
            actor=actor,
            target=merge,
            child_id=child_id,
            detail={**detail, "moved": {k: sum(map(len, v.values())) for k, v in moved.items()}},
        )
    return merge


@transaction.atomic
def unmerge(*, actor: User | None, merge: ChildMerge, reason: str) -> Child:
    """Put the merged child back exactly as it was, with everything that moved (audited)."""
    merge = ChildMerge.objects.select_for_update().get(pk=merge.pk)
    if merge.is_undone:
        raise MergeRefused("This merge has already been undone.")
    if not Child.objects.filter(pk=merge.kept_child_id).exists():
        raise MergeRefused("The record kept was itself merged later: undo that merge first.")
    if Child.objects.filter(pk=merge.merged_child_id).exists():
        raise MergeRefused("A record with the merged child's number exists already.")
    for restored in serializers.deserialize("python", merge.merged_child_record):
        restored.save()
    _move_back(merge.moved_rows, merge.kept_child_id, merge.merged_child_id)
    if merge.added_alias_id is not None:
        ChildAlias.objects.filter(pk=merge.added_alias_id).delete()
    merge.unmerged_at = timezone.now()
    merge.unmerged_by = actor if actor is not None and actor.pk else None
    merge.unmerge_reason = reason
    merge.save(update_fields=["unmerged_at", "unmerged_by", "unmerge_reason"])
    _reopen_pairs(merge)
    detail = {"kept_child": merge.kept_child_id, "merged_child": merge.merged_child_id}
    for child_id in (merge.kept_child_id, merge.merged_child_id):
        record_event(
            verb=AuditVerb.CHILDREN_UNMERGED,
            actor=actor,
            target=merge,
            child_id=child_id,
            detail=detail,
        )
    return Child.objects.get(pk=merge.merged_child_id)
