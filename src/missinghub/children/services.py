"""Writes to children's records. Each runs in one transaction with its audit event."""

from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from missinghub.accounts.models import Agency, Area, User
from missinghub.audit.enums import AuditVerb
from missinghub.audit.services import record_event
from missinghub.children.hooks import placement_started
from missinghub.children.models import (
    Child,
    ChildContact,
    ChildIdentifier,
    ContactRole,
    Ethnicity,
    IdentifierKind,
    LegalStatus,
    LegalStatusKind,
    Placement,
    PlacementArea,
    PlacementType,
    Sex,
)
from missinghub.children.selectors import child_for_user


class ChildNotVisible(LookupError):
    """The child does not exist, or the user's agency has no need to know about them."""


@transaction.atomic
def create_child(
    *,
    actor: User | None,
    given_name: str,
    family_name: str,
    date_of_birth: date,
    date_of_birth_is_approximate: bool = False,
    sex: Sex = Sex.NOT_KNOWN,
    ethnicity: Ethnicity = Ethnicity.NOT_STATED,
    home_postcode: str = "",
) -> Child:
    child = store_child(
        given_name=given_name,
        family_name=family_name,
        date_of_birth=date_of_birth,
        date_of_birth_is_approximate=date_of_birth_is_approximate,
        sex=sex,
        ethnicity=ethnicity,
        home_postcode=home_postcode,
    )
    record_event(verb=AuditVerb.CHILD_CREATED, actor=actor, target=child, child_id=child.pk)
    return child


def store_child(
    *, given_name: str, family_name: str, home_postcode: str = "", **fields: Any
) -> Child:
    """Insert the child's row with names and postcode tidied as every way in tidies them.

    Not audited and no transaction of its own: for callers that record CHILD_CREATED with the
    rest of their action's events (create_child above, the API intake)."""
    return Child.objects.create(
        given_name=given_name.strip(),
        family_name=family_name.strip(),
        home_postcode=home_postcode.strip().upper(),
        **fields,
    )


@transaction.atomic
def add_identifier(
    *, actor: User | None, child: Child, agency: Agency, kind: IdentifierKind, value: str
) -> ChildIdentifier:
    identifier = ChildIdentifier.objects.create(
        child=child, agency=agency, kind=kind, value=value.strip()
    )
    record_event(
        verb=AuditVerb.IDENTIFIER_RECORDED,
        actor=actor,
        target=identifier,
        child_id=child.pk,
        detail={"agency_id": agency.pk, "kind": str(kind)},
    )
    return identifier


@transaction.atomic
def record_placement(
    *,
    actor: User | None,
    child: Child,
    placement_type: PlacementType,
    area: PlacementArea,
    start_date: date,
    end_date: date | None = None,
    provider: Agency | None = None,
    placing_authority: Agency | None = None,
    postcode: str = "",
    end_current: bool = True,
    host_area: Area | None = None,
) -> Placement:
    """Record a placement (in `host_area`, the council area it is in, when known). With
    `end_current`, an open placement that began earlier ends the day this one starts; any other
    overlap is refused by the database."""
    if end_current:
        Placement.objects.filter(
            child=child, end_date__isnull=True, start_date__lt=start_date
        ).update(end_date=start_date)
    placement = Placement.objects.create(
        child=child,
        placement_type=placement_type,
        area=area,
        start_date=start_date,
        end_date=end_date,
        provider=provider,
        placing_authority=placing_authority,
        postcode=postcode.strip().upper(),
        host_area=host_area,
    )
    record_event(
        verb=AuditVerb.PLACEMENT_RECORDED,
        actor=actor,
        target=placement,
        child_id=child.pk,
        detail={"placement_type": str(placement_type), "area": str(area)},
    )
    placement_started.call(placement=placement, actor=actor)
    return placement


@transaction.atomic
def record_legal_status(
    *,
    actor: User | None,
    child: Child,
    status: LegalStatusKind,
    start_date: date,
    end_date: date | None = None,
    responsible_authority: Agency | None = None,
) -> LegalStatus:
    legal_status = LegalStatus.objects.create(
        child=child,
        status=status,
        start_date=start_date,
        end_date=end_date,
        responsible_authority=responsible_authority,
    )
    record_event(
        verb=AuditVerb.LEGAL_STATUS_RECORDED,
        actor=actor,
        target=legal_status,
        child_id=child.pk,
        detail={"status": str(status)},
    )
    return legal_status


