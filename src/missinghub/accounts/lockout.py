"""django-axes owns lockout; these tell it the username and write its events to the audit trail.

allauth's sign-in form posts `login`, not `username`, and the two-factor step posts no username at
all (the form passes it in the credentials), so axes is given `username_from_request`. It
lower-cases the name: sign-in matches usernames ignoring case (allauth's lookup, and a unique
constraint on the lower-cased name), so every spelling of one username shares one failure count.
"""

from typing import Any

from axes.signals import user_locked_out
from django.dispatch import receiver
from django.http import HttpRequest

from missinghub.audit.enums import AuditVerb
from missinghub.audit.services import record_event


def username_from_request(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    if credentials and credentials.get("username"):
        return str(credentials["username"]).lower()
    value = request.POST.get("login") or request.POST.get("username")
    return str(value).lower() if value else None


@receiver(user_locked_out)
def audit_lockout(sender: Any, request: HttpRequest, username: str | None, **kwargs: Any) -> None:
    """Axes sends this when a failure locks the username, and again for each try while locked.

    Axes counts failures only on the try that locks (`axes_failures_since_start` is set then);
    a try during the lockout is refused before any count.
    """
    failures = getattr(request, "axes_failures_since_start", None)
    detail = {"username": str(username or "")[:150]}
    if failures is None:
        record_event(verb=AuditVerb.SIGN_IN_LOCKED_OUT, actor=None, detail=detail)
    else:
        record_event(
            verb=AuditVerb.USER_LOCKED_OUT, actor=None, detail={**detail, "failures": failures}
        )
