"""`{% child_profile_links child %}`: the child page's links to the Philomena profile, the grab
pack (child missing now), the managed risk assessment and children-missing-education referrals,
for those who may use them."""

from typing import Any

from django import template

from missinghub.access.roles import Action, may
from missinghub.accounts.models import User
from missinghub.casework.models import ManagedRiskAssessment, PhilomenaProfile
from missinghub.casework.selectors.cme import cme_referrals_of_child_for_user
from missinghub.casework.services.philomena import is_looked_after
from missinghub.children.models import Child

register = template.Library()


@register.inclusion_tag("casework/includes/child_profile_links.html", takes_context=True)
def child_profile_links(context: dict[str, Any], child: Child) -> dict[str, Any]:
    user = context["request"].user
    if not isinstance(user, User):
        return {"show": False}
    has_profile = PhilomenaProfile.objects.filter(child=child).exists()
    looked_after = is_looked_after(child)
    missing_now = child.episodes.filter(returned_at__isnull=True).order_by("-reported_at").first()
    links = {
        "profile": has_profile or may(user, Action.EDIT_PHILOMENA_PROFILE),
        "grab_pack": missing_now if has_profile and may(user, Action.PRODUCE_GRAB_PACK) else None,
        "risk_assessment": ManagedRiskAssessment.objects.filter(child=child).exists()
        or (looked_after and may(user, Action.MANAGE_RISK_ASSESSMENTS)),
        "refer_cme": may(user, Action.REFER_CME),
        "cme_referrals": list(cme_referrals_of_child_for_user(user=user, child_id=child.pk)),
    }
    return {"show": any(links.values()), "child": child, "has_profile": has_profile, **links}
