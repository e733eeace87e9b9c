"""Mapping files: how one agency's layout becomes MissingHub's fields (docs/imports.md).

A mapping is YAML, checked against `MAPPING_SCHEMA` and then against the fields of its kind.
Version 1 names one column per field and value maps. Version 2 (`version: 2`) adds a key built
from several columns, constants and defaults, tables that turn one column into several fields,
the mapping's own required fields, row filters and the sheets of a workbook; a version 1 file
loads as before.
"""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jsonschema
import yaml

from missinghub.imports.dates import FormatError, Reader, compile_format, make_reader
from missinghub.imports.fields import KEY_FIELDS, Field, FileKind, ValueType, fields_of

_STRINGS = {"type": "array", "items": {"type": "string", "minLength": 1}}
_NAME = {"type": "string", "minLength": 1}
_FIELD_VALUES = {"type": "object", "additionalProperties": {"type": "string"}}
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
        # Version 2 ----------------------------------------------------------------------
        "version": {"enum": [1, 2]},
        "key": {
            "type": "object",
            "additionalProperties": {**_STRINGS, "minItems": 2},
        },
        "constants": _FIELD_VALUES,
        "defaults": _FIELD_VALUES,
        "tables": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["column", "rows"],
                "properties": {
                    "column": _NAME,
                    "rows": {"type": "object", "additionalProperties": _FIELD_VALUES},
                },
            },
        },
        "required": _STRINGS,
        "skip_rows": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["column"],
                "properties": {"column": _NAME, "values": _STRINGS},
            },
        },
        "sheets": {**_STRINGS, "minItems": 1},
    },
}
VERSION_2_KEYS = ("key", "constants", "defaults", "tables", "required", "skip_rows", "sheets")


class MappingError(ValueError):
    """The mapping file is not valid; the message says where."""


@dataclass(frozen=True)
class Table:
    """One source column that fills several fields: {source value (folded): {field: value}}."""

    column: str
    rows: dict[str, dict[str, str]]

    @property
    def fields(self) -> list[str]:
        return sorted({name for targets in self.rows.values() for name in targets})


@dataclass(frozen=True)
class SkipRule:
    """Skip a row whose `column` holds a value (any value, or one of `values`, case-blind)."""

    column: str
    values: frozenset[str] = frozenset()

    def skips(self, text: str) -> bool:
        text = text.strip()
        return bool(text) and (not self.values or text.casefold() in self.values)


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
    version: int = 1
    key: dict[str, list[str]] = field(default_factory=dict)  # field -> its columns
    constants: dict[str, str] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)
    tables: list[Table] = field(default_factory=list)
    required: list[str] = field(default_factory=list)  # beside the kind's required fields
    skip_rows: list[SkipRule] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)  # of an .xlsx workbook; empty: the first

    def source_columns(self) -> list[str]:
        """Every column the mapping reads (the file must have each)."""
        named = [*self.columns.values(), *(c for cs in self.key.values() for c in cs)]
        named += [table.column for table in self.tables]
        named += [rule.column for rule in self.skip_rows]
        return list(dict.fromkeys(named))

    def filled(self) -> set[str]:
        """The fields the mapping fills, however."""
        tabled = {name for table in self.tables for name in table.fields}
        return {*self.columns, *self.key, *self.constants, *self.defaults, *tabled}

    def is_required(self, spec: Field) -> bool:
        return spec.required or spec.name in self.required

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
    version = body.get("version", 1)
    if version == 1 and (used := [name for name in VERSION_2_KEYS if name in body]):
        raise MappingError(f"{used[0]}: needs 'version: 2' at the top of the mapping")
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
        version=version,
        key=body.get("key", {}),
        constants=body.get("constants", {}),
        defaults=body.get("defaults", {}),
        tables=[Table(t["column"], _folded_rows(t["rows"])) for t in body.get("tables", [])],
        required=body.get("required", []),
        skip_rows=[_skip_rule(rule) for rule in body.get("skip_rows", [])],
        sheets=body.get("sheets", []),
    )
    _check_version_2(mapping)
    _check_fields(mapping)
    return mapping


def _folded(values: dict[str, str]) -> dict[str, str]:
    """Value maps match case-insensitively and ignore surrounding spaces."""
    return {source.strip().casefold(): target for source, target in values.items()}


def _skip_rule(rule: dict[str, Any]) -> SkipRule:
    return SkipRule(rule["column"], frozenset(v.strip().casefold() for v in rule.get("values", [])))


def _folded_rows(rows: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    return {source.strip().casefold(): targets for source, targets in rows.items()}


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
    filled = mapping.filled()
    for spec in known.values():
        if mapping.is_required(spec) and spec.name not in filled:
            raise MappingError(f"columns: the required field {spec.name!r} is not mapped")
    for name, targets in mapping.values.items():
        spec = known[name]
        if spec.type not in (ValueType.CHOICE, ValueType.FLAG):
            raise MappingError(f"values: {name!r} is not a field with a fixed list of values")
        for target in targets.values():
            _check_value(spec, target, f"values/{name}")
    if mapping.kind == FileKind.POLICE and not mapping.source_system:
        raise MappingError("source_system: a police mapping must name its source system")
    for pattern in [*mapping.date_formats, *mapping.datetime_formats]:
        try:
            compile_format(pattern)
        except FormatError as error:
            raise MappingError(f"date formats: {error}") from error


def _check_value(spec: Field, value: str, where: str) -> None:
    """A value a mapping gives a field itself (a value map, table, constant or default)."""
    if value == "":
        return
    if spec.type in (ValueType.CHOICE, ValueType.FLAG) and value not in spec.choices:
        raise MappingError(f"{where}: {value!r} is not one of {spec.choices}")
    if spec.type in (ValueType.DATE, ValueType.DATETIME):
        raise MappingError(f"{where}: {spec.name!r} is a date: it comes from a column only")
    if spec.type == ValueType.TEXT and len(value) > spec.max_length:
        raise MappingError(f"{where}: longer than {spec.max_length} characters")


def _check_version_2(mapping: Mapping) -> None:
    known = fields_of(mapping.kind)
    sources: dict[str, str] = dict.fromkeys(mapping.columns, "columns")
    for part, names in (("key", mapping.key), ("constants", mapping.constants)):
        for name in names:
            if name not in known:
                raise MappingError(f"{part}: {name!r} is not a field of a {mapping.kind} file")
            if name in sources:
                raise MappingError(f"{part}: {name!r} is already filled by {sources[name]}")
            sources[name] = part
    for name in mapping.key:
        if name not in KEY_FIELDS:
            raise MappingError(f"key: {name!r} cannot be built from columns ({KEY_FIELDS})")
    for name, value in mapping.constants.items():
        _check_value(known[name], value, f"constants/{name}")
    for table in mapping.tables:
        for source, targets in table.rows.items():
            for name, value in targets.items():
                where = f"tables/{table.column}/{source}"
                if name not in known:
                    raise MappingError(f"{where}: {name!r} is not a field of a {mapping.kind} file")
                if sources.get(name, "tables") != "tables":
                    raise MappingError(f"{where}: {name!r} is already filled by {sources[name]}")
                sources[name] = "tables"
                _check_value(known[name], value, f"{where}/{name}")
    for name, value in mapping.defaults.items():
        if name not in known:
            raise MappingError(f"defaults: {name!r} is not a field of a {mapping.kind} file")
        _check_value(known[name], value, f"defaults/{name}")
    for name in mapping.required:
        if name not in known:
            raise MappingError(f"required: {name!r} is not a field of a {mapping.kind} file")
