"""Dates and times as caseworkers read them, in UK time: `{{ value|uk_datetime }}` gives
"4 Mar 2025 22:40", `{{ value|uk_date }}` "4 Mar 2025". Plain strftime after one conversion,
several times faster than the `date` filter, which matters on pages with hundreds of rows."""

import datetime as dt
from zoneinfo import ZoneInfo

from django import template

register = template.Library()
LONDON = ZoneInfo("Europe/London")


@register.filter
def uk_datetime(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    return value.astimezone(LONDON).strftime("%-d %b %Y %H:%M")


@register.filter
def uk_date(value: dt.date | dt.datetime | str | None) -> str:
    """A date, an aware datetime, or an ISO date string as stored in JSON ("2025-03-04")."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value).strftime("%-d %b %Y")
        except ValueError:
            return value
    if isinstance(value, dt.datetime):
        value = value.astimezone(LONDON).date()
    return value.strftime("%-d %b %Y")
