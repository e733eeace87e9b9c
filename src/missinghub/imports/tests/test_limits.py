"""Bounds on one import: expanded size, rows, cells, rejected rows and time; a run whose worker
died is marked failed and can be run again (security review, finding 2)."""

import time
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import override_settings
from django.utils import timezone

from missinghub.imports.models import ImportRun, RunStatus
from missinghub.imports.reader import UnreadableFile
from missinghub.imports.runner import ImportRefused
from missinghub.imports.tests.conftest import Importer, write_csv
from missinghub.imports.tests.test_police_rules import HEADER, _row


def zip_bomb(path: Path, claimed_bytes: int) -> Path:
    """A tiny .xlsx-shaped zip whose sheet member claims to expand to `claimed_bytes`.

    Its central directory states the size (as a real bomb's does), so the test never builds or
    holds the expanded bytes."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml", "<Types/>")
        book.writestr("xl/worksheets/sheet1.xml", b"<row>" + b"0" * 100_000 + b"</row>")
        book.infolist()[-1].file_size = claimed_bytes
    return path


def test_a_decompression_bomb_is_refused_within_seconds(run_import: Importer, tmp_path: Path):
    bomb = zip_bomb(tmp_path / "bomb.xlsx", 600 * 1024 * 1024)
    assert bomb.stat().st_size < 3 * 1024 * 1024  # a few MB on disk
    started = time.monotonic()
    with pytest.raises(Exception, match="expands to 600 MB") as refused:
        run_import("police", bomb, "synthetic-police.yaml")
    assert time.monotonic() - started < 5
    assert "MISSINGHUB_IMPORT_MAX_EXPANDED_MB" in str(refused.value)
    assert not ImportRun.objects.exists()


def test_the_reader_checks_member_sizes_before_reading(tmp_path: Path) -> None:
    from missinghub.imports.reader import inspect_file, read_rows

    bomb = zip_bomb(tmp_path / "bomb.xlsx", 64 * 1024 * 1024)
    limit = override_settings(MISSINGHUB_IMPORT_MAX_EXPANDED_MB=10)
    with limit, pytest.raises(UnreadableFile, match="expands to 64 MB"):
        read_rows(bomb, inspect_file(bomb))


@override_settings(MISSINGHUB_IMPORT_MAX_ROWS=5)
def test_a_file_with_too_many_rows_is_refused_before_any_row_is_written(
    run_import: Importer, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "long.csv", HEADER, [_row(f"OCC-{n}") for n in range(6)])
    with pytest.raises(Exception, match="more than 5 rows"):
        run_import("police", path, "synthetic-police.yaml")
    assert not ImportRun.objects.exists()


@override_settings(MISSINGHUB_IMPORT_MAX_CELLS=50)
def test_a_file_with_too_many_cells_is_refused(run_import: Importer, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "wide.csv", HEADER, [_row(f"OCC-{n}") for n in range(4)])
    with pytest.raises(Exception, match="more than 50 cells"):
        run_import("police", path, "synthetic-police.yaml")


@override_settings(MISSINGHUB_IMPORT_MAX_REJECTED_ROWS=3)
def test_a_run_stops_and_fails_when_too_many_rows_are_rejected(
    run_import: Importer, tmp_path: Path
) -> None:
    bad = [_row(f"OCC-{n}", **{"Date/Time Reported": "nonsense"}) for n in range(10)]
    path = write_csv(tmp_path / "bad.csv", HEADER, bad)
    with pytest.raises(Exception, match="more than 3 rows were rejected"):
        run_import("police", path, "synthetic-police.yaml", batch_size=2)
    run = ImportRun.objects.get()
    assert run.status == RunStatus.FAILED and "rejected" in run.message
    assert run.rejections.count() <= 3 + 2  # at most one batch beyond the bound


@override_settings(MISSINGHUB_IMPORT_MAX_SECONDS=0)
def test_a_run_that_takes_too_long_fails(run_import: Importer, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "slow.csv", HEADER, [_row(f"OCC-{n}") for n in range(4)])
    with pytest.raises(Exception, match="took longer than 0 seconds"):
        run_import("police", path, "synthetic-police.yaml", batch_size=1)


def test_a_run_whose_worker_died_is_marked_failed_and_can_run_again(
    run_import: Importer, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "one.csv", HEADER, [_row("OCC-1")])
    run_import("police", path, "synthetic-police.yaml")
    died = ImportRun.objects.get()
    long_ago = timezone.now() - timedelta(hours=2)
    ImportRun.objects.filter(pk=died.pk).update(
        status=RunStatus.RUNNING, finished_at=None, started_at=long_ago
    )
    died.batches.update(committed_at=long_ago)
    from missinghub.imports.services import fail_stale_runs

    assert fail_stale_runs() == 1
    died.refresh_from_db()
    assert died.status == RunStatus.FAILED and "stopped" in died.message
    again = run_import("police", path, "synthetic-police.yaml")
    assert again["unchanged"] == 1
    assert ImportRun.objects.filter(status=RunStatus.FINISHED).count() == 1


def test_limits_are_refusals_the_page_and_command_report(tmp_path: Path) -> None:
    from missinghub.imports.limits import LimitExceeded

    assert issubclass(LimitExceeded, ImportRefused)
