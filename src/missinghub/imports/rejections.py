"""The rejected rows of a run as CSV: file, line, column, value, reason (one line per problem)."""

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from missinghub.imports.models import ImportRejection, ImportRun
from missinghub.security.spreadsheets import escape_formula

HEADER = ("file", "line", "column", "value", "reason")


class _Echo:
    def write(self, value: str) -> str:
        return value


def rejection_lines(run: ImportRun) -> Iterator[str]:
    """CSV text, line by line (for a streamed download). Every text cell that a spreadsheet
    would run as a formula (the file's name too: it is the uploader's) gets an apostrophe."""
    writer: Any = csv.writer(_Echo())
    yield writer.writerow(HEADER)
    rejections = ImportRejection.objects.filter(run=run).order_by("line", "id")
    for rejection in rejections.iterator(chunk_size=2000):
        cells = (run.file_name, rejection.line, rejection.column, rejection.value, rejection.reason)
        yield writer.writerow([escape_formula(cell) for cell in cells])


def write_rejections(run: ImportRun, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        for line in rejection_lines(run):
            handle.write(line)
    return path
