"""Everything held on one child, found through Django's model relations.

Starting from the `Child` row, follow every relation that points at a collected row (foreign keys
and one-to-one fields of other models, and the link tables of many-to-many fields), then from
those rows onwards. So a new app's model that refers to a child, an episode, a placement or any
other row of the child's record is included without changing this module. Used by the
subject-access bundle (what is held) and by retention (what to delete, in an order the database
accepts).
"""

import datetime as dt
import graphlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models

from missinghub.accounts.models import Agency
from missinghub.children.models import Child

MAX_DEPTH = 6  # rows of a row of a row...: far deeper than any record needs


@dataclass
class ChildRecords:
    """Rows per model, in the order they were found (the child first)."""

    rows: dict[type[models.Model], list[models.Model]] = field(default_factory=dict)

    def add(self, model: type[models.Model], found: list[models.Model]) -> list[models.Model]:
        known = {obj.pk for obj in self.rows.get(model, [])}
        new = [obj for obj in found if obj.pk not in known]
        if new:
            self.rows.setdefault(model, []).extend(new)
        return new

    def count(self) -> int:
        return sum(len(objs) for objs in self.rows.values())


def _pointing_at(model: type[models.Model], pks: list[Any]) -> Iterator[models.QuerySet]:
    """Querysets of the rows of other models that refer to these rows of `model`."""
    for relation in model._meta.related_objects:
        if relation.many_to_many:
            through = relation.through  # type: ignore[attr-defined]
            for link in through._meta.concrete_fields:
                if link.is_relation and link.related_model is model:
                    yield through._default_manager.filter(**{f"{link.name}__in": pks})
        else:
            related = relation.related_model
            yield related._default_manager.filter(**{f"{relation.field.name}__in": pks})


def collect_child_records(child: Child) -> ChildRecords:
    records = ChildRecords()
    frontier: list[tuple[type[models.Model], list[models.Model]]] = [(Child, [child])]
    records.add(Child, [child])
    for _ in range(MAX_DEPTH):
        following: list[tuple[type[models.Model], list[models.Model]]] = []
        for model, objs in frontier:
            for queryset in _pointing_at(model, [obj.pk for obj in objs]):
                new = records.add(queryset.model, list(queryset.order_by("pk")))
                if new:
                    following.append((queryset.model, new))
        if not following:
            break
        frontier = following
    return records


def deletion_order(records: ChildRecords) -> list[type[models.Model]]:
    """Models ordered so that a row is deleted before any row it refers to."""
    collected = set(records.rows)
    referrers: dict[type[models.Model], set[type[models.Model]]] = {m: set() for m in collected}
    for model in collected:
        for fk in model._meta.concrete_fields:
            target = fk.related_model if fk.is_relation else None
            if target in collected and target is not model:
                referrers[target].add(model)
    return list(graphlib.TopologicalSorter(referrers).static_order())


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return f"<{len(value)} bytes>"
    if hasattr(value, "name") and hasattr(value, "storage"):  # a stored file
        return value.name
    return value


def as_data(obj: models.Model) -> dict[str, Any]:
    """A row as plain JSON-ready data; agencies by name as well as number."""
    data: dict[str, Any] = {}
    for model_field in obj._meta.concrete_fields:
        data[model_field.attname] = _plain(getattr(obj, model_field.attname))
        if model_field.is_relation and model_field.related_model is Agency:
            agency = getattr(obj, model_field.name)
            data[f"{model_field.name}_name"] = agency.name if agency else None
    return data
