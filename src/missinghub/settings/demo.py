"""Settings for `make demo`: local, debug on, SQLite under var/ unless DATABASE_URL is set."""

import os

os.environ.setdefault("DJANGO_DEBUG", "true")
# Northdale's protocol is modelled on Hartlepool's VEMT protocol: the statutory return interview
# within 72 hours, plus a panel referral at 3 or more episodes in 90 days, so the demo panel's
# agenda fills from the protocol itself.
os.environ.setdefault("MISSINGHUB_ACTIVE_PROTOCOL", "hartlepool-vemt")

from missinghub.settings.base import *  # noqa: F403

# Reminders and alerts print to the terminal in the demo.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
