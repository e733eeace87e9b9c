"""Helpers shared by the casework views."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from missinghub.accounts.models import User
from missinghub.audit.enums import AuditVerb
from missinghub.audit.services import record_event


def signed_in_user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101  (LoginRequiredMiddleware guarantees it)
    return user


def refuse(user: User, action: str) -> PermissionDenied:
    """Audit a refused action and return the exception to raise."""
    record_event(verb=AuditVerb.ACCESS_REFUSED, actor=user, detail={"action": action})
    return PermissionDenied(action)
