"""The fields each kind of file can fill, and what a valid value looks like.

A mapping names, for each field, the source column that holds it. `required` fields must be
mapped and non-blank on every row; a `choice` field's values are read through the mapping's
value map (or may already be the target code).
"""

from dataclasses import dataclass
from enum import StrEnum

from missinghub.children.models import (
    Ethnicity,
    LegalStatusKind,
    PlacementArea,
    PlacementType,
    Sex,
)
from missinghub.episodes.models import EpisodeCategory, ReturnMethod, RiskLevel


class FileKind(StrEnum):
    POLICE = "police"
    SOCIAL_CARE = "social-care"
    CME = "cme"


class ValueType(StrEnum):
    TEXT = "text"
    DATE = "date"
    DATETIME = "datetime"
    CHOICE = "choice"


@dataclass(frozen=True)
class Field:
    name: str
    type: ValueType = ValueType.TEXT
    required: bool = False
    choices: tuple[str, ...] = ()
    max_length: int = 100


def _text(name: str, *, required: bool = False, max_length: int = 100) -> Field:
    return Field(name, ValueType.TEXT, required, max_length=max_length)


def _choice(name: str, values: list[str], *, required: bool = False) -> Field:
    return Field(name, ValueType.CHOICE, required, tuple(values))


PERSON_FIELDS = (
    _text("given_name"),
    _text("family_name"),
    Field("date_of_birth", ValueType.DATE),
    _choice("sex", Sex.values),
    _text("home_postcode", max_length=10),
)

FIELDS: dict[FileKind, tuple[Field, ...]] = {
    FileKind.POLICE: (
        _text("occurrence_reference", required=True, max_length=64),
        _text("person_reference", required=True, max_length=64),
        *PERSON_FIELDS,
        _choice("category", EpisodeCategory.values, required=True),
        Field("last_seen_at", ValueType.DATETIME),
        Field("reported_at", ValueType.DATETIME, required=True),
        Field("returned_at", ValueType.DATETIME),
        _choice("risk_level", RiskLevel.values, required=True),
        _choice("return_method", ReturnMethod.values),
    ),
    FileKind.SOCIAL_CARE: (
        _text("person_reference", required=True, max_length=64),
        *PERSON_FIELDS,
        _choice("ethnicity", Ethnicity.values),
        _choice("legal_status", LegalStatusKind.values, required=True),
        _choice("placement_type", PlacementType.values),
        Field("placement_start", ValueType.DATE),
        _choice("placement_area", PlacementArea.values),
    ),
    FileKind.CME: (
        _text("referral_reference", required=True, max_length=64),
        _text("person_reference", max_length=64),
        *PERSON_FIELDS,
        Field("referred_on", ValueType.DATE, required=True),
        _text("reason", max_length=200),
        _text("referring_school", max_length=200),
    ),
}


def fields_of(kind: FileKind) -> dict[str, Field]:
    return {field.name: field for field in FIELDS[kind]}
