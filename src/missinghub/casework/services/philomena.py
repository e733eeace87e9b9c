"""Philomena profiles: for any child at risk, in care or at home, started and kept current by the
care provider, social worker, missing team or police (whoever may see the child), each save
a new version (refused when someone else saved first), a photo checked and stored privately, and
the grab pack for police when the child is reported missing. When the child's placement changes
the profile is handed on to the new placement's care provider (`hand_on_profile`, on the hook
`children.placement_started`), who then sees it by the need-to-know rule."""

from dataclasses import asdict, dataclass
from datetime import date
from uuid import uuid4

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from missinghub.accounts.models import Agency, User
from missinghub.audit.enums import AuditVerb
from missinghub.audit.services import record_event
from missinghub.casework.models import (
    PROFILE_FIELDS,
    GrabPack,
    PhilomenaProfile,
    PhilomenaProfileVersion,
)
from missinghub.casework.private_files import private_storage
from missinghub.casework.services.concurrency import (
    EditConflict,
    refuses_stale_saves,
    update_if_current,
)
from missinghub.casework.services.photos import check_photo
from missinghub.children.models import Child, LegalStatusKind, Placement
from missinghub.episodes.models import Episode


class PhilomenaError(ValueError):
    """The profile or grab pack cannot be saved like that; the message says why."""


@dataclass(frozen=True)
class ProfileContent:
    description: str = ""
    associates: str = ""
    places_frequented: str = ""
    phone_and_social_media: str = ""
    medical_needs: str = ""
    missing_history: str = ""

    def cleaned(self) -> dict[str, str]:
        return {name: value.strip() for name, value in asdict(self).items()}


def is_looked_after(child: Child) -> bool:
    return child.legal_statuses.filter(
        status=LegalStatusKind.LOOKED_AFTER, end_date__isnull=True
    ).exists()


def _provider_now(child: Child) -> Agency | None:
    placement = child.placements.filter(end_date__isnull=True).select_related("provider").first()
    return placement.provider if placement else None


def _keep_version(profile: PhilomenaProfile, actor: User) -> None:
    content: dict[str, object] = {name: getattr(profile, name) for name in PROFILE_FIELDS}
    content["photo_name"] = profile.photo_name
    content["photo_content_type"] = profile.photo_content_type
    taken = profile.photo_taken_on
    content["photo_taken_on"] = taken.isoformat() if taken else None
    PhilomenaProfileVersion.objects.create(
        profile=profile,
        version=profile.version,
        content=content,
        saved_at=timezone.now(),
        saved_by=actor,
    )


def _audit_save(verb: AuditVerb, actor: User, profile: PhilomenaProfile) -> None:
    record_event(
        verb=verb,
        actor=actor,
        target=profile,
        child_id=profile.child_id,
        detail={"version": profile.version},
    )


@transaction.atomic
def start_profile(*, actor: User, child: Child, content: ProfileContent) -> PhilomenaProfile:
    """The child's first profile (version 1), held by the provider of the child's placement."""
    if PhilomenaProfile.objects.filter(child=child).exists():
        raise PhilomenaError("This child already has a profile: open it to make changes.")
    try:
        with transaction.atomic():
            profile = PhilomenaProfile.objects.create(
                child=child, held_by=_provider_now(child), updated_by=actor, **content.cleaned()
            )
    except IntegrityError:  # a colleague started it at the same moment
        raise PhilomenaError("This child already has a profile: open it to make changes.") from None
    _keep_version(profile, actor)
    _audit_save(AuditVerb.PHILOMENA_PROFILE_SAVED, actor, profile)
    return profile


