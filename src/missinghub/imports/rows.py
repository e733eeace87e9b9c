"""One source row to checked values: every problem found is kept, with its column and reason."""

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from functools import partial
from typing import Any

from django.utils import timezone

from missinghub.episodes.rules import EARLIEST_DAY, day_problem, latest_moment, moment_problem
from missinghub.imports.fields import YES, Field, ValueType, fields_of, flag_value
from missinghub.imports.mapping import Mapping
from missinghub.imports.reader import BROKEN_COLUMN, BROKEN_REASON, BROKEN_VALUE


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
    skipped: bool = False  # a row filter of the mapping matched: not an error, not read

    def refuse(self, field: str, mapping: Mapping, reason: str) -> None:
        column = mapping.columns.get(field, field)
        self.problems.append(Problem(column, str(self.raw.get(field, "")), reason))


# Each text read in a date or choice field is kept with its value (they repeat: dates of birth,
# value lists), up to this many per field; then that field's memory starts again. Times are
# almost all different, so they are not kept.
CACHE_LIMIT = 100_000


class RowParser:
    """Reads rows of one file with one mapping. Built once per import (compiles the formats)."""

    def __init__(self, mapping: Mapping) -> None:
        self.mapping = mapping
        self.known = fields_of(mapping.kind)
        self.fields: list[Field] = [self.known[name] for name in mapping.columns]
        self.read_date = mapping.date_reader()
        self.read_datetime = mapping.datetime_reader()
        self.latest = latest_moment()  # the date rules of every way in (episodes.rules)
        self.surely_after = datetime.combine(EARLIEST_DAY, time(), UTC) + timedelta(days=1)
        self.today = timezone.localdate()
        # {field: {text: value}}: the dates and choices read so far.
        kept = (ValueType.DATE, ValueType.CHOICE, ValueType.FLAG)
        self.cache: dict[str, dict[str, Any]] = {
            spec.name: {} for spec in self.known.values() if spec.type in kept
        }
        # (field, column, required, value when blank, longest text, cache, read) per mapped
        # field, built once. Text fields have no reader: only their length is checked.
        self.plan = [
            (
                spec.name,
                mapping.columns[spec.name],
                mapping.is_required(spec),
                "" if spec.type == ValueType.TEXT else None,
                spec.max_length,
                self.cache.get(spec.name),
                None
                if spec.type == ValueType.TEXT
                else partial(self._value, spec, mapping.columns[spec.name]),
            )
            for spec in self.fields
        ]

        # Version 2: the date fields a key part is read as (the same moment, however written).
        self.key_dates = {
            column: name
            for name, column in mapping.columns.items()
            if self.known[name].type in (ValueType.DATE, ValueType.DATETIME)
        }
        self.required_columns = {
            column
            for name, column in mapping.columns.items()
            if mapping.is_required(self.known[name])
        }
        self.given = {  # constants and defaults as values, read once
            name: self._given(self.known[name], value)
            for name, value in {**mapping.defaults, **mapping.constants}.items()
        }

    def missing_columns(self, header: list[str]) -> list[str]:
        present = set(header)
        return [column for column in self.mapping.source_columns() if column not in present]

    def skips(self, source: dict[str, str]) -> bool:
        """Whether a row filter of the mapping matches the row."""
        return any(rule.skips(source.get(rule.column) or "") for rule in self.mapping.skip_rows)

    def parse(self, line: int, source: dict[str, str]) -> ParsedRow:
        if BROKEN_REASON in source:  # the reader could not split the row into fields
            problem = Problem(source[BROKEN_COLUMN], source[BROKEN_VALUE], source[BROKEN_REASON])
            return ParsedRow(line, {}, [problem], {})
        if self.mapping.skip_rows and self.skips(source):
            return ParsedRow(line, {}, [], {}, skipped=True)
        values: dict[str, Any] = {}
        raw: dict[str, str] = {}
        problems: list[Problem] = []
        for name, column, required, blank, longest, cache, read in self.plan:
            text = source.get(column)
            text = text.strip() if text else ""
            raw[name] = text
            if not text:
                if required:
                    problems.append(Problem(column, text, f"{column} is blank"))
                values[name] = blank
            elif read is None:
                if len(text) <= longest:
                    values[name] = text
                else:
                    problems.append(Problem(column, text, _too_long(column, longest)))
                    values[name] = None
            elif cache is not None and (value := cache.get(text)) is not None:
                values[name] = value
            else:
                try:
                    value = read(text)
                    values[name] = value if cache is None else _remember(cache, text, value)
                except ValueError as error:
                    problems.append(Problem(column, text, str(error)))
                    values[name] = None
        if self.mapping.version > 1:
            self._built(source, values, raw, problems)
        return ParsedRow(line, values, problems, raw)

    def _built(
        self, source: dict[str, str], values: dict[str, Any], raw: dict[str, str], problems: list
    ) -> None:
        """Version 2: keys, tables, constants and defaults, then the mapping's required fields."""
        mapping = self.mapping
        for name, columns in mapping.key.items():
            parts = [self._key_part(column, source, problems) for column in columns]
            key = " ".join(part for part in parts if part)
            values[name] = key if None not in parts else None
            raw[name] = key
        for table in mapping.tables:
            text = (source.get(table.column) or "").strip()
            targets = table.rows.get(text.casefold()) if text else {}
            if targets is None:
                reason = f"{table.column}: {text!r} is not in the mapping's table for this column"
                problems.append(Problem(table.column, text, reason))
                continue
            for name, value in targets.items():
                values[name] = self._given(self.known[name], value)
        for name, value in self.given.items():
            if values.get(name) in (None, "") and not raw.get(name):
                values[name] = value
        for name in mapping.required:  # a field from a column: its plan has checked it
            if name not in mapping.columns and values.get(name) in (None, ""):
                column = mapping.columns.get(name, name)
                problems.append(Problem(column, "", f"{column} is blank: the mapping requires it"))

    def _key_part(self, column: str, source: dict[str, str], problems: list) -> str | None:
        text = (source.get(column) or "").strip()
        if not text:
            if column not in self.required_columns:  # else its field has said it is blank
                reason = f"{column} is blank: the record's key needs it"
                problems.append(Problem(column, "", reason))
            return None
        field = self.key_dates.get(column)
        if field is None:
            return text
        value = self.value_of(field, text)
        if value is None:
            return None  # the field's own problem names the column
        if isinstance(value, datetime):
            return timezone.localtime(value, self.mapping.zone).strftime("%Y-%m-%d %H:%M")
        return str(value.isoformat())

    def _given(self, spec: Field, value: str) -> Any:
        """A value the mapping gives itself (checked when the mapping loaded)."""
        if value == "":
            return "" if spec.type == ValueType.TEXT else None
        if spec.type == ValueType.FLAG:
            return value == YES
        return value

    def _value(self, spec: Field, column: str, text: str) -> Any:
        if spec.type == ValueType.DATETIME:
            return self._read_moment(spec, column, text)
        if spec.type == ValueType.TEXT:
            if len(text) > spec.max_length:
                raise ValueError(_too_long(column, spec.max_length))
            return text
        if spec.type == ValueType.CHOICE:
            return self._choice(spec, column, text)
        if spec.type == ValueType.FLAG:
            return self._flag(spec, column, text)
        return self._read_moment(spec, column, text)

    def _flag(self, spec: Field, column: str, text: str) -> bool:
        mapped = self.mapping.values.get(spec.name, {}).get(text.casefold()) or flag_value(text)
        if mapped is None:
            raise ValueError(f"{column}: {text!r} is not yes or no, nor in the mapping's list")
        return mapped == YES

    def _choice(self, spec: Field, column: str, text: str) -> str:
        mapped = self.mapping.values.get(spec.name, {}).get(text.casefold())
        if mapped is not None:
            return mapped
        if text in spec.choices:
            return text
        raise ValueError(f"{column}: {text!r} is not in the mapping's list for {spec.name}")

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
        if with_time:  # the plain comparison first: almost every time passes it
            if self.surely_after < moment <= self.latest:
                return moment
            problem = moment_problem(moment, latest=self.latest)
            if problem is None:
                return moment
        else:
            day = moment.date()
            if EARLIEST_DAY <= day <= self.today:  # the rule for a day, exactly
                return day
            problem = day_problem(day, today=self.today)
        raise ValueError(f"{column}: {text!r} is not allowed. {problem}")

    def value_of(self, field: str, text: str) -> Any:
        """One field's value from its text, or None when blank or unreadable."""
        if not text:
            return None
        cache = self.cache.get(field)
        if cache is not None and (value := cache.get(text)) is not None:
            return value
        spec = self.known[field]
        try:
            value = self._value(spec, self.mapping.columns[field], text)
        except ValueError:
            return None
        return value if cache is None else _remember(cache, text, value)


def _too_long(column: str, longest: int) -> str:
    return f"{column} is longer than {longest} characters"


def _remember(cache: dict[str, Any], text: str, value: Any) -> Any:
    if len(cache) >= CACHE_LIMIT:
        cache.clear()
    cache[text] = value
    return value
