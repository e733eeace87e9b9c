"""Writes to agencies and users."""

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.db import transaction

from missinghub.accounts.models import ROLE_AGENCY_KINDS, Agency, AgencyKind, Area, Role, User
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


class AdministrationError(ValueError):
    """A request an administrator cannot make (the message says why, for the page or the CLI)."""


@transaction.atomic
def add_agency(*, actor: User | None, name: str, kind: AgencyKind, area: str) -> Agency:
    """Add an agency serving `area` (a council's area; a force names the area it is recorded
    under). Names are unique, whatever their letter case."""
    name, area = name.strip(), area.strip()
    if not name or not area:
        raise AdministrationError("Enter the agency's name and the area it serves.")
    if Agency.objects.filter(name__iexact=name).exists():
        raise AdministrationError(f"An agency called {name!r} already exists.")
    agency = Agency.objects.create(name=name, kind=AgencyKind(kind), area=area)
    record_event(
        verb=AuditVerb.AGENCY_CREATED,
        actor=actor,
        target=agency,
        detail={"kind": str(kind), "area": area},
    )
    area_named_or_added(actor=actor, name=area)
    return agency


def area_named_or_added(*, actor: User | None, name: str) -> Area:
    """The area called `name`, added (audited, following the default protocol) when new."""
    area, created = Area.objects.get_or_create(name=name.strip())
    if created:
        record_event(verb=AuditVerb.AREA_CREATED, actor=actor, target=area)
    return area


@transaction.atomic
def set_agency_active(*, actor: User | None, agency: Agency, active: bool) -> Agency:
    agency.is_active = active
    agency.save(update_fields=["is_active"])
    record_event(
        verb=AuditVerb.AGENCY_UPDATED, actor=actor, target=agency, detail={"active": active}
    )
    return agency


@transaction.atomic
def enable_user(*, actor: User | None, user: User) -> User:
    user.is_active = True
    user.save(update_fields=["is_active"])
    record_event(verb=AuditVerb.USER_ENABLED, actor=actor, target=user)
    return user


@transaction.atomic
def unlock_user(*, actor: User | None, user: User) -> int:
    """Lift a sign-in lockout (django-axes keeps the failures); the number of records lifted."""
    from axes.utils import reset

    lifted = int(reset(username=user.username) or 0)
    record_event(verb=AuditVerb.USER_UNLOCKED, actor=actor, target=user, detail={"lifted": lifted})
    return lifted


@transaction.atomic
def reset_two_factor(*, actor: User | None, user: User) -> str:
    """Replace the user's authenticators (a lost phone) with a new TOTP secret, returned once
    for the administrator to enrol in person; recovery codes and security keys are removed."""
    Authenticator.objects.filter(user=user).delete()
    record_event(verb=AuditVerb.TWO_FACTOR_RESET, actor=actor, target=user)
    return set_up_totp(actor=actor, user=user)


def random_password() -> str:
    """A password made for one hand-over in person (shown once, stored only as its hash)."""
    import secrets

    return secrets.token_urlsafe(18)


@transaction.atomic
def create_first_administrator(
    *, agency_name: str, agency_kind: AgencyKind, area: str, username: str
) -> tuple[User, str, str]:
    """On an empty installation: the operating agency and its system administrator, with a
    one-time password and TOTP secret (returned once). Refused once any administrator exists."""
    if User.objects.filter(role=Role.SYSTEM_ADMINISTRATOR).exists():
        raise AdministrationError(
            "This installation already has a system administrator: they add users."
        )
    agency = Agency.objects.filter(name__iexact=agency_name.strip()).first()
    if agency is None:
        agency = add_agency(actor=None, name=agency_name, kind=agency_kind, area=area)
    password = random_password()
    user = create_or_reset_user(
        actor=None,
        username=username,
        agency=agency,
        role=Role.SYSTEM_ADMINISTRATOR,
        password=password,
    )
    return user, password, set_up_totp(actor=None, user=user)