def hand_on_profile(*, placement: Placement, actor: User | None = None) -> None:
    """Hook `children.placement_started`: the child's profile goes with them to the new
    placement's care provider (who sees it, and the child, as the provider of the placement);
    the handover is kept on the profile and audited. A placement with no provider (back home)
    hands it back to the social worker and the missing team (held by no provider)."""
    provider = placement.provider
    if placement.end_date is not None:
        return
    profile = PhilomenaProfile.objects.filter(child_id=placement.child_id).first()
    if profile is None or profile.held_by_id == (provider.pk if provider else None):
        return
    handed_from = profile.held_by_id
    PhilomenaProfile.objects.filter(pk=profile.pk).update(held_by=provider)
    record_event(
        verb=AuditVerb.PHILOMENA_PROFILE_HANDED_ON,
        actor=actor,
        target=profile,
        child_id=placement.child_id,
        detail={
            "from_agency": handed_from,
            "to_agency": provider.pk if provider else None,
            "placement": placement.pk,
        },
    )


@refuses_stale_saves
def save_profile(
    *, actor: User, profile: PhilomenaProfile, content: ProfileContent, expected_version: int
) -> PhilomenaProfile:
    """A new version; refused (EditConflict) when someone saved after `expected_version`."""
    changes = {**content.cleaned(), "updated_at": timezone.now(), "updated_by": actor}
    update_if_current(
        instance=profile, expected_version=expected_version, changes=changes, what="profile"
    )
    _keep_version(profile, actor)
    _audit_save(AuditVerb.PHILOMENA_PROFILE_SAVED, actor, profile)
    return profile


@refuses_stale_saves
def save_photo(
    *,
    actor: User,
    profile: PhilomenaProfile,
    content: bytes,
    taken_on: date | None,
    expected_version: int,
) -> PhilomenaProfile:
    """Check the photo by its bytes, strip its metadata, store it privately: a new version."""
    photo = check_photo(content)
    storage = private_storage()
    name = storage.save(
        f"philomena/{profile.child_id}/{uuid4().hex}.{photo.extension}", ContentFile(photo.content)
    )
    changes = {
        "photo_name": name,
        "photo_content_type": photo.content_type,
        "photo_taken_on": taken_on,
        "updated_at": timezone.now(),
        "updated_by": actor,
    }
    try:
        update_if_current(
            instance=profile, expected_version=expected_version, changes=changes, what="profile"
        )
    except EditConflict:
        storage.delete(name)
        raise
    _keep_version(profile, actor)
    _audit_save(AuditVerb.PHILOMENA_PHOTO_SAVED, actor, profile)
    return profile


def photo_size_limit() -> int:
    return int(settings.MISSINGHUB_PHILOMENA_PHOTO_MAX_BYTES)


def read_photo(profile: PhilomenaProfile) -> bytes | None:
    """The stored photo's bytes (callers check access and audit the look)."""
    if not profile.photo_name:
        return None
    with private_storage().open(profile.photo_name, "rb") as photo:
        return photo.read()


@transaction.atomic
def produce_grab_pack(
    *, actor: User, episode: Episode, last_seen_clothing: str, last_seen_details: str = ""
) -> GrabPack:
    """Record a grab pack for a child missing now, with what they were last seen wearing; the
    pack shows the profile as it is at this moment (its version is kept on the pack)."""
    profile = PhilomenaProfile.objects.filter(child_id=episode.child_id).first()
    if profile is None:
        raise PhilomenaError("This child has no Philomena profile.")
    if not episode.is_open:
        raise PhilomenaError("The child has returned: a grab pack is for a child missing now.")
    if not last_seen_clothing.strip():
        raise PhilomenaError("Say what the child was last seen wearing.")
    pack = GrabPack.objects.create(
        profile=profile,
        episode=episode,
        profile_version=profile.version,
        last_seen_clothing=last_seen_clothing.strip(),
        last_seen_details=last_seen_details.strip(),
        produced_at=timezone.now(),
        produced_by=actor,
    )
    record_event(
        verb=AuditVerb.GRAB_PACK_PRODUCED,
        actor=actor,
        target=pack,
        child_id=episode.child_id,
        detail={"episode_id": episode.pk, "profile_version": profile.version},
    )
    return pack