class ContactError(ValueError):
    """The child's person cannot be saved that way; the message says why."""


@dataclass(frozen=True, kw_only=True)
class ContactDetails:
    """One of the child's people as a form gives them: role, name, agency, phone or email."""

    role: ContactRole
    name: str
    agency: str = ""
    phone: str = ""
    email: str = ""

    def tidied(self) -> "ContactDetails":
        tidy = ContactDetails(
            role=ContactRole(self.role),
            name=self.name.strip(),
            agency=self.agency.strip(),
            phone=self.phone.strip(),
            email=self.email.strip().lower(),
        )
        if not tidy.name:
            raise ContactError("Enter their name.")
        if not (tidy.phone or tidy.email):
            raise ContactError("Enter a phone number or an email address.")
        return tidy


CONTACT_FIELDS = tuple(field.name for field in fields(ContactDetails))


def _end_current_social_worker(actor: User, child_id: int, keep: int = 0) -> None:
    """Allocating a social worker ends the child's current allocation (one at a time)."""
    current = ChildContact.objects.select_for_update().filter(
        child_id=child_id, role=ContactRole.ALLOCATED_SOCIAL_WORKER, ended_at__isnull=True
    )
    for contact in current.exclude(pk=keep):
        _end(actor, contact)


@transaction.atomic
def add_contact(*, actor: User, child: Child, details: ContactDetails) -> ChildContact:
    details = details.tidied()
    if details.role == ContactRole.ALLOCATED_SOCIAL_WORKER:
        _end_current_social_worker(actor, child.pk)
    contact = ChildContact.objects.create(
        child=child,
        added_at=timezone.now(),
        added_by=actor,
        **{name: getattr(details, name) for name in CONTACT_FIELDS},
    )
    record_event(
        verb=AuditVerb.CHILD_CONTACT_ADDED,
        actor=actor,
        target=contact,
        child_id=child.pk,
        detail={"role": str(details.role)},
    )
    return contact


@transaction.atomic
def change_contact(*, actor: User, contact: ChildContact, details: ContactDetails) -> ChildContact:
    """Correct or update a current contact; the audit names the fields changed, not values."""
    contact = ChildContact.objects.select_for_update().get(pk=contact.pk)
    if not contact.is_current:
        raise ContactError("This person no longer holds the child: add them again instead.")
    details = details.tidied()
    changed = [name for name in CONTACT_FIELDS if getattr(contact, name) != getattr(details, name)]
    if not changed:
        return contact
    if details.role == ContactRole.ALLOCATED_SOCIAL_WORKER:
        _end_current_social_worker(actor, contact.child_id, keep=contact.pk)
    for name in changed:
        setattr(contact, name, getattr(details, name))
    contact.save(update_fields=changed)
    record_event(
        verb=AuditVerb.CHILD_CONTACT_CHANGED,
        actor=actor,
        target=contact,
        child_id=contact.child_id,
        detail={"fields": changed},
    )
    return contact


@transaction.atomic
def end_contact(*, actor: User, contact: ChildContact) -> ChildContact:
    """The person no longer holds the child: kept in the record with the end."""
    contact = ChildContact.objects.select_for_update().get(pk=contact.pk)
    if not contact.is_current:
        raise ContactError("This person has already been ended.")
    return _end(actor, contact)


def _end(actor: User, contact: ChildContact) -> ChildContact:
    contact.ended_at, contact.ended_by = timezone.now(), actor
    contact.save(update_fields=["ended_at", "ended_by"])
    record_event(
        verb=AuditVerb.CHILD_CONTACT_ENDED,
        actor=actor,
        target=contact,
        child_id=contact.child_id,
        detail={"role": contact.role},
    )
    return contact


def open_child_record(*, user: User, child_id: int) -> Child:
    """The child's record for a page or document, with the look written to the audit trail.

    A child the user may not see is refused, and the refusal is audited too; the caller shows
    "not found" so that the record's existence is not disclosed. (Not one transaction: a
    refusal must stay in the trail although the caller goes on to fail.)
    """
    child = child_for_user(user=user, child_id=child_id)
    if child is None:
        record_event(
            verb=AuditVerb.ACCESS_REFUSED,
            actor=user,
            child_id=child_id,
            detail={"target": "child", "reason": "not visible to agency"},
        )
        raise ChildNotVisible(child_id)
    record_event(verb=AuditVerb.CHILD_VIEWED, actor=user, target=child, child_id=child.pk)
    return child
