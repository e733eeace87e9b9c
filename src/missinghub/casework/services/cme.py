"""Children missing education (Education Act 1996 s.436A): the referral with its legal ground (a
school's, or a health, police or housing service's that found a child out of school; the role
table `access.roles` says who may refer; `CmeReferral.school` holds the referring agency), the
council's enquiries, and the end: located and closed, or closed without locating (passed on).
Until then the referral is ongoing. The referral tells the council team, which can then see the
child."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from missinghub.accounts.models import Agency, AgencyKind, User
from missinghub.audit.enums import AuditVerb
from missinghub.audit.services import record_event
from missinghub.casework.models import CmeEnquiry, CmeGround, CmeReferral, CmeStatus
from missinghub.children.models import Child
from missinghub.episodes.services import notify_agency

COUNCIL_TEAMS = (AgencyKind.MISSING_TEAM, AgencyKind.CHILDRENS_SOCIAL_CARE)


class CmeError(ValueError):
    """The referral cannot take that step; the message says why."""


@dataclass(frozen=True)
class CmeDetails:
    """What the referrer tells the council about the child (a school: the pupil off roll)."""

    ground: CmeGround
    referred_on: date
    parent_name: str = ""
    address: str = ""
    phone: str = ""
    next_school_or_address: str = ""


def council_teams() -> QuerySet[Agency]:
    return Agency.objects.filter(kind__in=COUNCIL_TEAMS, is_active=True).order_by("name")


@transaction.atomic
def refer_child_missing_education(
    *, actor: User, child: Child, referred_to: Agency, details: CmeDetails
) -> CmeReferral:
    if referred_to.kind not in COUNCIL_TEAMS:
        raise CmeError("Refer to the council's missing team or children's social care.")
    if details.referred_on > timezone.localdate():
        raise CmeError("The referral date cannot be in the future.")
    if child.cme_referrals.filter(status=CmeStatus.ONGOING).exists():
        raise CmeError("This child already has an ongoing referral: add to that one.")
    referral = CmeReferral.objects.create(
        child=child,
        school=actor.agency,
        referred_by=actor,
        referred_to=referred_to,
        referred_on=details.referred_on,
        ground=details.ground,
        parent_name=details.parent_name.strip(),
        address=details.address.strip(),
        phone=details.phone.strip(),
        next_school_or_address=details.next_school_or_address.strip(),
    )
    notify_agency(
        actor=actor,
        child=child,
        from_agency=actor.agency,
        to_agency=referred_to,
        purpose="Child missing education referral (Education Act 1996 s.436A)",
        lawful_basis=settings.MISSINGHUB_NOTIFICATION_LAWFUL_BASIS,
    )
    record_event(
        verb=AuditVerb.CME_REFERRED,
        actor=actor,
        target=referral,
        child_id=child.pk,
        detail={"ground": str(details.ground), "referred_to_id": referred_to.pk},
    )
    return referral


def _refuse_if_closed(referral: CmeReferral) -> None:
    if referral.status != CmeStatus.ONGOING:
        raise CmeError("This referral is closed.")


def _check_day(referral: CmeReferral, day: date, what: str) -> None:
    if day < referral.referred_on:
        raise CmeError(f"The {what} cannot be before the referral.")
    if day > timezone.localdate():
        raise CmeError(f"The {what} cannot be in the future.")


@transaction.atomic
def record_cme_enquiry(
    *, actor: User, referral: CmeReferral, made_on: date, made_with: str, result: str
) -> CmeEnquiry:
    _refuse_if_closed(referral)
    _check_day(referral, made_on, "enquiry")
    if not made_with.strip() or not result.strip():
        raise CmeError("Say who the enquiry was made with and what it found.")
    enquiry = CmeEnquiry.objects.create(
        referral=referral,
        made_on=made_on,
        made_with=made_with.strip(),
        result=result.strip(),
        made_by=actor,
    )
    record_event(
        verb=AuditVerb.CME_ENQUIRY_RECORDED,
        actor=actor,
        target=referral,
        child_id=referral.child_id,
        detail={"enquiry_id": enquiry.pk},
    )
    return enquiry


@transaction.atomic
def close_cme_referral(
    *, actor: User, referral: CmeReferral, status: CmeStatus, closed_on: date, where: str
) -> CmeReferral:
    """Located and closed (`where`: where the child is now, e.g. the new school), or closed
    without locating (`where`: who it was passed on to)."""
    referral = CmeReferral.objects.select_for_update().get(pk=referral.pk)
    _refuse_if_closed(referral)
    if status == CmeStatus.ONGOING:
        raise CmeError("Choose located and closed, or closed without locating.")
    _check_day(referral, closed_on, "closing date")
    if not where.strip():
        raise CmeError(
            "Say where the child was located."
            if status == CmeStatus.LOCATED_CLOSED
            else "Say who the referral was passed on to."
        )
    referral.status, referral.closed_on, referral.where_located = status, closed_on, where.strip()
    referral.save(update_fields=["status", "closed_on", "where_located"])
    record_event(
        verb=AuditVerb.CME_RESOLVED,
        actor=actor,
        target=referral,
        child_id=referral.child_id,
        detail={"status": str(status)},
    )
    return referral
