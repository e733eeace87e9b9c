"""One source row to checked values: every problem found is kept, with its column and reason."""

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from functools import partial
from typing import Any

from django.utils import timezone

from missinghub.episodes.rules import EARLIEST_DAY, day_problem, latest_moment, moment_problem
from missinghub.imports.fields import Field, ValueType, fields_of
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
        kept = (ValueType.DATE, ValueType.CHOICE)
        self.cache: dict[str, dict[str, Any]] = {
            spec.name: {} for spec in self.known.values() if spec.type in kept
        }
        # (field, column, required, value when blank, longest text, cache, read) per mapped
        # field, built once. Text fields have no reader: only their length is checked.
        self.plan = [
            (
                spec.name,
                mapping.columns[spec.name],
                spec.required,
                "" if spec.type == ValueType.TEXT else None,
                spec.max_length,
                self.cache.get(spec.name),
                None
                if spec.type == ValueType.TEXT
                else partial(self._value, spec, mapping.columns[spec.name]),
            )
            for spec in self.fields
        ]

    def missing_columns(self, header: list[str]) -> list[str]:
        present = set(header)
        return [column for column in self.mapping.columns.values() if column not in present]

    def parse(self, line: int, source: dict[str, str]) -> ParsedRow:
        if BROKEN_REASON in source:  # the reader could not split the row into fields
            problem = Problem(source[BROKEN_COLUMN], source[BROKEN_VALUE], source[BROKEN_REASON])
            return ParsedRow(line, {}, [problem], {})
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
        return ParsedRow(line, values, problems, raw)

    def _value(self, spec: Field, column: str, text: str) -> Any:
        if spec.type == ValueType.DATETIME:
            return self._read_moment(spec, column, text)
        if spec.type == ValueType.TEXT:
            if len(text) > spec.max_length:
                raise ValueError(_too_long(column, spec.max_length))
            return text
        if spec.type == ValueType.CHOICE:
            return self._choice(spec, column, text)
        return self._read_moment(spec, column, text)

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
