"""Reads for Philomena profiles and grab packs, scoped to the children the user may see."""

from django.db.models import QuerySet

from missinghub.access.policy import visible_child_ids
from missinghub.accounts.models import User
from missinghub.casework.models import GrabPack, PhilomenaProfile, PhilomenaProfileVersion
from missinghub.children.models import Child


def child_with_profile_for_user(
    *, user: User, child_id: int
) -> tuple[Child | None, PhilomenaProfile | None]:
    child = Child.objects.filter(pk=child_id, pk__in=visible_child_ids(user)).first()
    if child is None:
        return None, None
    profile = (
        PhilomenaProfile.objects.filter(child=child).select_related("updated_by", "held_by").first()
    )
    return child, profile


def versions_of_profile(profile: PhilomenaProfile) -> QuerySet[PhilomenaProfileVersion]:
    return profile.previous_versions.select_related("saved_by").order_by("-version")


def grab_pack_for_user(*, user: User, pack_id: int) -> GrabPack | None:
    return (
        GrabPack.objects.filter(pk=pack_id, episode__child_id__in=visible_child_ids(user))
        .select_related("profile", "profile__child", "episode", "produced_by")
        .first()
    )
