"""Settings from the environment, checked before the service starts.

`environment_problems(os.environ)` lists every missing or wrong setting, each message naming the
variable and saying how to put it right. Production settings call `refuse_a_bad_environment()`
before anything else, so gunicorn, the worker and every `missinghub` command stop at start-up
with one clear message instead of failing later; `missinghub check` reports the same problems
(see `missinghub.operations.checks`). Messages never repeat a value that may hold a password.

Import-light on purpose: the settings modules import this before Django is configured.
"""

from collections.abc import Mapping
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}
FLAGS = ("DJANGO_DEBUG", "MISSINGHUB_SSL_REDIRECT", "MISSINGHUB_BEHIND_TLS_PROXY")
# Whole numbers and the least each may be.
WHOLE_NUMBERS = {
    "DATABASE_CONN_MAX_AGE": 0,
    "MISSINGHUB_SESSION_IDLE_MINUTES": 1,
    "MISSINGHUB_SESSION_ABSOLUTE_HOURS": 1,
    "MISSINGHUB_LOCKOUT_FAILURES": 1,
    "MISSINGHUB_LOCKOUT_MINUTES": 1,
    "MISSINGHUB_WORKER_HEARTBEAT_MAX_AGE_SECONDS": 15,
    "MISSINGHUB_NOTIFICATION_DAYS": 1,
}
SUPPORTED_ENGINES = {"django.db.backends.postgresql", "django.db.backends.sqlite3"}
MIN_SECRET_KEY_LENGTH = 50
PLACEHOLDER = "replace-with"  # as in deploy/missinghub.env.example
LOG_LEVELS = {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}


def _debug(environ: Mapping[str, str]) -> bool:
    return environ.get("DJANGO_DEBUG", "").strip().lower() in TRUE_WORDS


def secret_key_problems(environ: Mapping[str, str]) -> list[str]:
    key = environ.get("DJANGO_SECRET_KEY", "")
    if _debug(environ):
        return []
    if not key.strip():
        return [
            "DJANGO_SECRET_KEY is not set. Set it to a long random value (for example the output "
            "of `python3 -c 'import secrets; print(secrets.token_urlsafe(64))'`), "
            "or set DJANGO_DEBUG=true for local development."
        ]
    if PLACEHOLDER in key:
        return ["DJANGO_SECRET_KEY is still the example's placeholder: set a random value."]
    if len(key) < MIN_SECRET_KEY_LENGTH or len(set(key)) < 5:
        return [
            f"DJANGO_SECRET_KEY is too short or too simple: use at least "
            f"{MIN_SECRET_KEY_LENGTH} random characters."
        ]
    return []


def database_url_problems(environ: Mapping[str, str]) -> list[str]:
    url = environ.get("DATABASE_URL")
    if url is None:
        return []  # SQLite under MISSINGHUB_HOME/var: fine for a trial, not for a council
    hint = "expected postgresql://USER:PASSWORD@HOST:5432/NAME"
    if not url.strip():
        return [f"DATABASE_URL is set but empty: {hint} (or unset it for SQLite)."]
    try:
        parsed = dj_database_url.parse(url)
    except Exception:  # any parse failure gets the same message
        return [f"DATABASE_URL is malformed (it is not a database URL): {hint}."]
    if parsed["ENGINE"] not in SUPPORTED_ENGINES:
        return [f"DATABASE_URL names a database MissingHub does not support: {hint}."]
    if PLACEHOLDER in url:
        return ["DATABASE_URL still holds the example's placeholder password."]
    if not parsed.get("NAME"):
        return [f"DATABASE_URL names no database: {hint}."]
    return []


def allowed_hosts_problems(environ: Mapping[str, str]) -> list[str]:
    value = environ.get("DJANGO_ALLOWED_HOSTS")
    if value is None or _debug(environ):
        return []
    if not [host for host in value.split(",") if host.strip()]:
        return [
            "DJANGO_ALLOWED_HOSTS is empty: set it to the host names users type, comma "
            "separated (for example missinghub.council.example.gov.uk)."
        ]
    return []


def _value_problems(environ: Mapping[str, str]) -> list[str]:
    problems = []
    for name in FLAGS:
        value = environ.get(name)
        if value is not None and value.strip().lower() not in TRUE_WORDS | FALSE_WORDS:
            problems.append(f"{name} must be true or false, not {value!r}.")
    for name, least in WHOLE_NUMBERS.items():
        value = environ.get(name)
        if value is not None and not (value.strip().isdigit() and int(value) >= least):
            problems.append(f"{name} must be a whole number of at least {least}, not {value!r}.")
    level = environ.get("LOG_LEVEL")
    if level is not None and level not in LOG_LEVELS:
        problems.append(f"LOG_LEVEL must be one of {', '.join(sorted(LOG_LEVELS))}.")
    log_format = environ.get("MISSINGHUB_LOG_FORMAT")
    if log_format is not None and log_format not in {"json", "plain"}:
        problems.append("MISSINGHUB_LOG_FORMAT must be json or plain.")
    return problems


def _place_problems(environ: Mapping[str, str]) -> list[str]:
    problems = []
    home = environ.get("MISSINGHUB_HOME")
    if home is not None and not Path(home).is_dir():
        problems.append("MISSINGHUB_HOME is not an existing folder.")
    private = environ.get("MISSINGHUB_PRIVATE_MEDIA_ROOT")
    if private is not None and not Path(private).is_absolute():
        problems.append("MISSINGHUB_PRIVATE_MEDIA_ROOT must be an absolute path.")
    for origin in environ.get("MISSINGHUB_CSRF_TRUSTED_ORIGINS", "").split(","):
        if origin.strip() and not origin.strip().startswith("https://"):
            problems.append(
                "MISSINGHUB_CSRF_TRUSTED_ORIGINS: every origin must start with https:// "
                f"({origin.strip()!r} does not)."
            )
    return problems


def environment_problems(environ: Mapping[str, str]) -> list[str]:
    """Every problem with the settings in `environ`, one sentence each; empty when all is well."""
    return [
        *secret_key_problems(environ),
        *database_url_problems(environ),
        *allowed_hosts_problems(environ),
        *_value_problems(environ),
        *_place_problems(environ),
    ]


def refuse_a_bad_environment(environ: Mapping[str, str]) -> None:
    problems = environment_problems(environ)
    if not problems:
        return
    message = "MissingHub cannot start: fix these settings in its environment:\n" + "\n".join(
        f"  - {problem}" for problem in problems
    )
    raise ImproperlyConfigured(message)
