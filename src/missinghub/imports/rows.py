"""One source row to checked values: every problem found is kept, with its column and reason."""

from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from missinghub.imports.fields import Field, ValueType, fields_of
from missinghub.imports.mapping import Mapping


@dataclass(frozen=True)
class Problem:
    column: str
    value: str
    reason: str


@dataclass
class ParsedRow:
    line: int
    values: dict[str, Any]
    problems: list[Problem]
    raw: dict[str, str]

    def refuse(self, field: str, mapping: Mapping, reason: str) -> None:
        column = mapping.columns.get(field, field)
        self.problems.append(Problem(column, str(self.raw.get(field, "")), reason))


class RowParser:
    """Reads rows of one file with one mapping. Built once per import (compiles the formats)."""

    def __init__(self, mapping: Mapping) -> None:
        self.mapping = mapping
        self.known = fields_of(mapping.kind)
        self.fields: list[Field] = [self.known[name] for name in mapping.columns]
        self.read_date = mapping.date_reader()
        self.read_datetime = mapping.datetime_reader()
        self.dates: dict[str, Any] = {}  # dates of birth repeat: each text is read once
        # (field, column, required, value when blank, read) per mapped field, built once.
        self.plan = [
            (
                spec.name,
                mapping.columns[spec.name],
                spec.required,
                "" if spec.type == ValueType.TEXT else None,
                partial(self._value, spec, mapping.columns[spec.name]),
            )
            for spec in self.fields
        ]

    def missing_columns(self, header: list[str]) -> list[str]:
        present = set(header)
        return [column for column in self.mapping.columns.values() if column not in present]

    def parse(self, line: int, source: dict[str, str]) -> ParsedRow:
        values: dict[str, Any] = {}
        raw: dict[str, str] = {}
        problems: list[Problem] = []
        for name, column, required, blank, read in self.plan:
            text = (source.get(column) or "").strip()
            raw[name] = text
            if not text:
                if required:
                    problems.append(Problem(column, text, f"{column} is blank"))
                values[name] = blank
                continue
            try:
                values[name] = read(text)
            except ValueError as error:
                problems.append(Problem(column, text, str(error)))
                values[name] = None
        return ParsedRow(line, values, problems, raw)

    def _value(self, spec: Field, column: str, text: str) -> Any:
        if spec.type == ValueType.DATETIME:
            return self._read_moment(spec, column, text)
        if spec.type == ValueType.TEXT:
            if len(text) > spec.max_length:
                raise ValueError(f"{column} is longer than {spec.max_length} characters")
            return text
        if spec.type == ValueType.CHOICE:
            return self._choice(spec, column, text)
        return self._moment(spec, column, text)

    def _choice(self, spec: Field, column: str, text: str) -> str:
        mapped = self.mapping.values.get(spec.name, {}).get(text.casefold())
        if mapped is not None:
            return mapped
        if text in spec.choices:
            return text
        raise ValueError(f"{column}: {text!r} is not in the mapping's list for {spec.name}")

    def _moment(self, spec: Field, column: str, text: str) -> Any:
        if spec.type == ValueType.DATE:
            found = self.dates.get(text)
            if found is None:
                if len(self.dates) > 100_000:
                    self.dates.clear()
                found = self.dates[text] = self._read_moment(spec, column, text)
            return found
        return self._read_moment(spec, column, text)

    def _read_moment(self, spec: Field, column: str, text: str) -> Any:
        with_time = spec.type == ValueType.DATETIME
        read = self.read_datetime if with_time else self.read_date
        try:
            moment: datetime | None = read(text)
        except ValueError as error:
            raise ValueError(f"{column}: {text!r} is not a real date ({error})") from error
        if moment is None:
            formats = self.mapping.datetime_formats if with_time else self.mapping.date_formats
            raise ValueError(f"{column}: {text!r} matches none of the formats {formats}")
        return moment if with_time else moment.date()

    def value_of(self, field: str, text: str) -> Any:
        """One field's value from its text, or None when blank or unreadable."""
        if not text:
            return None
        spec = self.known[field]
        try:
            return self._value(spec, self.mapping.columns[field], text)
        except ValueError:
            return None
