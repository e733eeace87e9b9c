"""Sign-in, sign-in failure and sign-out go to the audit trail."""

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from missinghub.accounts.models import User
from missinghub.audit.enums import AuditVerb
from missinghub.audit.services import record_event


@receiver(user_logged_in)
def audit_sign_in(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    record_event(verb=AuditVerb.SIGNED_IN, actor=user, target=user)


@receiver(user_logged_out)
def audit_sign_out(sender: Any, request: HttpRequest, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        record_event(verb=AuditVerb.SIGNED_OUT, actor=user, target=user)


@receiver(user_login_failed)
def audit_sign_in_failure(sender: Any, credentials: dict[str, Any], **kwargs: Any) -> None:
    record_event(
        verb=AuditVerb.SIGN_IN_FAILED,
        actor=None,
        detail={"username": str(credentials.get("username", ""))[:150]},
    )
