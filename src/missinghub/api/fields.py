"""Input types that the database will accept on every engine: no control characters or lone
surrogates in text, bounded lengths, ids within a 64-bit key, dates within a sensible range."""

import datetime as dt
import re
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, Field, StringConstraints

from missinghub.episodes.rules import day_problem, moment_problem

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
MAX_ID = 2**63 - 1


def _plain_text(value: str) -> str:
    if CONTROL.search(value):
        raise ValueError("Text may not contain control characters.")
    return value.strip()


def _has_words(value: str) -> str:
    if not value:
        raise ValueError("This cannot be blank.")
    return value


def _sensible_moment(value: dt.datetime) -> dt.datetime:
    """The date rules of every way in (`episodes.rules`)."""
    if problem := moment_problem(value):
        raise ValueError(problem)
    return value


def _sensible_day(value: dt.date) -> dt.date:
    if problem := day_problem(value):
        raise ValueError(problem)
    return value


PLAIN = AfterValidator(_plain_text)
NOT_BLANK = AfterValidator(_has_words)
# Lengths match the model fields, so PostgreSQL never refuses a value as too long.
Name = Annotated[str, StringConstraints(min_length=1, max_length=100), PLAIN, NOT_BLANK]
PoliceReference = Annotated[str, StringConstraints(max_length=64), PLAIN]
SourceReference = Annotated[str, StringConstraints(min_length=1, max_length=128), PLAIN, NOT_BLANK]
Reason = Annotated[str, StringConstraints(min_length=1, max_length=2000), PLAIN, NOT_BLANK]
Place = Annotated[str, StringConstraints(max_length=300), PLAIN]
PersonName = Annotated[str, StringConstraints(max_length=150), PLAIN]
Phone = Annotated[str, StringConstraints(max_length=40), PLAIN]
LongText = Annotated[str, StringConstraints(max_length=1000), PLAIN]
SearchText = Annotated[str, StringConstraints(min_length=1, max_length=100), PLAIN, NOT_BLANK]
Moment = Annotated[AwareDatetime, AfterValidator(_sensible_moment)]
Day = Annotated[dt.date, AfterValidator(_sensible_day)]
RecordId = Annotated[int, Field(ge=1, le=MAX_ID)]
KEY_PATTERN = r"^[\x21-\x7e]{1,255}$"
