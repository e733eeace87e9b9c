"""Reports speak in words: every code a report may show (a category, placement type, CME status,
interview outcome, push or pull factor, ...) is shown by the label its model gives it.

The words come from the models' own choices (and, for push and pull factors and the audit
rubric, the casework configuration), so there is one place for each label. `in_words`
is applied once to a finished report (`put_in_words`): every text cell of every table, and every
text value of every chart's rows. `--format json` keeps the codes, for machines."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from django.db.models import TextChoices

from missinghub.casework.config import casework_config
from missinghub.casework.models import (
    AuditGrade,
    CmeGround,
    CmeStatus,
    InterventionType,
    InterviewOutcome,
    PreventionAudience,
    PreventionKind,
)
from missinghub.children.models import Ethnicity, LegalStatusKind, PlacementArea, PlacementType, Sex
from missinghub.episodes.models import EpisodeCategory, ReturnMethod, RiskLevel
from missinghub.protocols.models import TaskKind

if TYPE_CHECKING:
    from missinghub.reporting.report import Report

# The enums whose codes reach reports, first wins where two share a code.
REPORTED_CHOICES: tuple[type[TextChoices], ...] = (
    EpisodeCategory,
    RiskLevel,
    ReturnMethod,
    PlacementType,
    PlacementArea,
    LegalStatusKind,
    CmeStatus,
    CmeGround,
    InterviewOutcome,
    InterventionType,
    Sex,
    Ethnicity,
    PreventionKind,
    PreventionAudience,
    AuditGrade,
    TaskKind,
)
# Codes of report figures that are not model choices.
FIGURE_WORDS = {
    "referrals": "Referrals received",
    "unknown": "Not recorded",
    "push": "Push: getting away from something",
    "pull": "Pull: going to something or someone",
    "intervention": "Intervention",
}


def _configured_words() -> list[tuple[str, str]]:
    """Push and pull factors and the audit rubric's criteria: labels kept in the casework
    configuration, not in model choices."""
    config = casework_config()
    lists = (config.push_factors, config.pull_factors, config.interview_audit.criteria)
    return [(choice.code, choice.label) for choices in lists for choice in choices]


@functools.cache
def words() -> dict[str, str]:
    table: dict[str, str] = {}
    for choices in REPORTED_CHOICES:
        for code, label in choices.choices:
            table.setdefault(str(code), str(label))
    for code, label in [*FIGURE_WORDS.items(), *_configured_words()]:
        table.setdefault(code, label)
    return table


def in_words(value: Any) -> Any:
    """The label of a code; anything else unchanged."""
    if isinstance(value, str):
        return words().get(value, value)
    return value


def put_in_words(report: Report) -> Report:
    """Relabel the report's tables and chart rows (new rows: its JSON data keeps the codes)."""
    for section in report.sections:
        tables = [*section.tables, *([section.figure_table] if section.figure_table else [])]
        for table in tables:
            text_keys = [column.key for column in table.columns if column.kind == "text"]
            table.rows = [
                {**row, **{key: in_words(row.get(key)) for key in text_keys}} for row in table.rows
            ]
        if section.figure is not None:
            figure = section.figure
            rows = [{key: in_words(value) for key, value in row.items()} for row in figure["rows"]]
            data = figure["spec"].get("data")
            if isinstance(data, dict) and data.get("values") is figure["rows"]:
                data["values"] = rows
            figure["rows"] = rows
    return report
