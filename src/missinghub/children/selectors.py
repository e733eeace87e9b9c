"""Reads of children's records, always scoped to what the user's agency may see."""

from django.db.models import Case, F, Prefetch, Q, QuerySet, When

from missinghub.access.policy import only_visible_children, visible_child_ids
from missinghub.accounts.models import Area, User
from missinghub.children.models import Child, ChildAlias, ChildContact, ContactRole, Placement
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
