"""Session limits: idle and absolute time-outs, and sessions that lose their user.

- A session ends after `MISSINGHUB_SESSION_IDLE_MINUTES` without a request and
  `MISSINGHUB_SESSION_ABSOLUTE_HOURS` after sign-in, whatever the activity.
- A session whose user was disabled, or whose password changed since sign-in, is refused by
  Django's own check (`get_user` compares the password hash kept in the session and refuses
  inactive users); this middleware then clears what is left of it and audits the end.

Every ending is an audit event (`user.session_ended`, with the reason).
"""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse

from missinghub.accounts.models import User
from missinghub.audit.enums import AuditVerb
from missinghub.audit.services import record_event

STARTED_KEY = "missinghub.session_started"
LAST_SEEN_KEY = "missinghub.session_last_seen"
# Write the last-seen time at most this often, so most requests do not save the session.
LAST_SEEN_RESOLUTION_SECONDS = 30


def mark_session_started(session: SessionBase, *, now: float | None = None) -> None:
    """Called at sign-in: start both clocks."""
    moment = time.time() if now is None else now
    session[STARTED_KEY] = moment
    session[LAST_SEEN_KEY] = moment


def expiry_reason(session: SessionBase, *, now: float) -> str | None:
    started = session.get(STARTED_KEY)
    last_seen = session.get(LAST_SEEN_KEY)
    if started is None or last_seen is None:
        return "no_start_time"
    if now - last_seen > settings.MISSINGHUB_SESSION_IDLE_MINUTES * 60:
        return "idle"
    if now - started > settings.MISSINGHUB_SESSION_ABSOLUTE_HOURS * 3600:
        return "absolute"
    return None


def end_session(request: HttpRequest, *, user: User | None, reason: str) -> None:
    """End the session without the sign-out signal: the audit event says why it ended."""
    user_id = request.session.get(SESSION_KEY)
    request.session.flush()
    request.user = AnonymousUser()
    record_event(
        verb=AuditVerb.SESSION_ENDED,
        actor=user,
        detail={"reason": reason, "user_id": str(user_id or "")},
    )


class SessionLimitsMiddleware:
    """After AuthenticationMiddleware and before LoginRequiredMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        self.check(request)
        return self.get_response(request)

    def check(self, request: HttpRequest) -> None:
        had_user = SESSION_KEY in request.session
        if not had_user:
            return
        if not request.user.is_authenticated:
            # Django refused the session's user: disabled, password changed, or deleted.
            end_session(request, user=None, reason="account_disabled_or_password_changed")
            return
        now = time.time()
        user = request.user
        if not isinstance(user, User):
            return
        reason = expiry_reason(request.session, now=now)
        if reason is not None:
            end_session(request, user=user, reason=reason)
            return
        if now - request.session[LAST_SEEN_KEY] >= LAST_SEEN_RESOLUTION_SECONDS:
            request.session[LAST_SEEN_KEY] = now
