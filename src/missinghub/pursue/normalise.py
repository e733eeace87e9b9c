"""One key per real-world thing, whatever way it was written: UK phone numbers (+44, 0044 and
07 forms, spaces and brackets), postcodes (upper case, one space), vehicle registrations (upper
case, no spaces), online handles (lower case, no @) and person names (upper case, a nickname
stands for its formal name). Each function raises `NotRecognised` with the reason."""

import importlib
import re
from collections.abc import Mapping
from functools import cache

POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$")
REGISTRATION = re.compile(r"^[A-Z0-9]{2,8}$")
HANDLE = re.compile(r"^[a-z0-9._\-]{2,60}$")


class NotRecognised(ValueError):
    """The value is not a phone number, postcode, registration or name this module reads."""


def phone_key(text: str) -> str:
    """A UK number in the national form '07700900123' (11 digits from 0)."""
    digits = re.sub(r"\(0\)", "", text.strip())
    plus = digits.startswith("+")
    digits = re.sub(r"[^0-9]", "", digits)
    if plus or digits.startswith("00"):
        digits = digits.removeprefix("00")
        if not digits.startswith("44"):
            raise NotRecognised("it is not a UK number (+44)")
        digits = "0" + digits[2:]
    elif digits.startswith("44") and len(digits) == 12:
        digits = "0" + digits[2:]
    if not digits.startswith("0") or len(digits) != 11:
        raise NotRecognised("a UK phone number has 11 digits starting 0, or +44 and 10 digits")
    return digits


CANDIDATE_PHONE = re.compile(r"(?:\+|00)?[0-9][0-9 ()\-]{8,18}[0-9]")


def phones_in(text: str) -> list[str]:
    """The UK numbers a free text names, each once, in the national form."""
    found: dict[str, None] = {}
    for candidate in CANDIDATE_PHONE.findall(text):
        try:
            found[phone_key(candidate)] = None
        except NotRecognised:
            continue
    return list(found)


def phone_label(key: str) -> str:
    """How the number is shown: '07700 900123'."""
    return f"{key[:5]} {key[5:]}"


def postcode_key(text: str) -> str:
    squeezed = re.sub(r"\s+", "", text).upper()
    if not POSTCODE.match(squeezed):
        raise NotRecognised("it is not a UK postcode, like SW1A 1AA")
    return f"{squeezed[:-3]} {squeezed[-3:]}"


def registration_key(text: str) -> str:
    squeezed = re.sub(r"[^A-Za-z0-9]", "", text).upper()
    if not REGISTRATION.match(squeezed):
        raise NotRecognised("a vehicle registration has 2 to 8 letters and digits")
    return squeezed


def handle_key(text: str) -> str:
    squeezed = re.sub(r"\s+", "", text).lstrip("@").lower()
    if not HANDLE.match(squeezed):
        raise NotRecognised("a handle has 2 to 60 letters, digits, dots, dashes or underscores")
    return squeezed


def words(text: str) -> list[str]:
    """Upper-case words of letters, digits and apostrophes; every other mark separates."""
    return re.findall(r"[A-Z0-9']+", text.upper().replace("\u2019", "'"))


def address_key(line: str, postcode: str) -> str:
    """A place: its postcode and its first line's words (case and punctuation do not count)."""
    return f"{postcode_key(postcode)}|{' '.join(words(line))}"


def person_key(name: str) -> str:
    """'TONY  marsh' and 'Anthony Marsh' give the same key when Tony is a known nickname."""
    parts = words(name)
    if not parts:
        raise NotRecognised("a person needs a name or a street name")
    roots = nickname_roots().get(parts[0])
    if roots:
        parts[0] = min(roots)
    return " ".join(parts)


@cache
def nickname_roots() -> Mapping[str, frozenset[str]]:
    """Upper-case nickname -> the formal names it stands for, from the linkage app's name lists.

    Issue #23 moves the shipped name lists into `missinghub.linkage`; until `linkage.names`
    offers `nickname_table()` (formal name -> nicknames), names are compared without nicknames.
    """
    try:
        module = importlib.import_module("missinghub.linkage.names")
    except ImportError:
        return {}
    table: Mapping[str, tuple[str, ...]] = getattr(module, "nickname_table", dict)()
    roots: dict[str, set[str]] = {}
    for formal, nicknames in table.items():
        for nickname in nicknames:
            roots.setdefault(nickname.upper(), set()).add(formal.upper())
    return {nickname: frozenset(formal) for nickname, formal in roots.items()}
