"""Reads of children's records, always scoped to what the user's agency may see."""

from django.db.models import Prefetch, QuerySet

from missinghub.accounts.access import visible_child_ids
from missinghub.accounts.models import User
from missinghub.children.models import Child, Placement


def children_for_user(*, user: User) -> QuerySet[Child]:
    return Child.objects.filter(pk__in=visible_child_ids(user))


def child_for_user(*, user: User, child_id: int) -> Child | None:
    """The child with full history, or None when it does not exist or the user may not see it."""
    return (
        children_for_user(user=user)
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
