"""Small pieces other apps' pages show: the link to record a person, place, phone or vehicle of
concern (return interview, Philomena profile, panel pages) and the disruption actions a user
owns (home page). Each shows nothing to a user outside `access.PURSUE_ROLES`."""

from typing import Any

from django import template

from missinghub.accounts.models import Role, User
from missinghub.pursue.access import may_see_pursue
from missinghub.pursue.models import LinkSource
from missinghub.pursue.selectors import open_actions_for_owner

POLICE_ROLES = frozenset({Role.POLICE_OFFICER, Role.POLICE_SUPERVISOR})

register = template.Library()


def _user(context: dict[str, Any]) -> User | None:
    request = context.get("request")
    user = getattr(request, "user", None)
    return user if isinstance(user, User) and may_see_pursue(user) else None


@register.inclusion_tag("pursue/includes/record_link.html", takes_context=True)
def pursue_record_link(context: dict[str, Any], child_id: int, source: str) -> dict[str, Any]:
    """Pages pass their source; the child page passes none: police record from their log."""
    user = _user(context)
    if user is not None and not source and user.role in POLICE_ROLES:
        source = LinkSource.POLICE_LOG
    return {"shown": user is not None, "child_id": child_id, "source": source}


@register.inclusion_tag("pursue/includes/my_actions.html", takes_context=True)
def pursue_my_actions(context: dict[str, Any]) -> dict[str, Any]:
    user = _user(context)
    return {"actions": list(open_actions_for_owner(user)[:20]) if user else []}
