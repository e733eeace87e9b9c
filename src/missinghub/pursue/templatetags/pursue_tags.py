"""Small pieces other apps' pages show: the link to record a person, place, phone or vehicle of
concern (return interview, Philomena profile, panel pages) and the disruption actions a user
owns (home page). Each shows nothing to a user outside the roles `Action.SEE_PURSUE` gives."""

from typing import Any

from django import template

from missinghub.access.roles import Action, may
from missinghub.accounts.models import Role, User
from missinghub.casework.models import PanelMeeting
from missinghub.pursue.models import LinkSource
from missinghub.pursue.selectors import open_actions_for_owner, open_proposals

POLICE_ROLES = frozenset({Role.POLICE_OFFICER, Role.POLICE_SUPERVISOR})

register = template.Library()


def _user(context: dict[str, Any]) -> User | None:
    request = context.get("request")
    user = getattr(request, "user", None)
    return user if isinstance(user, User) and may(user, Action.SEE_PURSUE) else None


@register.inclusion_tag("pursue/includes/record_link.html", takes_context=True)
def pursue_record_link(context: dict[str, Any], child_id: int, source: str) -> dict[str, Any]:
    """Pages pass their source; the child page passes none: police record from their log."""
    user = _user(context)
    if user is not None and not source and user.role in POLICE_ROLES:
        source = LinkSource.POLICE_LOG
    return {"shown": user is not None, "child_id": child_id, "source": source}


@register.inclusion_tag("pursue/includes/my_actions.html", takes_context=True)
def pursue_my_actions(context: dict[str, Any]) -> dict[str, Any]:
    """The user's open disruption actions; for a panel chair, how many proposals wait."""
    user = _user(context)
    if user is None:
        return {"actions": [], "proposals": 0}
    waiting = open_proposals().count() if user.role == Role.PANEL_CHAIR else 0
    return {"actions": list(open_actions_for_owner(user)[:20]), "proposals": waiting}


@register.inclusion_tag("pursue/includes/proposals_waiting.html", takes_context=True)
def pursue_proposals_waiting(context: dict[str, Any], meeting: PanelMeeting) -> dict[str, Any]:
    """On a meeting's agenda page: the proposed items of concern waiting for this meeting."""
    user = _user(context)
    return {"waiting": open_proposals().filter(meeting=meeting).count() if user else 0}
