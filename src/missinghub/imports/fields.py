"""The fields each kind of file can fill, and what a valid value looks like.

A mapping names, for each field, the source column that holds it (or builds it: docs/imports.md).
`required` fields must be filled and non-blank on every row; a `choice` field's values are read
through the mapping's value map (or may already be the target code); a `flag` is yes or no.
"""

from dataclasses import dataclass
from enum import StrEnum

from missinghub.casework.models import CmeGround, CmeStatus
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
    FLAG = "flag"  # yes or no (read as True or False)


YES, NO = "yes", "no"
# What a flag column may hold without a value map (compared case-blind).
FLAG_WORDS = {"yes": YES, "y": YES, "true": YES, "1": YES, "no": NO, "n": NO, "false": NO, "0": NO}


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


def _flag(name: str) -> Field:
    return Field(name, ValueType.FLAG, choices=(YES, NO))


# Where the child went missing from, and the rest a report may say (`intake.ReportedFacts`).
REPORTED_FACT_FIELDS = (
    _flag("looked_after"),
    _choice("missing_from_type", PlacementType.values),
    _choice("missing_from_area", PlacementArea.values),
    _text("responsible_authority", max_length=200),
    _flag("exploitation_flag"),
    _text("where_found", max_length=300),
    _text("reported_by", max_length=200),
)

# The fields whose value may be built from several columns (`key` in a mapping).
KEY_FIELDS = ("occurrence_reference", "referral_reference")
# The risk level of a police row whose mapping or row gives none.
NOT_RECORDED = RiskLevel.NOT_RECORDED.value

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
        _choice("risk_level", RiskLevel.values),
        _choice("return_method", ReturnMethod.values),
        *REPORTED_FACT_FIELDS,
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
        _choice("ground", CmeGround.values),
        _text("reason", max_length=200),
        _text("referring_school", max_length=200),  # the referring agency, of any kind
        _choice("status", CmeStatus.values),
        Field("closed_on", ValueType.DATE),
        _text("outcome", max_length=1000),  # where the child was located, or passed on to
    ),
}


def flag_value(text: str) -> str | None:
    """A flag's code (yes or no) from its common written forms, or None."""
    return FLAG_WORDS.get(text.strip().casefold())


def fields_of(kind: FileKind) -> dict[str, Field]:
    return {field.name: field for field in FIELDS[kind]}
