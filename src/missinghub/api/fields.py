"""Input types that the database will accept on every engine: no control characters or lone
surrogates in text, bounded lengths, ids within a 64-bit key, dates within a sensible range."""

import datetime as dt
import re
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, Field, StringConstraints

from missinghub.episodes.rules import CLOCK_SKEW, EARLIEST_DAY, day_problem, moment_problem

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


# The checks above, stated in the OpenAPI document too (JSON Schema patterns and descriptions).
_REFUSED = "\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f\\ud800-\\udfff"
NO_CONTROL_PATTERN = f"^[^{_REFUSED}]*$"
NOT_BLANK_PATTERN = f"^[^{_REFUSED}]*[^\\s{_REFUSED}][^{_REFUSED}]*$"
PLAIN = AfterValidator(_plain_text)
NOT_BLANK = AfterValidator(_has_words)
_PLAIN_DOC = Field(json_schema_extra={"pattern": NO_CONTROL_PATTERN})
_WORDS_DOC = Field(json_schema_extra={"pattern": NOT_BLANK_PATTERN})
_MOMENT_DOC = Field(
    description=f"A time with its offset; not in the future (a {CLOCK_SKEW.seconds // 60}-minute "
    f"clock difference is allowed) and not before {EARLIEST_DAY:%d %B %Y}."
)
_DAY_DOC = Field(description=f"A date between {EARLIEST_DAY:%d %B %Y} and today.")
# Lengths match the model fields, so PostgreSQL never refuses a value as too long.
Name = Annotated[str, StringConstraints(min_length=1, max_length=100), PLAIN, NOT_BLANK, _WORDS_DOC]
PoliceReference = Annotated[str, StringConstraints(max_length=64), PLAIN, _PLAIN_DOC]
SourceReference = Annotated[
    str, StringConstraints(min_length=1, max_length=128), PLAIN, NOT_BLANK, _WORDS_DOC
]
Reason = Annotated[
    str, StringConstraints(min_length=1, max_length=2000), PLAIN, NOT_BLANK, _WORDS_DOC
]
Place = Annotated[str, StringConstraints(max_length=300), PLAIN, _PLAIN_DOC]
PersonName = Annotated[str, StringConstraints(max_length=150), PLAIN, _PLAIN_DOC]
Phone = Annotated[str, StringConstraints(max_length=40), PLAIN, _PLAIN_DOC]
LongText = Annotated[str, StringConstraints(max_length=1000), PLAIN, _PLAIN_DOC]
SearchText = Annotated[
    str, StringConstraints(min_length=1, max_length=100), PLAIN, NOT_BLANK, _WORDS_DOC
]
Moment = Annotated[AwareDatetime, AfterValidator(_sensible_moment), _MOMENT_DOC]
Day = Annotated[dt.date, AfterValidator(_sensible_day), _DAY_DOC]
RecordId = Annotated[int, Field(ge=1, le=MAX_ID)]
KEY_PATTERN = r"^[\x21-\x7e]{1,255}$"
