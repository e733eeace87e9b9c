"""The two-factor step counts towards the same lockout as the password step.

allauth's own failed-login limit is off (axes owns lockout), so a wrong TOTP code is reported to
axes as a failed sign-in, and a locked-out username cannot keep guessing codes.
"""

from typing import Any

from allauth.core import context
from allauth.mfa.base.forms import AuthenticateForm
from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError


class LockoutAwareAuthenticateForm(AuthenticateForm):
    def clean_code(self) -> str:
        request = context.request
        credentials: dict[str, Any] = {"username": self.user.username, "factor": "totp"}
        if not AxesProxyHandler.is_allowed(request, credentials):
            # As axes' own backend does: flag the request, report the failure, refuse.
            request.axes_locked_out = True
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            raise ValidationError("Too many failed attempts. Try again later.", code="locked")
        try:
            return str(super().clean_code())
        except ValidationError:
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            raise
