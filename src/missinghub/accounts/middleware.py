"""Two-factor sign-in for every role: a signed-in user without a TOTP device sets one up first.

Until then only the sign-in, two-factor set-up and sign-out pages and static files answer; every
other address redirects to the set-up page. Users with a device always pass allauth's TOTP step
at sign-in (the password alone never makes a session for them).
"""

from collections.abc import Callable
from functools import cache

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

SET_UP_URL_NAME = "mfa_activate_totp"
ALLOWED_URL_NAMES = (
    "accounts:sign-in",
    "accounts:sign-out",
    "account_login",
    "account_logout",
    "mfa_authenticate",
    SET_UP_URL_NAME,
)


@cache
def allowed_paths() -> frozenset[str]:
    return frozenset(reverse(name) for name in ALLOWED_URL_NAMES)


def has_totp(user_id: int) -> bool:
    return Authenticator.objects.filter(user_id=user_id, type=Authenticator.Type.TOTP).exists()


class TwoFactorRequiredMiddleware:
    """After AuthenticationMiddleware (and the session limits)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path_info.startswith(settings.STATIC_URL)
            and request.path_info not in allowed_paths()
            and not has_totp(user.pk)
        ):
            return HttpResponseRedirect(reverse(SET_UP_URL_NAME))
        return self.get_response(request)
