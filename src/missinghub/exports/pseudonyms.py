"""Pseudonymisation for research exports: keyed hashes, months and postcode districts.

An identifier becomes HMAC-SHA256(key, kind + ":" + value), so the same child gets the same
pseudonym in every export made with the same key (analysts can link episodes), yet without the
key nobody can recompute it from a known identity. The key comes from the setting or environment
variable `MISSINGHUB_PSEUDONYM_KEY` and is held by the data controller, never by analysts.
Rotating the key starts a new, unlinkable series of pseudonyms.
"""

import datetime as dt
import hashlib
import hmac
import os

from django.conf import settings

PSEUDONYM_LENGTH = 20  # hex characters (80 bits): no collision in any real population


class PseudonymKeyMissing(RuntimeError):
    """No key is configured, so no pseudonymised export can be made."""


def pseudonym_key() -> bytes:
    key = getattr(settings, "MISSINGHUB_PSEUDONYM_KEY", "") or os.environ.get(
        "MISSINGHUB_PSEUDONYM_KEY", ""
    )
    if len(key) < 32:
        raise PseudonymKeyMissing(
            "Set MISSINGHUB_PSEUDONYM_KEY to a random value of at least 32 characters "
            "(kept by the data controller) before making a research export."
        )
    return key.encode()


def pseudonym(kind: str, value: object, *, key: bytes) -> str:
    digest = hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()
    return digest[:PSEUDONYM_LENGTH]


def month_of(day: dt.date | None) -> str:
    """A date of birth to its month, like 2011-04."""
    return f"{day:%Y-%m}" if day else ""


def district_of(postcode: str) -> str:
    """A UK postcode to its district (the outward code): "TS24 8AB" to "TS24"."""
    compact = "".join(postcode.split()).upper()
    if len(compact) < 5:
        return compact if 2 <= len(compact) <= 4 else ""
    return compact[:-3]
