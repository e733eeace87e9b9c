"""Settings for `make demo`: local, debug on, SQLite under var/ unless DATABASE_URL is set."""

import os

os.environ.setdefault("DJANGO_DEBUG", "true")

from missinghub.settings.base import *  # noqa: F403

# Reminders and alerts print to the terminal in the demo.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
