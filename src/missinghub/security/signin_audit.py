"""Sign-in, sign-in failure, sign-out and two-factor set-up go to the audit trail."""

from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from missinghub.accounts.models import User
from missinghub.audit.enums import AuditVerb
from missinghub.audit.services import record_event
from missinghub.security.sessions import mark_session_started


@receiver(user_logged_in)
def audit_sign_in(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        mark_session_started(request.session)
    record_event(verb=AuditVerb.SIGNED_IN, actor=user, target=user)


@receiver(user_logged_out)
def audit_sign_out(sender: Any, request: HttpRequest, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        record_event(verb=AuditVerb.SIGNED_OUT, actor=user, target=user)


@receiver(user_login_failed)
def audit_sign_in_failure(sender: Any, credentials: dict[str, Any], **kwargs: Any) -> None:
    detail = {"username": str(credentials.get("username", ""))[:150]}
    if credentials.get("factor"):
        detail["factor"] = str(credentials["factor"])
    record_event(verb=AuditVerb.SIGN_IN_FAILED, actor=None, detail=detail)


@receiver(authenticator_added)
def audit_two_factor_set_up(
    sender: Any, user: User, authenticator: Authenticator, **kwargs: Any
) -> None:
    record_event(
        verb=AuditVerb.TWO_FACTOR_SET_UP,
        actor=user,
        target=user,
        detail={"type": str(authenticator.type)},
    )
