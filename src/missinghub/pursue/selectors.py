"""Reads for the network of concern. Starting from one child needs the child to be one the user
may see (the need-to-know rule); the entities and the other children linked to them are then
shown to the roles of `Action.SEE_PURSUE` (access.roles): sharing them is the point."""

import contextlib
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from missinghub.access.policy import visible_child_ids
from missinghub.accounts.models import User
from missinghub.casework.models import PhilomenaProfile
from missinghub.children.models import Child
from missinghub.pursue import normalise
from missinghub.pursue.models import (
    ConcernProposal,
    DisruptionAction,
    Entity,
    EntityKind,
    EntityLink,
    ProposalStatus,
)
from missinghub.pursue.network import Group, LinkRow, find_groups


def visible_child(*, user: User, child_id: int) -> Child | None:
    return Child.objects.filter(pk=child_id, pk__in=visible_child_ids(user)).first()


@dataclass(frozen=True)
class EntityRow:
    entity: Entity
    links: list[EntityLink]  # this child's links to the entity
    others: list[Child]  # the other children linked to it


def network_of_child(child: Child) -> list[EntityRow]:
    """The child's entities, with how each was recorded and the other children who share it."""
    links = list(
        EntityLink.objects.filter(child=child)
        .select_related("entity", "recorded_by")
        .order_by("entity__kind", "entity__label", "-seen_on")
    )
    entity_ids = {link.entity_id for link in links}
    sharing: dict[int, dict[int, Child]] = {entity_id: {} for entity_id in entity_ids}
    for link in (
        EntityLink.objects.filter(entity_id__in=entity_ids)
        .exclude(child=child)
        .select_related("child")
        .order_by("child__family_name", "child__given_name")
    ):
        sharing[link.entity_id][link.child_id] = link.child
    rows: dict[int, EntityRow] = {}
    for link in links:
        row = rows.setdefault(
            link.entity_id, EntityRow(link.entity, [], list(sharing[link.entity_id].values()))
        )
        row.links.append(link)
    return list(rows.values())


def find_entities(text: str) -> list[Entity]:
    """Every entity the text could be, read as each kind in turn (a phone number in any form, a
    postcode, a registration, a handle, a name or alias)."""
    keys: list[tuple[str, str]] = []
    readers = (
        (EntityKind.PHONE, normalise.phone_key),
        (EntityKind.VEHICLE, normalise.registration_key),
        (EntityKind.HANDLE, normalise.handle_key),
        (EntityKind.PERSON, normalise.person_key),
    )
    for kind, reader in readers:
        with contextlib.suppress(normalise.NotRecognised):
            keys.append((kind, reader(text)))
    found = Q(pk__in=[])
    for entity_kind, key in keys:
        found |= Q(kind=entity_kind, key=key)
    with contextlib.suppress(normalise.NotRecognised):
        found |= Q(kind=EntityKind.PLACE, key__startswith=normalise.postcode_key(text) + "|")
    person = dict(keys).get(EntityKind.PERSON)
    if person:
        found |= Q(kind=EntityKind.PERSON, aliases__key=person)
    return list(Entity.objects.filter(found).distinct().order_by("kind", "label")[:50])


@dataclass(frozen=True)
class ProfileContacts:
    """What a child's Philomena profile says of associates, places and phones, and the UK
    numbers it names, for the worker recording them as entities."""

    fields: list[tuple[str, str]]
    phones: list[str]


PROFILE_CONTACT_FIELDS = (
    ("associates", "Associates"),
    ("places_frequented", "Places frequented"),
    ("phone_and_social_media", "Phone and social media"),
)


def profile_contacts(child: Child) -> ProfileContacts | None:
    profile = PhilomenaProfile.objects.filter(child=child).first()
    if profile is None:
        return None
    fields = [(label, getattr(profile, name)) for name, label in PROFILE_CONTACT_FIELDS]
    phones = normalise.phones_in(" \n ".join(text for _, text in fields))
    return ProfileContacts([(label, text) for label, text in fields if text], phones)


def entity_with_links(entity_id: int) -> tuple[Entity | None, list[EntityLink]]:
    entity = Entity.objects.filter(pk=entity_id).prefetch_related("aliases").first()
    if entity is None:
        return None, []
    links = list(entity.links.select_related("child", "recorded_by").order_by("-seen_on", "-id"))
    return entity, links


def actions_of_entity(entity: Entity) -> QuerySet[DisruptionAction]:
    return entity.actions.select_related("owner", "child")


def open_actions_for_owner(user: User) -> QuerySet[DisruptionAction]:
    return DisruptionAction.objects.filter(owner=user, done_on__isnull=True).select_related(
        "entity", "child"
    )


def open_proposals() -> QuerySet[ConcernProposal]:
    return (
        ConcernProposal.objects.filter(status=ProposalStatus.PROPOSED)
        .select_related("entity", "meeting", "meeting__panel")
        .prefetch_related("evidence", "evidence__child", "evidence__recorded_by")
    )


def links_for_research(child_ids: set[int]) -> QuerySet[EntityLink]:
    """The links of these children that may be shared without conditions (handling code P)."""
    return (
        EntityLink.objects.filter(child_id__in=child_ids, handling_code="P")
        .select_related("entity")
        .order_by("child_id", "pk")
    )


def all_link_rows() -> list[LinkRow]:
    return [
        LinkRow(*values)
        for values in EntityLink.objects.values_list(
            "child_id", "entity_id", "source_evaluation", "intelligence_assessment"
        ).iterator(chunk_size=5000)
    ]


def groups(*, max_children: int | None = None, min_children: int | None = None) -> list[Group]:
    options = {
        name: value
        for name, value in (("max_children", max_children), ("min_children", min_children))
        if value is not None
    }
    return find_groups(all_link_rows(), **options)


def entities_by_id(ids: set[int]) -> dict[int, Entity]:
    return Entity.objects.in_bulk(ids)


def most_linked_entities(limit: int = 20) -> QuerySet[Entity]:
    """The people, places, phones and vehicles linked to the most children (common ground
    included: a place many children name is worth knowing even if it joins no group)."""
    return Entity.objects.annotate(children=Count("links__child", distinct=True)).order_by(
        "-children", "label"
    )[:limit]
