"""Writes for API tokens: issue (the token is shown once) and revoke. Each write is audited."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from missinghub.accounts.models import ROLE_AGENCY_KINDS, Agency, Role, User
from missinghub.api.models import ApiToken
from missinghub.api.scopes import Scope
from missinghub.audit.enums import AuditVerb
from missinghub.audit.services import record_event

TOKEN_PREFIX = "mh_"  # noqa: S105  (the format, not a secret)


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # the whole token: shown once, never stored


def hash_token(raw: str) -> str:
    """Tokens carry 256 random bits, so a plain SHA-256 is enough (and fast per request)."""
    return hashlib.sha256(raw.encode()).hexdigest()


def split_token(raw: str) -> str | None:
    """The prefix of a token in our format (`mh_<prefix>_<secret>`), or None."""
    parts = raw.split("_", 2)
    if len(parts) != 3 or parts[0] + "_" != TOKEN_PREFIX or not parts[1] or not parts[2]:
        return None
    return parts[1]


@transaction.atomic
def issue_token(
    *,
    actor: User | None,
    agency: Agency,
    name: str,
    role: Role,
    scopes: list[Scope],
    days: int = 365,
    rate_per_minute: int = 600,
) -> IssuedToken:
    """A token for a partner system of `agency`, acting as a new service user with `role`."""
    if agency.kind not in ROLE_AGENCY_KINDS[role]:
        raise ValueError(f"The role {role} does not belong in a {agency.kind} agency.")
    if days < 1 or rate_per_minute < 1:
        raise ValueError("A token lasts at least a day and allows at least one request a minute.")
    prefix = secrets.token_hex(6)
    raw = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    service_user = _service_user(prefix=prefix, name=name, agency=agency, role=role)
    now = timezone.now()
    token = ApiToken.objects.create(
        name=name,
        agency=agency,
        service_user=service_user,
        prefix=prefix,
        secret_hash=hash_token(raw),
        scopes=sorted({str(Scope(scope)) for scope in scopes}),
        rate_per_minute=rate_per_minute,
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    record_event(
        verb=AuditVerb.API_TOKEN_ISSUED,
        actor=actor,
        target=token,
        detail={"agency_id": agency.pk, "role": str(role), "scopes": token.scopes},
    )
    return IssuedToken(token=token, secret=raw)


def _service_user(*, prefix: str, name: str, agency: Agency, role: Role) -> User:
    """The user a token acts as: its agency and role, and no password (it cannot sign in)."""
    user = User(
        username=f"api-{prefix}", first_name=name[:150], last_name="(API)", agency=agency, role=role
    )
    user.set_unusable_password()
    user.save()
    return user


@transaction.atomic
def revoke_token(*, actor: User | None, prefix: str) -> ApiToken:
    """Stop a token working at once; its service user is disabled too."""
    token = ApiToken.objects.select_for_update().get(prefix=prefix)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        User.objects.filter(pk=token.service_user_id).update(is_active=False)
        record_event(
            verb=AuditVerb.API_TOKEN_REVOKED,
            actor=actor,
            target=token,
            detail={"agency_id": token.agency_id},
        )
    return token
