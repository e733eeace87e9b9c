"""Reads of children's records, always scoped to what the user's agency may see."""

from django.db.models import Prefetch, Q, QuerySet

from missinghub.access.policy import only_visible_children, visible_child_ids
from missinghub.accounts.models import User
from missinghub.children.models import Child, ChildAlias, Placement
from missinghub.children.name_search import NameLikeness, name_matches
from missinghub.children.search import normalised, parse_query, sound_of

ALIASES_AT_MOST = 500  # children found by an alias, before the need-to-know rule


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
    (children.search); closest spelling first. The need-to-know rule is applied in the same
    query, to the rows the name found."""
    terms = parse_query(query)
    if terms.date_of_birth is not None:
        born = Child.objects.filter(date_of_birth=terms.date_of_birth)
        return list(only_visible_children(born, user)[:limit])
    if not terms.name_tokens:
        return []
    if any(character.isdigit() for character in terms.text):  # names hold no digits
        referenced = Child.objects.filter(
            Q(identifiers__value__iexact=terms.text)
            | Q(episodes__police_reference__iexact=terms.text)
        ).distinct()
        if by_reference := list(only_visible_children(referenced, user)[:limit]):
            return by_reference
    return _by_name(user, normalised(terms.text), limit)


def _by_name(user: User, text: str, limit: int) -> list[Child]:
    codes = sorted({sound_of(word) for word in text.split()} - {""})
    matches = name_matches(text, codes)
    by_alias = ChildAlias.objects.filter(matches).values_list("child_id", flat=True)
    found = Child.objects.filter(matches | Q(pk__in=list(by_alias[:ALIASES_AT_MOST])))
    ranked = only_visible_children(found, user).annotate(likeness=NameLikeness("search_name", text))
    return list(ranked.order_by("-likeness", "family_name", "given_name", "pk")[:limit])
