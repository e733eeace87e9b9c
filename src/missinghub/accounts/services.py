"""Writes to agencies and users."""

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
