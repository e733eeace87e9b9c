"""The SSDA903 mapping (`mappings/ssda903.yaml`): which files hold the return's tables, what each
code means in MissingHub, and which postcode areas are the council's own.

Checked against `SSDA903_SCHEMA` (kept equal to docs/imports.md by a test), then against the
return's code lists in `kit/ssda903.py`: every code of a mapped column must be given a meaning,
no code outside the DfE's list may be, and every meaning must be one MissingHub records.
"""

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jsonschema
import yaml

from missinghub.children.models import Ethnicity, PlacementArea, PlacementType, Sex
from missinghub.episodes.models import EpisodeCategory
from missinghub.imports.dates import FormatError, Reader, compile_format, make_reader
from missinghub.imports.mapping import MappingError
from missinghub.kit import ssda903

KIND = "ssda903"
_STRINGS = {"type": "array", "items": {"type": "string", "minLength": 1}}
TABLE_KEYS = {"header": ssda903.HEADER, "episodes": ssda903.EPISODES, "missing": ssda903.MISSING}
SSDA903_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["kind", "agency", "source_system", "values"],
    "properties": {
        "kind": {"const": KIND},
        "description": {"type": "string"},
        "agency": {"type": "string", "minLength": 1},
        "source_system": {"type": "string", "minLength": 1, "maxLength": 64},
        "timezone": {"type": "string"},
        "date_formats": {**_STRINGS, "minItems": 1},
        "files": {
            "type": "object",
            "additionalProperties": False,
            "properties": {key: {"type": "string", "minLength": 1} for key in TABLE_KEYS},
        },
        "home_postcode_areas": _STRINGS,
        "values": {
            "type": "object",
            "additionalProperties": False,
            "required": ["SEX", "ETHNIC", "PLACE", "MISSING"],
            "properties": {
                name: {"type": "object", "additionalProperties": {"type": "string"}}
                for name in ("SEX", "ETHNIC", "PLACE", "MISSING", "PL_LOCATION")
            },
        },
    },
}
# What each mapped column's codes may mean in MissingHub.
MEANINGS: dict[str, list[str]] = {
    "SEX": Sex.values,
    "ETHNIC": Ethnicity.values,
    "PLACE": PlacementType.values,
    "MISSING": [EpisodeCategory.MISSING.value, EpisodeCategory.AWAY_FROM_PLACEMENT.value],
    "PL_LOCATION": PlacementArea.values,
}


@dataclass
class Ssda903Mapping:
    agency_name: str
    source_system: str
    files: dict[str, str]  # table key -> file name in the folder
    values: dict[str, dict[str, str]]  # column -> {code: MissingHub value}
    home_areas: tuple[str, ...]  # upper case postcode areas or districts
    date_formats: list[str]
    zone: ZoneInfo
    description: str = ""
    digest: str = ""
    name: str = ""

    def date_reader(self) -> Reader:
        return make_reader(self.date_formats, with_time=False, zone=self.zone)

    @property
    def files_by_table(self) -> dict[str, str]:
        """{the specification's table name: the file that holds it}."""
        return {TABLE_KEYS[key].name: name for key, name in self.files.items()}

    def area_of(self, postcode: str) -> str | None:
        """In or out of the council's area by the postcode's outward code; None when blank."""
        outward = postcode.strip().upper().split(" ")[0]
        if not outward:
            return None
        letters = outward.rstrip("0123456789") if outward[-1:].isdigit() else outward
        inside = any(outward == area or letters == area for area in self.home_areas)
        return PlacementArea.IN_BOROUGH if inside else PlacementArea.OUT_OF_BOROUGH


def load_ssda903_mapping(path: Path) -> Ssda903Mapping:
    text = path.read_text(encoding="utf-8")
    mapping = parse_ssda903_mapping(text)
    mapping.name = path.name
    return mapping


def is_ssda903_mapping(path: Path) -> bool:
    try:
        body = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return False
    return isinstance(body, dict) and body.get("kind") == KIND


def parse_ssda903_mapping(text: str) -> Ssda903Mapping:
    try:
        body = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise MappingError(f"not valid YAML: {error}") from error
    try:
        jsonschema.validate(body, SSDA903_SCHEMA)
    except jsonschema.ValidationError as error:
        where = "/".join(str(part) for part in error.absolute_path) or "the top level"
        raise MappingError(f"{where}: {error.message}") from error
    values = {column: _checked(column, codes) for column, codes in body["values"].items()}
    formats = body.get("date_formats", [ssda903.DATE_FORMAT])
    for pattern in formats:
        try:
            compile_format(pattern)
        except FormatError as error:
            raise MappingError(f"date_formats: {error}") from error
    files = {key: table.file for key, table in TABLE_KEYS.items()}
    files.update(body.get("files", {}))
    return Ssda903Mapping(
        agency_name=body["agency"],
        source_system=body["source_system"],
        files=files,
        values=values,
        home_areas=tuple(area.strip().upper() for area in body.get("home_postcode_areas", [])),
        date_formats=formats,
        zone=_zone(body.get("timezone", "Europe/London")),
        description=body.get("description", ""),
        digest=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )


def _checked(column: str, codes: dict[str, str]) -> dict[str, str]:
    """The column's {code: meaning}, every DfE code given one meaning MissingHub records."""
    listed = ssda903.CODES[column]
    folded = {str(code).strip().upper(): meaning for code, meaning in codes.items()}
    unknown = sorted(set(folded) - set(listed))
    if unknown:
        raise MappingError(
            f"values/{column}: {', '.join(unknown)} not in the return's list of {column} codes"
        )
    missing = sorted(set(listed) - set(folded))
    if missing:
        raise MappingError(f"values/{column}: no meaning given for {', '.join(missing)}")
    for code, meaning in folded.items():
        if meaning not in MEANINGS[column]:
            raise MappingError(
                f"values/{column}/{code}: {meaning!r} is not one of {MEANINGS[column]}"
            )
    return folded


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError) as error:
        raise MappingError(f"timezone: {name!r} is not a known time zone") from error
