"""Bounds on one import, so a hostile or broken file cannot hold a worker or fill the database.

Each bound is a setting (documented in `settings/base.py`): the expanded size of an `.xlsx`
(its zip members' uncompressed sizes, read from the zip's directory before any member is
opened), data rows, cells (rows times header columns), rejected rows and seconds per import.
A run marked running whose last sign of life (its start or its latest committed batch) is older
than `MISSINGHUB_IMPORT_STALE_MINUTES` is taken to have lost its worker.
"""

import time
import zipfile
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.conf import settings

MB = 1024 * 1024


class ImportRefused(ValueError):
    """The whole file cannot be imported (wrong kind, missing columns, unknown agency)."""


class LimitExceeded(ImportRefused):
    """The file or the run went past one of the import bounds; the message names the setting."""


@dataclass(frozen=True)
class ImportLimits:
    max_rows: int
    max_cells: int
    max_expanded_bytes: int
    max_rejected_rows: int
    max_seconds: float
    stale_after: timedelta
    started: float = field(default_factory=time.monotonic)

    @classmethod
    def current(cls) -> "ImportLimits":
        return cls(
            max_rows=settings.MISSINGHUB_IMPORT_MAX_ROWS,
            max_cells=settings.MISSINGHUB_IMPORT_MAX_CELLS,
            max_expanded_bytes=settings.MISSINGHUB_IMPORT_MAX_EXPANDED_MB * MB,
            max_rejected_rows=settings.MISSINGHUB_IMPORT_MAX_REJECTED_ROWS,
            max_seconds=settings.MISSINGHUB_IMPORT_MAX_SECONDS,
            stale_after=timedelta(minutes=settings.MISSINGHUB_IMPORT_STALE_MINUTES),
        )

    def check_size(self, rows: int, columns: int) -> None:
        if rows > self.max_rows:
            raise LimitExceeded(
                f"the file has more than {self.max_rows:,} rows (MISSINGHUB_IMPORT_MAX_ROWS)"
            )
        if rows * max(columns, 1) > self.max_cells:
            raise LimitExceeded(
                f"the file has more than {self.max_cells:,} cells (MISSINGHUB_IMPORT_MAX_CELLS)"
            )

    def check_time(self) -> None:
        if time.monotonic() - self.started > self.max_seconds:
            raise LimitExceeded(
                f"the import took longer than {self.max_seconds:,.0f} seconds "
                "(MISSINGHUB_IMPORT_MAX_SECONDS)"
            )

    def check_rejected(self, rejected: int) -> None:
        if rejected > self.max_rejected_rows:
            raise LimitExceeded(
                f"more than {self.max_rejected_rows:,} rows were rejected "
                "(MISSINGHUB_IMPORT_MAX_REJECTED_ROWS): check the mapping matches the file"
            )


def expanded_size_problem(path: Path) -> str | None:
    """Why an `.xlsx` may not be opened: its members claim more than the bound when expanded.

    Only the zip's central directory is read. A member that expands past the size it states is
    stopped by Python's zipfile at that size (and fails its CRC), so the stated sizes bound it.
    """
    limit = settings.MISSINGHUB_IMPORT_MAX_EXPANDED_MB
    try:
        with zipfile.ZipFile(path) as book:
            expanded = sum(member.file_size for member in book.infolist())
    except (zipfile.BadZipFile, OSError) as error:
        return f"not a readable .xlsx file: {error}"
    if expanded > limit * MB:
        return (
            f"the workbook expands to {expanded // MB:,} MB, more than the "
            f"{limit:,} MB allowed (MISSINGHUB_IMPORT_MAX_EXPANDED_MB)"
        )
    return None
