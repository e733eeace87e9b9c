"""Production settings: everything from the environment; DJANGO_SECRET_KEY is required.

HTTPS only: HSTS for a year (subdomains, preload), secure cookies, HTTP redirected to HTTPS.
Behind a TLS-terminating proxy set `MISSINGHUB_BEHIND_TLS_PROXY=true` so Django trusts its
`X-Forwarded-Proto` header (only if the proxy always sets it). `python -m missinghub.cli check
--deploy` passes with these settings (tests/test_deploy_check.py runs it).
"""

import os

from missinghub.operations.environment import refuse_a_bad_environment

# First of all: stop with one message naming every missing or wrong setting.
refuse_a_bad_environment(os.environ)

from missinghub.settings.base import *  # noqa: E402, F403
from missinghub.settings.base import env_flag  # noqa: E402

SECURE_SSL_REDIRECT = env_flag("MISSINGHUB_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
MFA_TRUST_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
if env_flag("MISSINGHUB_BEHIND_TLS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = [
    origin.strip()
    for origin in os.environ.get("MISSINGHUB_CSRF_TRUSTED_ORIGINS", "").split(",")
    if origin.strip()
]
