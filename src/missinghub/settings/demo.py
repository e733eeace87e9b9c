"""Settings for `make demo`: local, SQLite under var/ unless DATABASE_URL is set.

Debug stays off, as in production: a wrong address shows the GOV.UK "page not found" page, not
Django's debug page listing every URL. The demo's own secret key is made once and kept in
`var/demo-secret-key` (never in the repository). Static files come straight from the source
folders (no `collectstatic`), and `missinghub demo_totp` works (MISSINGHUB_DEMO)."""

import os
import secrets
from pathlib import Path

os.environ.setdefault("DJANGO_DEBUG", "false")
# Northdale's protocol is modelled on Hartlepool's VEMT protocol: the statutory return interview
# within 72 hours, plus a panel referral at 3 or more episodes in 90 days, so the demo panel's
# agenda fills from the protocol itself.
os.environ.setdefault("MISSINGHUB_ACTIVE_PROTOCOL", "hartlepool-vemt")
os.environ.setdefault("MISSINGHUB_LOG_FORMAT", "plain")


def _demo_secret_key() -> str:
    home = Path(os.environ.get("MISSINGHUB_HOME", Path.cwd())).resolve()
    path = home / "var" / "demo-secret-key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(64), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


os.environ.setdefault("DJANGO_SECRET_KEY", _demo_secret_key())

from missinghub.settings.base import *  # noqa: E402, F403

MISSINGHUB_DEMO = True
# Served from the source folders with debug off: no manifest, so no `collectstatic` first.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Reminders and alerts print to the terminal in the demo.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
