"""A strict Content-Security-Policy with a fresh nonce per request (Django 5.2 has none built in).

Templates put `nonce="{{ request.csp_nonce }}"` on every <script>. No inline script or style
runs without it, nothing loads from another origin, and no page may be framed.
"""

import secrets
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

NONCE_BYTES = 18


def build_policy(nonce: str, *, form_targets: tuple[str, ...] = ()) -> str:
    """`form_targets`: other origins a form may lead to (an OpenID Connect provider, whose
    sign-in page the SSO button's redirect reaches; browsers apply form-action to redirects)."""
    directives = {
        "default-src": "'self'",
        "script-src": f"'self' 'nonce-{nonce}'",
        "style-src": "'self'",
        "img-src": "'self' data:",
        "object-src": "'none'",
        "base-uri": "'none'",
        "frame-ancestors": "'none'",
        "form-action": " ".join(("'self'", *form_targets)),
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        nonce = secrets.token_urlsafe(NONCE_BYTES)
        request.csp_nonce = nonce  # type: ignore[attr-defined]
        response = self.get_response(request)
        policy = build_policy(nonce, form_targets=tuple(settings.MISSINGHUB_CSP_FORM_TARGETS))
        response.headers.setdefault("Content-Security-Policy", policy)
        return response
