"""API tokens for partner systems, and the stored results of idempotent writes.

A token acts as its agency: it belongs to a service user of that agency with one role, so the
need-to-know rule (`access.policy`) applies to it unchanged. Only a hash of the token is kept.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from missinghub.accounts.models import Agency


class ApiToken(models.Model):
    name = models.CharField(max_length=100, help_text="The partner system, e.g. 'Niche RMS'.")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="api_tokens")
    service_user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_token"
    )
    prefix = models.CharField(max_length=16, unique=True, help_text="Shown; names the token.")
    secret_hash = models.CharField(max_length=64, help_text="SHA-256 of the whole token.")
    scopes = models.JSONField(default=list)
    rate_per_minute = models.PositiveIntegerField(default=600)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["agency", "name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")), name="api_token_expires_after_issue"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"


class IdempotentRequest(models.Model):
    """The first answer to a POST with an `Idempotency-Key`, replayed for the same key and body.

    Keys are per agency; the fingerprint covers the method, path and the validated body."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(default=0)
    body = models.JSONField(default=dict)
    etag = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "key"], name="idempotency_key_per_agency"),
        ]

    def __str__(self) -> str:
        return f"Idempotency-Key {self.key} of agency {self.agency_id}"
