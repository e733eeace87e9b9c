"""Reads of children's records, always scoped to what the user's agency may see."""

from django.db.models import Case, Prefetch, Q, QuerySet, When

from missinghub.access.policy import visible_child_ids
from missinghub.accounts.models import User
from missinghub.children.models import Child, ChildAlias, ChildContact, ContactRole, Placement
from missinghub.children.search import SIMILAR_ENOUGH, name_score, parse_query


def children_for_user(*, user: User) -> QuerySet[Child]:
    return Child.objects.filter(pk__in=visible_child_ids(user))


def child_for_user(*, user: User, child_id: int) -> Child | None:
    """The child with full history, or None when it does not exist or the user may not see it."""
    return (
        Child.objects.filter(pk__in=visible_child_ids(user, child_id=child_id))
        .prefetch_related(
            "aliases",
            "identifiers__agency",
            "legal_statuses",
            Prefetch("placements", queryset=Placement.objects.select_related("provider")),
        )
        .filter(pk=child_id)
        .first()
    )


def current_placement(child: Child) -> Placement | None:
    """The open placement among those already loaded for `child`."""
    return next((p for p in child.placements.all() if p.end_date is None), None)


def search_children_for_user(*, user: User, query: str, limit: int = 25) -> list[Child]:
    """Children the user may see that match a reference exactly, a date of birth, or a name
    closely enough; best matches first."""
    terms = parse_query(query)
    visible = children_for_user(user=user)
    if terms.date_of_birth is not None:
        return list(visible.filter(date_of_birth=terms.date_of_birth)[:limit])
    if not terms.name_tokens:
        return []
    by_reference = list(
        visible.filter(
            Q(identifiers__value__iexact=terms.text)
            | Q(episodes__police_reference__iexact=terms.text)
        ).distinct()[:limit]
    )
    if by_reference:
        return by_reference
    scored = []
    for pk, given, family, aliases in _names_of(visible):
        score = name_score(terms.name_tokens, (given, family, *aliases))
        if score >= SIMILAR_ENOUGH:
            scored.append((score, pk))
    best = [pk for _, pk in sorted(scored, key=lambda item: (-item[0], item[1]))[:limit]]
    found = Child.objects.in_bulk(best)
    return [found[pk] for pk in best]


def _names_of(children: QuerySet[Child]) -> list[tuple[int, str, str, list[str]]]:
    aliases: dict[int, list[str]] = {}
    for child_id, given, family in ChildAlias.objects.filter(child__in=children).values_list(
        "child_id", "given_name", "family_name"
    ):
        aliases.setdefault(child_id, []).extend([given, family])
    return [
        (pk, given, family, aliases.get(pk, []))
        for pk, given, family in children.values_list("pk", "given_name", "family_name")
    ]


WORKER_FIRST = Case(When(role=ContactRole.ALLOCATED_SOCIAL_WORKER, then=0), default=1)


def contacts_of_child_for_user(*, user: User, child_id: int) -> QuerySet[ChildContact]:
    """The child's current people (allocated social worker first), if the user may see them."""
    return (
        ChildContact.objects.filter(
            child_id__in=visible_child_ids(user, child_id=child_id), ended_at__isnull=True
        )
        .filter(child_id=child_id)
        .order_by(WORKER_FIRST, "role", "added_at", "pk")
    )


def contact_for_user(*, user: User, contact_id: int, current: bool = True) -> ChildContact | None:
    """One of a child's people (only a current one with `current`), for a child the user may
    see; else None."""
    found = ChildContact.objects.filter(pk=contact_id).select_related("child")
    contact = (found.filter(ended_at__isnull=True) if current else found).first()
    if contact is None:
        return None
    visible = visible_child_ids(user, child_id=contact.child_id).exists()
    return contact if visible else None


def allocated_social_worker(*, child_id: int) -> ChildContact | None:
    """The child's current allocated social worker, for a page or letter already showing the
    child to someone who may see them."""
    return ChildContact.objects.filter(
        child_id=child_id, role=ContactRole.ALLOCATED_SOCIAL_WORKER, ended_at__isnull=True
    ).first()
