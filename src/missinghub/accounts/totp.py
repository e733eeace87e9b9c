"""Reading a user's TOTP device: its secret and the code it shows now (demo and tests only)."""

import time

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.conf import settings

from missinghub.accounts.models import User


def totp_secret(user: User) -> str:
    device = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    return str(decrypt(device.data["secret"]))


def current_code(secret: str, *, at: float | None = None) -> str:
    """The RFC 6238 code an authenticator app shows for `secret` at `at` (now by default)."""
    period = getattr(settings, "MFA_TOTP_PERIOD", 30)
    counter = int(time.time() if at is None else at) // period
    return format_hotp_value(hotp_value(secret, counter))
