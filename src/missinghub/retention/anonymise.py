"""Anonymise one child's record in place (the schedule's `anonymise` action).

Kept for statistics: the episodes, their dates, categories and risk levels, placements' types.
Removed: names, aliases, identifiers held by agencies, the child's people (contacts), the day of
birth (kept to the month), the postcode's last part (kept to the district), references, and every
free-text field of every row found through the model relations (so new apps' notes are covered).
"""

from collections import Counter

from django.db import models

from missinghub.children.models import Child, ChildAlias, ChildContact, ChildIdentifier
from missinghub.episodes.models import Episode
from missinghub.exports.pseudonyms import district_of
from missinghub.exports.records import collect_child_records

REMOVED = "[removed under the retention schedule]"


def _blank_free_text(obj: models.Model) -> bool:
    changed = False
    for model_field in obj._meta.concrete_fields:
        if isinstance(model_field, models.TextField) and getattr(obj, model_field.attname):
            setattr(obj, model_field.attname, REMOVED)
            changed = True
    return changed


def anonymise_child(child: Child) -> Counter:
    changed: Counter = Counter()
    records = collect_child_records(child)
    for removed in (ChildAlias, ChildIdentifier, ChildContact):
        count = removed._default_manager.filter(child=child).delete()[0]
        changed[removed._meta.label_lower] += count
    for model, objs in records.rows.items():
        if model in (Child, ChildAlias, ChildIdentifier, ChildContact):
            continue
        for obj in objs:
            if _blank_free_text(obj):
                obj.save()
                changed[model._meta.label_lower] += 1
    Episode.objects.filter(child=child).update(where_found="", police_reference="")
    child.given_name, child.family_name = "Removed", "Removed"
    child.date_of_birth = child.date_of_birth.replace(day=1)
    child.home_postcode = district_of(child.home_postcode)
    child.save()
    changed["children.child"] += 1
    return changed
