"""How far a data protection officer reaches (docs/security.md, "Data protection officer").

Their own agency's records: the children the need-to-know rule gives their agency (it issued an
identifier, reported an episode, places the child, holds the legal status, or was notified).
Any other child only through an approved, unexpired `ReachRequest` of their own.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from missinghub.access.policy import one_child_rule
from missinghub.access.roles import Action, may
from missinghub.accounts.models import Role, User
from missinghub.audit.enums import AuditVerb
from missinghub.audit.services import record_event
from missinghub.children.models import Child
from missinghub.exports.models import ReachRequest

ROLES_THAT_DECIDE = frozenset({Role.DATA_PROTECTION_OFFICER, Role.SYSTEM_ADMINISTRATOR})


BEYOND_REACH = (
    "Your agency holds no record of this child. To answer a request about them, ask for wider "
    "access: another data protection officer or an administrator approves it"
)


class ReachRefused(PermissionError):
    """The officer's agency holds no record of the child and no approved request covers it."""


def agency_holds_child(agency_id: int, child_id: int) -> bool:
    rule = one_child_rule(agency_id, child_id, timezone.now())
    return Child.objects.filter(pk=child_id, pk__in=rule).exists()


def dpo_reaches(user: User, child_id: int) -> bool:
    if not may(user, Action.ACT_AS_DATA_PROTECTION_OFFICER):
        return False
    if agency_holds_child(user.agency_id, child_id):
        return True
    return ReachRequest.objects.filter(
        child_id=child_id, requested_by=user, approved=True, expires_at__gt=timezone.now()
    ).exists()


def check_reach(user: User, child_id: int, action: str) -> None:
    """Refuse (audited, naming the child) a DPO action on a child beyond the officer's reach."""
    if not dpo_reaches(user, child_id):
        record_event(
            verb=AuditVerb.ACCESS_REFUSED,
            actor=user,
            child_id=child_id,
            detail={"action": action, "reason": "beyond the officer's agency"},
        )
        raise ReachRefused(action)


def may_decide_reach(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role in ROLES_THAT_DECIDE)


@transaction.atomic
def request_reach(*, actor: User, child: Child, reason: str) -> ReachRequest:
    request = ReachRequest.objects.create(child=child, requested_by=actor, reason=reason)
    record_event(
        verb=AuditVerb.DPO_REACH_REQUESTED,
        actor=actor,
        target=request,
        child_id=child.pk,
        detail={"request_id": request.pk},
    )
    return request


def pending_for(user: User) -> list[ReachRequest]:
    """Requests waiting for a decision that `user` may make (never their own)."""
    if not may_decide_reach(user):
        return []
    waiting = ReachRequest.objects.filter(approved=None).exclude(requested_by=user)
    return list(waiting.select_related("requested_by__agency"))


@transaction.atomic
def decide_reach(*, actor: User, request: ReachRequest, approve: bool) -> None:
    if not may_decide_reach(actor) or request.requested_by_id == actor.pk:
        raise ReachRefused("decide reach request")
    now = timezone.now()
    request.approved, request.decided_by, request.decided_at = approve, actor, now
    if approve:
        request.expires_at = now + timedelta(days=settings.MISSINGHUB_DPO_REACH_DAYS)
    request.save(update_fields=["approved", "decided_by", "decided_at", "expires_at"])
    record_event(
        verb=AuditVerb.DPO_REACH_APPROVED if approve else AuditVerb.DPO_REACH_REFUSED,
        actor=actor,
        target=request,
        child_id=request.child_id,
        detail={"request_id": request.pk, "requested_by": request.requested_by_id},
    )
