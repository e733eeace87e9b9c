"""Settings for every environment. Values that differ between places come from the environment.

- `DATABASE_URL`: the database (SQLite file under `var/` when unset; PostgreSQL in production).
- `MISSINGHUB_HOME`: the folder that holds `var/` (the current directory when unset).
- `DJANGO_SECRET_KEY`: required unless `DJANGO_DEBUG` is on.
- `DJANGO_DEBUG`, `DJANGO_ALLOWED_HOSTS` (comma separated).
- `MISSINGHUB_SESSION_IDLE_MINUTES` (30), `MISSINGHUB_SESSION_ABSOLUTE_HOURS` (12): a session ends
  after that long without a request, and that long after sign-in whatever happens.
- `MISSINGHUB_LOCKOUT_FAILURES` (5), `MISSINGHUB_LOCKOUT_MINUTES` (30): failed sign-ins (password
  or two-factor code) that lock a username, and for how long.
- `MISSINGHUB_OIDC_*`: single sign-on by OpenID Connect, off unless set (see docs/security.md).
- Bounds on one import (docs/imports.md): `MISSINGHUB_IMPORT_MAX_ROWS` (2,000,000 data rows),
  `MISSINGHUB_IMPORT_MAX_CELLS` (50,000,000: rows times header columns),
  `MISSINGHUB_IMPORT_MAX_EXPANDED_MB` (256: an .xlsx's members expanded, checked before any is
  read), `MISSINGHUB_IMPORT_MAX_REJECTED_ROWS` (100,000), `MISSINGHUB_IMPORT_MAX_SECONDS`
  (3,600), and `MISSINGHUB_IMPORT_STALE_MINUTES` (15: a run with no committed batch for that
  long has lost its worker and is marked failed; import the file again to retry).
- `MISSINGHUB_DPO_REACH_DAYS` (7): how long an approved wider request lets a data protection
  officer reach a child their own agency holds no record of.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from missinghub.operations.logs import logging_config

HOME = Path(os.environ.get("MISSINGHUB_HOME", Path.cwd())).resolve()
VAR_DIR = HOME / "var"
PACKAGE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_flag("DJANGO_DEBUG", default=False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random value, "
            "or set DJANGO_DEBUG=true for local development."
        )
    SECRET_KEY = "insecure-development-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if host.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "missinghub.audit",
    "missinghub.accounts",
    "missinghub.security",
    "missinghub.children",
    "missinghub.episodes",
    "missinghub.protocols",
    "missinghub.casework",
    "missinghub.imports",
    "missinghub.linkage",
    "missinghub.pursue",
    "missinghub.synth",
    "missinghub.operations",
    "missinghub.reporting",
    "missinghub.api",
    "missinghub.exports",
    "missinghub.web",
    "missinghub.demo",
    "missinghub.administration",
    # After our apps, so the GOV.UK templates in accounts/ override allauth's own.
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "axes",
]

# Background work (reminders, long imports) runs in `missinghub db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

MIDDLEWARE = [
    "missinghub.operations.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "missinghub.security.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "missinghub.security.sessions.SessionLimitsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "missinghub.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "missinghub.urls"
WSGI_APPLICATION = "missinghub.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "missinghub.web.context_processors.permissions",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'missinghub.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {})
    # Foreign keys and our guard triggers rely on SQLite enforcing constraints immediately.
    DATABASES["default"]["OPTIONS"].setdefault("init_command", "PRAGMA foreign_keys=ON;")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:sign-in"

# Sign-in: django-allauth (username and password, then a TOTP code; every role), with
# django-axes first so a locked-out username never reaches the password check.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_ADAPTER = "missinghub.accounts.adapter.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "missinghub.accounts.adapter.SocialAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_PREVENT_ENUMERATION = True
# django-axes owns lockout; allauth's own failed-login limit would lock first and differently,
# and its per-address sign-in limit (30 a minute) would refuse everyone behind one police or
# council address once a few colleagues mistype: the username is locked, never the address.
ACCOUNT_RATE_LIMITS = {"login_failed": None, "login": None}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "MissingHub"
# Accept the code of the period before or after too (RFC 6238 section 5.2): a phone's clock a
# few seconds out, or a code typed as the period turns, still signs in. Used codes stay refused.
MFA_TOTP_TOLERANCE = 1
MFA_REAUTHENTICATION_REQUIRED = False  # set-up happens straight after the password step
MFA_RECOVERY_CODES_SHOW_ONCE = True
MFA_FORMS = {"authenticate": "missinghub.accounts.forms.LockoutAwareAuthenticateForm"}
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_PROVIDERS: dict[str, dict] = {}
# Other origins a form may lead to (the CSP's form-action); the SSO provider when configured.
MISSINGHUB_CSP_FORM_TARGETS: list[str] = []
OIDC_SERVER_URL = os.environ.get("MISSINGHUB_OIDC_SERVER_URL", "")
if OIDC_SERVER_URL:
    # An SSO identity signs in the existing user with the same (provider-verified) e-mail;
    # nobody is created by SSO. Two-factor still applies (see docs/security.md).
    SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
    SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": os.environ.get("MISSINGHUB_OIDC_PROVIDER_ID", "sso"),
                "name": os.environ.get("MISSINGHUB_OIDC_NAME", "Single sign-on"),
                "client_id": os.environ.get("MISSINGHUB_OIDC_CLIENT_ID", ""),
                "secret": os.environ.get("MISSINGHUB_OIDC_CLIENT_SECRET", ""),
                "settings": {"server_url": OIDC_SERVER_URL},
            }
        ],
    }
    MISSINGHUB_CSP_FORM_TARGETS.append("/".join(OIDC_SERVER_URL.split("/")[:3]))

AXES_FAILURE_LIMIT = int(os.environ.get("MISSINGHUB_LOCKOUT_FAILURES", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("MISSINGHUB_LOCKOUT_MINUTES", "30")))
# Lock the username, not the address: police stations and council offices share one address
# behind NAT, and locking it would lock everyone there. So axes.W006 (no 'ip_address') is off.
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_USERNAME_CALLABLE = "missinghub.accounts.lockout.username_from_request"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Tries during a lockout do not restart it, so they can be told apart in the audit trail.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_DISABLE_ACCESS_LOG = True  # the audit trail records sign-ins
AXES_VERBOSE = False

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
MISSINGHUB_SESSION_IDLE_MINUTES = int(os.environ.get("MISSINGHUB_SESSION_IDLE_MINUTES", "30"))
MISSINGHUB_SESSION_ABSOLUTE_HOURS = int(os.environ.get("MISSINGHUB_SESSION_ABSOLUTE_HOURS", "12"))
SESSION_COOKIE_AGE = MISSINGHUB_SESSION_ABSOLUTE_HOURS * 3600

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG

CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = logging_config(
    json_format=os.environ.get("MISSINGHUB_LOG_FORMAT", "json" if not DEBUG else "plain") == "json",
    level=os.environ.get("LOG_LEVEL", "INFO"),
)
MISSINGHUB_WORKER_HEARTBEAT_MAX_AGE_SECONDS = int(
    os.environ.get("MISSINGHUB_WORKER_HEARTBEAT_MAX_AGE_SECONDS", "120")
)

# Bounds on one import (see the docstring above and missinghub.imports.limits).
MISSINGHUB_IMPORT_MAX_ROWS = int(os.environ.get("MISSINGHUB_IMPORT_MAX_ROWS", "2000000"))
MISSINGHUB_IMPORT_MAX_CELLS = int(os.environ.get("MISSINGHUB_IMPORT_MAX_CELLS", "50000000"))
MISSINGHUB_IMPORT_MAX_EXPANDED_MB = int(os.environ.get("MISSINGHUB_IMPORT_MAX_EXPANDED_MB", "256"))
MISSINGHUB_IMPORT_MAX_REJECTED_ROWS = int(
    os.environ.get("MISSINGHUB_IMPORT_MAX_REJECTED_ROWS", "100000")
)
MISSINGHUB_IMPORT_MAX_SECONDS = int(os.environ.get("MISSINGHUB_IMPORT_MAX_SECONDS", "3600"))
MISSINGHUB_IMPORT_STALE_MINUTES = int(os.environ.get("MISSINGHUB_IMPORT_STALE_MINUTES", "15"))

# How long an approved request lets a data protection officer reach a child their own agency
# holds no record of (exports.reach; docs/security.md).
MISSINGHUB_DPO_REACH_DAYS = int(os.environ.get("MISSINGHUB_DPO_REACH_DAYS", "7"))

# How long a notification to another agency lets it see the child, and the basis it records.
MISSINGHUB_NOTIFICATION_DAYS = int(os.environ.get("MISSINGHUB_NOTIFICATION_DAYS", "365"))
MISSINGHUB_NOTIFICATION_LAWFUL_BASIS = os.environ.get(
    "MISSINGHUB_NOTIFICATION_LAWFUL_BASIS",
    "Children Act 2004 s.11 and UK GDPR Art. 6(1)(e), 9(2)(g): safeguarding a child",
)

# The area protocol (a `protocols/*.yaml` name) that decides return interviews, visits and panels.
MISSINGHUB_ACTIVE_PROTOCOL = os.environ.get("MISSINGHUB_ACTIVE_PROTOCOL", "england-statutory")

# Private files (Philomena photos): outside static and media, never served at a public URL; only
# an access-checked, audited view reads them. `MISSINGHUB_PRIVATE_MEDIA_ROOT` moves the folder.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("MISSINGHUB_PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
# The largest Philomena photo accepted, in bytes (JPEG or PNG only).
MISSINGHUB_PHILOMENA_PHOTO_MAX_BYTES = int(
    os.environ.get("MISSINGHUB_PHILOMENA_PHOTO_MAX_BYTES", str(5 * 1024 * 1024))
)
