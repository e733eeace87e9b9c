"""Reads of children's records, always scoped to what the user's agency may see."""

from django.db.models import F, Prefetch, Q, QuerySet

from missinghub.access.policy import visible_child_ids
from missinghub.accounts.models import Area, User
from missinghub.children.models import Child, ChildAlias, Placement
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


def areas_of_agency(agency_id: int | None, area: str) -> set[str]:
    """The areas an agency works in: its own, and for a force every area it serves."""
    return {area} | set(
        Area.objects.filter(police_force_id=agency_id).values_list("name", flat=True)
    )


def placed_across_borders_for_user(*, user: User) -> tuple[list[Placement], list[Placement]]:
    """Current placements out of area (the host area is not the placing council's) touching
    the user's areas (`areas_of_agency`), of the children the user may see: (children placed
    in our areas by another council, children our councils placed in another area). The
    placing council is the placement's placing authority; where it is, its host area. Oldest
    placement first. A force serving both councils finds the child in both lists."""
    ours = areas_of_agency(user.agency_id, user.agency.area)
    current = (
        Placement.objects.filter(
            end_date__isnull=True,
            host_area__isnull=False,
            placing_authority__isnull=False,
            child_id__in=visible_child_ids(user),
        )
        .exclude(host_area__name=F("placing_authority__area"))
        .select_related("child", "host_area", "placing_authority", "provider")
        .order_by("start_date", "pk")
    )
    placed_here = current.filter(host_area__name__in=ours)
    placed_away = current.filter(placing_authority__area__in=ours)
    return list(placed_here[:500]), list(placed_away[:500])
