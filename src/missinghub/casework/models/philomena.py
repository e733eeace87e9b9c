"""Philomena Protocol profiles: kept for any child at risk (in care or at home), held by the care
provider of the child's placement and handed on with the child when the placement changes
(`held_by`), handed to police when the child goes missing (the grab pack). Versioned: every save
adds a version row (the whole profile as it was saved, with who saved it), so the history is
complete. The photo is stored privately (`PRIVATE_MEDIA_ROOT`, never under a public URL) and
served only by an access-checked, audited view."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from missinghub.accounts.models import Agency
from missinghub.children.models import Child
from missinghub.episodes.models import Episode

PROFILE_FIELDS = (
    "description",
    "associates",
    "places_frequented",
    "phone_and_social_media",
    "medical_needs",
    "missing_history",
)


class PhilomenaProfile(models.Model):
    child = models.OneToOneField(Child, on_delete=models.PROTECT, related_name="philomena_profile")
    description = models.TextField(blank=True, help_text="Height, build, hair, marks, accent.")
    associates = models.TextField(blank=True)
    places_frequented = models.TextField(blank=True)
    phone_and_social_media = models.TextField(blank=True)
    medical_needs = models.TextField(blank=True)
    missing_history = models.TextField(blank=True, help_text="Patterns, where found before.")
    photo_name = models.CharField(max_length=255, blank=True, help_text="Private storage name.")
    photo_content_type = models.CharField(max_length=32, blank=True)
    photo_taken_on = models.DateField(null=True, blank=True)
    held_by = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        db_index=False,  # philomena_held_by_idx, built concurrently (migration 0009)
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The care provider holding the profile: the child's placement's, handed on "
        "when the placement changes; none for a child at home.",
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(photo_name="") | Q(photo_content_type__in=["image/jpeg", "image/png"]),
                name="philomena_photo_jpeg_or_png",
            ),
        ]
        indexes = [models.Index(fields=["held_by"], name="philomena_held_by_idx")]

    def __str__(self) -> str:
        return f"Philomena profile of child {self.child_id}"


class PhilomenaProfileVersion(models.Model):
    """The profile as one save left it (the current version has a row too)."""

    profile = models.ForeignKey(
        PhilomenaProfile, on_delete=models.CASCADE, related_name="previous_versions"
    )
    version = models.PositiveIntegerField()
    content = models.JSONField()
    saved_at = models.DateTimeField()
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["profile", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "version"], name="philomena_version_once"),
        ]

    def __str__(self) -> str:
        return f"Version {self.version} of {self.profile}"


class GrabPack(models.Model):
    """A grab pack handed to police for one episode, with what the child was last seen wearing."""

    profile = models.ForeignKey(PhilomenaProfile, on_delete=models.PROTECT, related_name="packs")
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="grab_packs")
    profile_version = models.PositiveIntegerField()
    last_seen_clothing = models.TextField()
    last_seen_details = models.TextField(blank=True, help_text="Where, with whom, how they seemed.")
    produced_at = models.DateTimeField()
    produced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-produced_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(last_seen_clothing=""), name="grab_pack_has_clothing"
            ),
        ]

    def __str__(self) -> str:
        return f"Grab pack for episode {self.episode_id}"
