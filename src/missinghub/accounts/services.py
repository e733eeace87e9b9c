"""Writes to agencies and users."""

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.db import transaction

from missinghub.accounts.models import ROLE_AGENCY_KINDS, Agency, Role, User
from missinghub.audit.enums import AuditVerb
from missinghub.audit.services import record_event


class RoleNotAllowedForAgency(ValueError):
    """A role that does not belong in this kind of agency (e.g. a police officer in a school)."""


@transaction.atomic
def create_or_reset_user(
    *,
    actor: User | None,
    username: str,
    agency: Agency,
    role: Role,
    password: str,
    first_name: str = "",
    last_name: str = "",
) -> User:
    """Create the user, or reset an existing one's agency, role and password."""
    if agency.kind not in ROLE_AGENCY_KINDS[role]:
        raise RoleNotAllowedForAgency(
            f"A {role.label} cannot belong to a {agency.get_kind_display()}."
        )
    user, created = User.objects.update_or_create(
        username=username,
        defaults={
            "agency": agency,
            "role": role,
            "first_name": first_name,
            "last_name": last_name,
            "email": f"{username}@example.invalid",
            "is_active": True,
        },
    )
    user.set_password(password)
    user.save(update_fields=["password"])
    record_event(
        verb=AuditVerb.USER_CREATED,
        actor=actor,
        target=user,
        detail={"created": created, "role": str(role), "agency_id": agency.pk},
    )
    return user


@transaction.atomic
def disable_user(*, actor: User | None, user: User, reason: str) -> User:
    """Disable the account. Its sessions are refused at their next request (and audited then)."""
    user.is_active = False
    user.save(update_fields=["is_active"])
    record_event(verb=AuditVerb.USER_DISABLED, actor=actor, target=user, detail={"reason": reason})
    return user


@transaction.atomic
def change_password(*, actor: User | None, user: User, password: str) -> User:
    """Set a new password. Every session signed in with the old one ends at its next request."""
    user.set_password(password)
    user.save(update_fields=["password"])
    record_event(verb=AuditVerb.PASSWORD_CHANGED, actor=actor, target=user)
    return user


@transaction.atomic
def set_up_totp(*, actor: User | None, user: User) -> str:
    """Give the user a new TOTP device (replacing any) and return its secret, for the demo and
    for administrators enrolling a user in person. The secret is shown once, never stored plain."""
    Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    record_event(
        verb=AuditVerb.TWO_FACTOR_SET_UP, actor=actor, target=user, detail={"type": "totp"}
    )
    return secret
