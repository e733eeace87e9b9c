"""What a report is: sections of tables and charts, written out as JSON or CSV.

The same `Report` feeds the command line (json, csv, html, pdf) and the dashboard, so a figure
is computed once and shown the same way everywhere.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
from dataclasses import dataclass, field
from typing import Any

from missinghub_analytics.charts import Figure
from missinghub_analytics.frames import Period

KINDS = ("published", "demand", "service", "outcomes")
TITLES = {
    "published": "Published figures: episodes and young people",
    "demand": "Demand: how long, when, and who goes missing again",
    "service": "Service: return interviews, contact and referrals",
    "outcomes": "Outcomes: going missing again after help or a protocol change",
}


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "int"  # int | share | number | text | quarter (its first day; shown in words)

    def show(self, value: Any) -> str:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return "none"
        if isinstance(value, str) and self.kind != "quarter":
            return value  # words already (e.g. "fewer than 10" where a count is suppressed)
        if isinstance(value, float) and math.isinf(value):
            return "not reached"
        if self.kind == "share":
            return f"{float(value):.1%}"
        if self.kind == "number":
            return f"{float(value):,.1f}"
        if self.kind == "int":
            return f"{int(value):,}"
        if self.kind == "quarter":
            return quarter_in_words(value)
        return str(value)


def quarter_in_words(first_day: Any) -> str:
    """A quarter by its first day, e.g. 2025-04-01 -> "April to June 2025" (UK style)."""
    start = first_day if isinstance(first_day, dt.date) else dt.date.fromisoformat(str(first_day))
    last_month = dt.date(start.year + (start.month + 1) // 12, (start.month + 1) % 12 + 1, 1)
    return f"{start:%B} to {last_month:%B %Y}"


@dataclass
class Table:
    caption: str
    columns: list[Column]
    rows: list[dict[str, Any]]

    @property
    def display_rows(self) -> list[list[str]]:
        return [[column.show(row.get(column.key)) for column in self.columns] for row in self.rows]

    @property
    def numeric_columns(self) -> list[bool]:
        return [column.kind != "text" for column in self.columns]


@dataclass
class Section:
    key: str
    heading: str
    notes: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    figure: Figure | None = None
    figure_table: Table | None = None  # the chart's data, shown beside it

    @property
    def chart_id(self) -> str:
        return f"chart-{self.key}"

    @property
    def spec_id(self) -> str:
        return f"chart-spec-{self.key}"


@dataclass
class Report:
    kind: str
    period: Period
    data: dict[str, Any]  # the figures as plain JSON (what `--format json` prints)
    sections: list[Section] = field(default_factory=list)

    @property
    def title(self) -> str:
        return TITLES[self.kind]

    @property
    def period_label(self) -> str:
        return f"{self.period.first:%-d %B %Y} to {self.period.last:%-d %B %Y}"

    def to_json(self) -> str:
        return json.dumps(self.data, separators=(",", ":"), allow_nan=False, default=str)

    def to_csv(self) -> str:
        """Every table in long form: section, table, row, measure, value."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["section", "table", "row", "measure", "value"])
        for section in self.sections:
            tables = [*section.tables, *([section.figure_table] if section.figure_table else [])]
            for table in tables:
                for number, row in enumerate(table.rows, start=1):
                    for column in table.columns:
                        value = row.get(column.key)
                        writer.writerow([section.key, table.caption, number, column.key, value])
        return out.getvalue()


def clean_json(value: Any) -> Any:
    """Replace NaN and infinity (which JSON cannot hold) by null, recursively."""
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, dict):
        return {key: clean_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [clean_json(item) for item in value]
    return value
