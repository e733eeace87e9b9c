"""Reads for children missing education: a school sees its own referrals, the council team its
own, and anyone only for children their agency may see."""

from django.db.models import Q, QuerySet

from missinghub.access.policy import visible_child_ids
from missinghub.accounts.models import User
from missinghub.casework.models import CmeReferral


def cme_referrals_for_user(*, user: User) -> QuerySet[CmeReferral]:
    return (
        CmeReferral.objects.filter(child_id__in=visible_child_ids(user))
        .filter(Q(school=user.agency_id) | Q(referred_to=user.agency_id))
        .select_related("child", "school", "referred_to", "referred_by")
    )


def cme_referrals_of_child_for_user(*, user: User, child_id: int) -> QuerySet[CmeReferral]:
    """The child's referrals the user's agency made or received (for the child's page)."""
    return CmeReferral.objects.filter(
        child_id__in=visible_child_ids(user, child_id=child_id)
    ).filter(Q(school=user.agency_id) | Q(referred_to=user.agency_id))


def cme_referral_for_user(*, user: User, referral_id: int) -> CmeReferral | None:
    return (
        cme_referrals_for_user(user=user)
        .prefetch_related("enquiries__made_by")
        .filter(pk=referral_id)
        .first()
    )
