"""`{% child_people child %}`: the child page's list of the child's people (allocated social
worker first, then named contacts), with change and end links for those who keep them."""

from typing import Any

from django import template

from missinghub.access.roles import Action, may
from missinghub.accounts.models import User
from missinghub.children.models import Child
from missinghub.children.selectors import contacts_of_child_for_user

register = template.Library()


@register.inclusion_tag("casework/includes/child_people.html", takes_context=True)
def child_people(context: dict[str, Any], child: Child) -> dict[str, Any]:
    user = context["request"].user
    if not isinstance(user, User):
        return {"child": child, "people": [], "may_edit": False}
    return {
        "child": child,
        "people": list(contacts_of_child_for_user(user=user, child_id=child.pk)),
        "may_edit": may(user, Action.EDIT_CHILDS_PEOPLE),
    }
