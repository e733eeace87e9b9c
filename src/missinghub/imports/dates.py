"""Day-first dates and London times, read with an ordered list of formats and nothing else.

Each format is a `strptime` pattern (`%d/%m/%Y`, `%d-%b-%Y %H.%M` ...) compiled once into a
regular expression, so a million rows parse quickly. A value is read with the first format that
matches it in full; a value that matches none is refused, never guessed. `03/04/2021` is 3 April
under `%d/%m/%Y`; `31/02/2021` matches the shape but is not a real date, so it is refused rather
than moved to March. Month-first formats are refused when the mapping is loaded.
ISO 8601 (`2021-04-03`, `2021-04-03 17:12:00`) is always accepted as a last resort: it cannot
be read two ways, and it is what a spreadsheet date cell becomes.

Times are local to the mapping's time zone (Europe/London). In the autumn hour that happens
twice, a time is read as the first (summer-time) one; a time in the spring gap that never
happened is read with the winter offset. Times are returned in UTC.
"""

import re
from collections.abc import Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
_PARTS = {
    "d": r"(?P<d>\d{1,2})",
    "m": r"(?P<m>\d{1,2})",
    "Y": r"(?P<Y>\d{4})",
    "y": r"(?P<y>\d{2})",
    "b": r"(?P<b>[A-Za-z]{3})",
    "H": r"(?P<H>\d{1,2})",
    "M": r"(?P<M>\d{2})",
    "S": r"(?P<S>\d{2})",
}
ISO_DATE = "%Y-%m-%d"
ISO_DATETIMES = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M")


class FormatError(ValueError):
    """A date format a mapping may not use (unknown directive, or month before day)."""


def month_first(pattern: str) -> bool:
    """True for `%m/%d/%Y`-like patterns. Year-first ISO order (`%Y-%m-%d`) is not month-first."""
    day, month = pattern.find("%d"), max(pattern.find("%m"), pattern.find("%b"))
    year = max(pattern.find("%Y"), pattern.find("%y"))
    return day >= 0 and month >= 0 and month < day and not (0 <= year < month)


def compile_format(pattern: str) -> re.Pattern[str]:
    if month_first(pattern):
        raise FormatError(f"{pattern!r} puts the month first; only day-first formats are read")
    regex, at = "", 0
    while at < len(pattern):
        char = pattern[at]
        if char == "%":
            directive = pattern[at + 1 : at + 2]
            if directive not in _PARTS:
                raise FormatError(f"{pattern!r}: %{directive} is not a supported directive")
            regex += _PARTS[directive]
            at += 2
        else:
            regex += re.escape(char)
            at += 1
    return re.compile(regex + r"\Z")


def _year(parts: dict[str, str]) -> int:
    if parts.get("Y"):
        return int(parts["Y"])
    short = int(parts["y"])  # two-digit years: 00-69 are 2000s, 70-99 the 1900s (as strptime)
    return 2000 + short if short < 70 else 1900 + short


def _month(parts: dict[str, str]) -> int:
    if parts.get("b"):
        name = parts["b"].lower()
        if name not in MONTHS:
            raise ValueError(f"{parts['b']!r} is not a month")
        return MONTHS[name]
    return int(parts["m"])


Reader = Callable[[str], datetime | None]


def make_reader(patterns: list[str], *, with_time: bool, zone: ZoneInfo) -> Reader:
    """A function text -> aware datetime (midnight for dates), or None when no format matches.

    Raises ValueError for a value that matches a format but is not a real date or time.
    """
    extra = ISO_DATETIMES if with_time else (ISO_DATE,)
    compiled = [compile_format(p) for p in [*patterns, *(e for e in extra if e not in patterns)]]

    def read(text: str) -> datetime | None:
        for regex in compiled:
            found = regex.match(text)
            if found is None:
                continue
            parts = found.groupdict()
            year, month = parts.get("Y"), parts.get("m")
            moment = datetime(
                int(year) if year else _year(parts),
                int(month) if month else _month(parts),
                int(parts["d"]),
                int(parts.get("H") or 0),
                int(parts.get("M") or 0),
                int(parts.get("S") or 0),
                tzinfo=zone,
            )
            # In UTC: an ambiguous autumn hour (fold 0, the first, summer-time occurrence) then
            # compares equal to the same instant read back from the database.
            return moment.astimezone(UTC) if with_time else moment
        return None

    return read
