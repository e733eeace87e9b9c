"""Writes: link a child to a person, place, vehicle, phone or handle of concern (found again
whatever way it is written), bulk links from an import, and disruption actions. Keyword-only,
one transaction each, audited. A new link asks `proposals.propose_concerns` whether the area's
protocol now proposes the entity to an exploitation panel."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone

from missinghub.accounts.models import User
from missinghub.audit.enums import AuditVerb
from missinghub.audit.services import record_event
from missinghub.children.models import Child
from missinghub.pursue import normalise
from missinghub.pursue.models import (
    ActionKind,
    DisruptionAction,
    Entity,
    EntityAlias,
    EntityKind,
    EntityLink,
)
from missinghub.pursue.proposals import propose_concerns


@dataclass(frozen=True)
class Grading:
    """The 3x5x2 grading: source evaluation (1-3), intelligence assessment (A-E), handling (P/C)."""

    source_evaluation: str = "2"
    intelligence_assessment: str = "C"
    handling_code: str = "P"


@dataclass(frozen=True)
class Mention:
    """One entity as someone wrote it down: kind, value, and for places the postcode."""

    kind: str
    value: str
    postcode: str = ""
    aliases: Sequence[str] = field(default_factory=tuple)


def entity_key(mention: Mention) -> tuple[str, str]:
    """(key, label) of a mention; raises `normalise.NotRecognised` with the reason."""
    value = " ".join(mention.value.split())
    if mention.kind == EntityKind.PHONE:
        key = normalise.phone_key(value)
        return key, normalise.phone_label(key)
    if mention.kind == EntityKind.PLACE:
        postcode = normalise.postcode_key(mention.postcode)
        key = normalise.address_key(value, postcode)
        return key, f"{value}, {postcode}" if value else postcode
    if mention.kind == EntityKind.VEHICLE:
        key = normalise.registration_key(value)
        return key, key
    if mention.kind == EntityKind.HANDLE:
        key = normalise.handle_key(value)
        return key, f"@{key}"
    if mention.kind == EntityKind.PERSON:
        return normalise.person_key(value), value
    raise normalise.NotRecognised(f"unknown kind {mention.kind!r}")


def find_or_create_entity(mention: Mention) -> Entity:
    """The one entity a mention stands for; a person is found by their name or any alias."""
    key, label = entity_key(mention)
    if mention.kind != EntityKind.PERSON:
        return Entity.objects.get_or_create(kind=mention.kind, key=key, defaults={"label": label})[
            0
        ]
    names = {normalise.person_key(a): a.strip() for a in mention.aliases if a.strip()}
    names[key] = label
    entity = Entity.objects.filter(kind=EntityKind.PERSON, key__in=names).order_by("pk").first()
    if entity is None:
        alias = EntityAlias.objects.filter(entity__kind=EntityKind.PERSON, key__in=names).first()
        entity = alias.entity if alias else None
    if entity is None:
        entity = Entity.objects.create(kind=EntityKind.PERSON, key=key, label=label)
    for alias_key in names.keys() - {entity.key}:
        EntityAlias.objects.get_or_create(
            entity=entity, key=alias_key, defaults={"name": names[alias_key]}
        )
    return entity


@transaction.atomic
def record_link(
    *,
    actor: User,
    child: Child,
    mention: Mention,
    source: str,
    seen_on: date,
    grading: Grading,
    relationship: str = "",
    note: str = "",
) -> EntityLink:
    """Link `child` to the entity `mention` names, audited; then apply the protocol's alerts."""
    entity = find_or_create_entity(mention)
    link = EntityLink.objects.create(
        entity=entity,
        child=child,
        source=source,
        relationship=relationship.strip(),
        as_recorded=mention.value.strip() or mention.postcode.strip(),
        seen_on=seen_on,
        recorded_at=timezone.now(),
        recorded_by=actor,
        source_evaluation=grading.source_evaluation,
        intelligence_assessment=grading.intelligence_assessment,
        handling_code=grading.handling_code,
        note=note.strip(),
    )
    record_event(
        verb=AuditVerb.PURSUE_LINK_RECORDED,
        actor=actor,
        target=link,
        child_id=child.pk,
        detail={"entity_id": entity.pk, "kind": entity.kind, "source": source},
    )
    propose_concerns(entity=entity, today=timezone.localdate())
    return link


@dataclass(frozen=True)
class ImportedLink:
    """One link from an agency file or the synthetic loader."""

    child_id: int
    mention: Mention
    source: str
    seen_on: date
    grading: Grading
    relationship: str = ""


@transaction.atomic
def import_links(*, actor: User, rows: Iterable[ImportedLink], propose: bool = True) -> int:
    """Record many links at once (one audit event); each entity is found or made once."""
    entities: dict[tuple[str, str], Entity] = {}
    links = []
    now = timezone.now()
    for row in rows:
        key = (row.mention.kind, entity_key(row.mention)[0])
        if key not in entities:
            entities[key] = find_or_create_entity(row.mention)
        links.append(
            EntityLink(
                entity=entities[key],
                child_id=row.child_id,
                source=row.source,
                relationship=row.relationship,
                as_recorded=row.mention.value or row.mention.postcode,
                seen_on=row.seen_on,
                recorded_at=now,
                recorded_by=actor,
                source_evaluation=row.grading.source_evaluation,
                intelligence_assessment=row.grading.intelligence_assessment,
                handling_code=row.grading.handling_code,
            )
        )
    EntityLink.objects.bulk_create(links, batch_size=2000)
    record_event(
        verb=AuditVerb.PURSUE_LINK_RECORDED,
        actor=actor,
        detail={"imported_links": len(links), "entities": len(entities)},
    )
    if propose:
        for entity in entities.values():
            propose_concerns(entity=entity, today=timezone.localdate())
    return len(links)


@transaction.atomic
def record_action(
    *,
    actor: User,
    entity: Entity,
    kind: ActionKind | str,
    description: str,
    owner: User,
    due_date: date,
    child: Child | None = None,
) -> DisruptionAction:
    action = DisruptionAction.objects.create(
        entity=entity,
        kind=kind,
        child=child,
        description=description.strip(),
        owner=owner,
        due_date=due_date,
        recorded_at=timezone.now(),
        recorded_by=actor,
    )
    record_event(
        verb=AuditVerb.PURSUE_ACTION_RECORDED,
        actor=actor,
        target=action,
        child_id=child.pk if child else None,
        detail={"entity_id": entity.pk, "kind": str(kind), "owner_id": owner.pk},
    )
    return action


@transaction.atomic
def record_outcome(
    *, actor: User, action: DisruptionAction, outcome: str, done_on: date | None
) -> DisruptionAction:
    action.outcome = outcome.strip()
    action.done_on = done_on
    action.save(update_fields=["outcome", "done_on"])
    record_event(
        verb=AuditVerb.PURSUE_ACTION_UPDATED,
        actor=actor,
        target=action,
        child_id=action.child_id,
        detail={"entity_id": action.entity_id, "done": done_on is not None},
    )
    return action
