"""Reads of the audit trail, for the data protection officer."""

from dataclasses import dataclass
from datetime import datetime

from missinghub.accounts.models import Agency, Role
from missinghub.audit.models import AuditEvent

ACCESS_LOG_LIMIT = 1000


@dataclass(frozen=True)
class AccessLogLine:
    when: datetime
    who: str
    agency: str
    role: str
    what: str
    detail: dict


def access_log_for_child(child_id: int, limit: int = ACCESS_LOG_LIMIT) -> list[AccessLogLine]:
    """Every event naming the child, newest first: who, in which agency and role, did what."""
    events = list(AuditEvent.objects.filter(child_id=child_id)[:limit])
    agency_ids = {e.actor_agency_id for e in events if e.actor_agency_id}
    agencies = dict(Agency.objects.filter(pk__in=agency_ids).values_list("pk", "name"))
    roles = dict(Role.choices)
    return [
        AccessLogLine(
            when=event.occurred_at,
            who=event.actor_username or "System",
            agency=agencies.get(event.actor_agency_id or 0, ""),
            role=str(roles.get(event.actor_role, event.actor_role)),
            what=event.verb_label,
            detail=event.detail,
        )
        for event in events
    ]
