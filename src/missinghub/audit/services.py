"""The one place audit events are written. Call it inside the transaction of the action."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils import timezone

from missinghub.audit.enums import AuditVerb
from missinghub.audit.models import AuditEvent
from missinghub.statements import insert

if TYPE_CHECKING:  # audit is below accounts: it names the user model only for types
    from missinghub.accounts.models import User


def record_event(
    *,
    verb: AuditVerb,
    actor: User | None,
    target: models.Model | None = None,
    child_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit event. `detail` must hold ids and codes, never a child's name."""
    event = audit_event(verb=verb, actor=actor, target=target, child_id=child_id, detail=detail)
    event.save()
    return event


def audit_event(
    *,
    verb: AuditVerb,
    actor: User | None,
    target: models.Model | None = None,
    child_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """One audit event, not yet written: for `record_events`, which writes several at once."""
    verb = AuditVerb(verb)  # refuses a code that is not a known verb
    return AuditEvent(
        occurred_at=timezone.now(),
        verb=verb,
        actor=actor if actor is not None and actor.pk else None,
        actor_username=actor.username if actor is not None else "",
        actor_agency_id=actor.agency_id if actor is not None and actor.pk else None,
        actor_role=actor.role if actor is not None else "",
        child_id=child_id,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        detail=detail or {},
    )


def record_events(events: list[AuditEvent]) -> None:
    """Append the events of one action in one insert, in their order."""
    insert(*events)


def record_children_listed(*, user: User, list_name: str, child_ids: set[int]) -> None:
    """One event per child whose identity a list or search result showed to `user`."""
    record_for_each_child(
        verb=AuditVerb.CHILDREN_LISTED, user=user, child_ids=child_ids, detail={"list": list_name}
    )


def record_for_each_child(
    *, verb: AuditVerb, user: User, child_ids: set[int], detail: dict[str, Any]
) -> None:
    """One event per child, written in one insert (lists, search results, exports)."""
    if not child_ids:
        return
    verb = AuditVerb(verb)
    now = timezone.now()
    AuditEvent.objects.bulk_create(
        AuditEvent(
            occurred_at=now,
            verb=verb,
            actor=user,
            actor_username=user.username,
            actor_agency_id=user.agency_id,
            actor_role=user.role,
            child_id=child_id,
            target_type="children.child",
            target_id=str(child_id),
            detail=detail,
        )
        for child_id in sorted(child_ids)
    )
