"""Settings for the test suite: the database still comes from `DATABASE_URL`."""

import os

os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-any-real-use")

from missinghub.settings.base import *  # noqa: F403
from missinghub.settings.base import DATABASES

ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# Fast hashing in tests only; production uses Argon2.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The real engines, whose flush lifts the audit guard for the test runner only (see
# missinghub.testing.backends).
TEST_ENGINES = {
    "django.db.backends.sqlite3": "missinghub.testing.backends.sqlite3",
    "django.db.backends.postgresql": "missinghub.testing.backends.postgresql",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
DATABASES["default"]["ENGINE"] = TEST_ENGINES[DATABASES["default"]["ENGINE"]]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STATIC_ROOT = None  # type: ignore[assignment]  # tests never collect static files
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
