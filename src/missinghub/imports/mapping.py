"""Mapping files: how one agency's layout becomes MissingHub's fields (docs/imports.md).

A mapping is YAML, checked against `MAPPING_SCHEMA` and then against the fields of its kind.
"""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jsonschema
import yaml

from missinghub.imports.dates import FormatError, Reader, compile_format, make_reader
from missinghub.imports.fields import FileKind, ValueType, fields_of

_STRINGS = {"type": "array", "items": {"type": "string", "minLength": 1}}
MAPPING_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["kind", "agency", "columns"],
    "properties": {
        "kind": {"enum": [kind.value for kind in FileKind]},
        "description": {"type": "string"},
        "agency": {"type": "string", "minLength": 1},
        "source_system": {"type": "string", "minLength": 1, "maxLength": 64},
        "timezone": {"type": "string"},
        "date_formats": {**_STRINGS, "minItems": 1},
        "datetime_formats": {**_STRINGS, "minItems": 1},
        "columns": {
            "type": "object",
            "additionalProperties": {"type": "string", "minLength": 1},
        },
        "values": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "additionalProperties": {"type": "string"},
            },
        },
        "notify": _STRINGS,
        "loaded_by": _STRINGS,
    },
}


class MappingError(ValueError):
    """The mapping file is not valid; the message says where."""


@dataclass
class Mapping:
    kind: FileKind
    agency_name: str
    source_system: str
    columns: dict[str, str]
    values: dict[str, dict[str, str]]
    date_formats: list[str]
    datetime_formats: list[str]
    zone: ZoneInfo
    notify: list[str] = field(default_factory=list)
    # Agencies, beside `agency_name`, whose staff may load files with this mapping (a council's
    # missing team loading the force's extract). Nobody else may (docs/imports.md).
    loaded_by: list[str] = field(default_factory=list)
    description: str = ""
    digest: str = ""
    name: str = ""

    def date_reader(self) -> Reader:
        return make_reader(self.date_formats, with_time=False, zone=self.zone)

    def datetime_reader(self) -> Reader:
        return make_reader(self.datetime_formats, with_time=True, zone=self.zone)


def load_mapping(path: Path) -> Mapping:
    text = path.read_text(encoding="utf-8")
    mapping = parse_mapping(text)
    mapping.name = path.name
    return mapping


def parse_mapping(text: str) -> Mapping:
    try:
        body = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise MappingError(f"not valid YAML: {error}") from error
    try:
        jsonschema.validate(body, MAPPING_SCHEMA)
    except jsonschema.ValidationError as error:
        where = "/".join(str(part) for part in error.absolute_path) or "the top level"
        raise MappingError(f"{where}: {error.message}") from error
    kind = FileKind(body["kind"])
    mapping = Mapping(
        kind=kind,
        agency_name=body["agency"],
        source_system=body.get("source_system", ""),
        columns=body["columns"],
        values={key: _folded(value) for key, value in body.get("values", {}).items()},
        date_formats=body.get("date_formats", ["%d/%m/%Y"]),
        datetime_formats=body.get("datetime_formats", ["%d/%m/%Y %H:%M"]),
        zone=_zone(body.get("timezone", "Europe/London")),
        notify=body.get("notify", []),
        loaded_by=body.get("loaded_by", []),
        description=body.get("description", ""),
        digest=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )
    _check_fields(mapping)
    return mapping


def _folded(values: dict[str, str]) -> dict[str, str]:
    """Value maps match case-insensitively and ignore surrounding spaces."""
    return {source.strip().casefold(): target for source, target in values.items()}


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError) as error:
        raise MappingError(f"timezone: {name!r} is not a known time zone") from error


def _check_fields(mapping: Mapping) -> None:
    known = fields_of(mapping.kind)
    for name in [*mapping.columns, *mapping.values]:
        if name not in known:
            raise MappingError(f"{name!r} is not a field of a {mapping.kind} file")
    for spec in known.values():
        if spec.required and spec.name not in mapping.columns:
            raise MappingError(f"columns: the required field {spec.name!r} is not mapped")
    for name, targets in mapping.values.items():
        spec = known[name]
        if spec.type != ValueType.CHOICE:
            raise MappingError(f"values: {name!r} is not a field with a fixed list of values")
        for target in targets.values():
            if target not in spec.choices and target != "":
                raise MappingError(f"values/{name}: {target!r} is not one of {spec.choices}")
    if mapping.kind == FileKind.POLICE and not mapping.source_system:
        raise MappingError("source_system: a police mapping must name its source system")
    for pattern in [*mapping.date_formats, *mapping.datetime_formats]:
        try:
            compile_format(pattern)
        except FormatError as error:
            raise MappingError(f"date formats: {error}") from error
