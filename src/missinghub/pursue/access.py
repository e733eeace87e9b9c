"""Who may see the network of concern: police and the area's missing and exploitation teams
(missing-team workers and managers, the exploitation panel's chair). Not schools, care homes,
social workers outside the exploitation team, analysts or administrators.

One small function, so the views can move to `missinghub.access.guards` (issue #21) at merge.
"""

from django.core.exceptions import PermissionDenied

from missinghub.accounts.models import Role, User
from missinghub.audit.enums import AuditVerb
from missinghub.audit.services import record_event

PURSUE_ROLES = frozenset(
    {
        Role.POLICE_OFFICER,
        Role.POLICE_SUPERVISOR,
        Role.MISSING_TEAM_WORKER,
        Role.MISSING_TEAM_MANAGER,
        Role.PANEL_CHAIR,
    }
)


def may_see_pursue(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role in PURSUE_ROLES)


def require_pursue(user: User, action: str) -> None:
    """Refuse (audited, 403) anyone who may not see the network."""
    if not may_see_pursue(user):
        record_event(verb=AuditVerb.ACCESS_REFUSED, actor=user, detail={"action": action})
        raise PermissionDenied(action)
