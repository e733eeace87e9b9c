"""The date rules every way in applies: the web form, the API and every importer.

A time of an episode (last seen, reported, returned, graded) and a day (a date of birth, a
placement's start, a referral) must lie between `EARLIEST_DAY` and now: a report from the future
would stay open for ever, and a child born in 2035 or 1890 is a typing error. Each function
answers the problem in a sentence, or None; each way in says it its own way (a GOV.UK error
message, a 422 problem, a rejected row with its file, line and column).
"""

import datetime as dt

from django.utils import timezone

EARLIEST_DAY = dt.date(1990, 1, 1)
CLOCK_SKEW = dt.timedelta(minutes=5)  # another system's clock may run a little ahead


def latest_moment(now: dt.datetime | None = None) -> dt.datetime:
    """The latest time accepted now (a caller checking many values computes it once)."""
    return (now or timezone.now()) + CLOCK_SKEW


def moment_problem(value: dt.datetime, *, latest: dt.datetime | None = None) -> str | None:
    """What is wrong with this time of an episode, or None. `latest`: see `latest_moment`."""
    if value.date() < EARLIEST_DAY:
        return f"Give a time after {EARLIEST_DAY:%d %B %Y}."
    if value > (latest or latest_moment()):
        return "This time is in the future."
    return None


def day_problem(value: dt.date, *, today: dt.date | None = None) -> str | None:
    """What is wrong with this day (a date of birth, a start, a referral), or None."""
    if value < EARLIEST_DAY or value > (today or timezone.localdate()):
        return f"Give a date between {EARLIEST_DAY:%d %B %Y} and today."
    return None


def category_after_grading(category: str, level: str) -> str:
    """The category an episode keeps after a risk grading. An absent episode is one with no
    apparent risk: grading it at any risk makes it a missing episode. A missing or away from
    placement episode keeps its category (a lower grading never turns it back into absent)."""
    if category == "absent" and level != "no_apparent_risk":
        return "missing"
    return category
