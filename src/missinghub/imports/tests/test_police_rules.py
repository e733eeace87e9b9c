"""Police files row by row: updates with history, duplicates, rejections beside valid rows."""

import csv
from pathlib import Path

import pytest

from missinghub.audit.enums import AuditVerb
from missinghub.audit.models import AuditEvent
from missinghub.episodes.models import Episode, EpisodeStatus, Notification
from missinghub.imports.models import EpisodeChange, ImportRun
from missinghub.imports.tests.conftest import Importer, write_csv

HEADER = [
    "Occurrence Ref", "Person Ref", "Forename", "Surname", "DOB", "Sex", "Home Postcode",
    "Missing From Type", "Looked After", "Placement Location", "Responsible LA", "Reported By",
    "Category", "Date/Time Last Seen", "Date/Time Reported", "Date/Time Located", "Risk Level",
    "How Returned", "County Lines Flag",
]  # fmt: skip


def _row(occurrence: str, person: str = "PR1", **changes: str) -> list[str]:
    row = {
        "Occurrence Ref": occurrence, "Person Ref": person, "Forename": "Ada",
        "Surname": "Fernhollow", "DOB": "03/04/2010", "Sex": "F", "Home Postcode": "ND1 1AA",
        "Missing From Type": "HOME ADDRESS", "Looked After": "N", "Placement Location": "",
        "Responsible LA": "", "Reported By": "PARENT/GUARDIAN", "Category": "MISSING",
        "Date/Time Last Seen": "03/04/2021 20:00", "Date/Time Reported": "03/04/2021 21:00",
        "Date/Time Located": "", "Risk Level": "MEDIUM", "How Returned": "",
        "County Lines Flag": "N",
    }  # fmt: skip
    row.update({key.replace("_", " "): value for key, value in changes.items()})
    return [row[name] for name in HEADER]


def _file(path: Path, *rows: list[str]) -> Path:
    return write_csv(path, HEADER, list(rows))


def test_a_located_time_added_updates_the_episode_and_records_the_change(
    run_import: Importer, tmp_path: Path
) -> None:
    first = run_import("police", _file(tmp_path / "a.csv", _row("OCC-1")), "synthetic-police.yaml")
    assert (first["created"], first["children_created"]) == (1, 1)
    episode = Episode.objects.get(source_reference="OCC-1")
    assert episode.status == EpisodeStatus.OPEN and episode.returned_at is None
    assert Notification.objects.filter(episode=episode).count() == 1  # to the missing team
    located = _row("OCC-1", **{"Date/Time Located": "04/04/2021 09:30", "How Returned": "OTHER"})
    second = run_import("police", _file(tmp_path / "b.csv", located), "synthetic-police.yaml")
    assert (second["created"], second["updated"], second["children_matched"]) == (0, 1, 1)
    episode.refresh_from_db()
    assert episode.status == EpisodeStatus.RETURNED
    assert episode.returned_at is not None and episode.returned_at.isoformat().startswith(
        "2021-04-04T08:30"
    )
    [change] = EpisodeChange.objects.filter(episode=episode)
    assert change.line == 2 and change.changes["returned_at"][0] is None
    assert change.changes["status"] == ["open", "returned"]
    event = AuditEvent.objects.filter(verb=AuditVerb.IMPORT_BATCH_COMMITTED).first()
    assert event is not None and event.detail["updated_ids"] == [episode.pk]
    again = run_import("police", _file(tmp_path / "c.csv", _row("OCC-1")), "synthetic-police.yaml")
    episode.refresh_from_db()
    assert again["unchanged"] == 1 and episode.returned_at is not None  # blank never clears


def test_a_changed_risk_level_adds_a_grading(run_import: Importer, tmp_path: Path) -> None:
    run_import("police", _file(tmp_path / "a.csv", _row("OCC-1")), "synthetic-police.yaml")
    high = _file(tmp_path / "b.csv", _row("OCC-1", **{"Risk Level": "HIGH"}))
    assert run_import("police", high, "synthetic-police.yaml")["updated"] == 1
    episode = Episode.objects.get(source_reference="OCC-1")
    assert [g.level for g in episode.risk_gradings.all()] == ["medium", "high"]


def test_the_same_occurrence_twice_in_one_file_is_one_episode(
    run_import: Importer, tmp_path: Path
) -> None:
    returned = _row("OCC-2", **{"Date/Time Located": "03/04/2021 23:00"})  # one open at a time
    path = _file(tmp_path / "a.csv", _row("OCC-1"), returned, _row("OCC-1"))
    summary = run_import("police", path, "synthetic-police.yaml")
    assert (summary["created"], summary["superseded"], summary["rows_read"]) == (2, 1, 3)
    assert Episode.objects.filter(source_reference="OCC-1").count() == 1
    assert summary["children_created"] == 1  # both occurrences are Person Ref PR1


def test_bad_rows_are_written_out_and_good_rows_still_load(
    run_import: Importer, tmp_path: Path
) -> None:
    path = _file(
        tmp_path / "a.csv",
        _row("OCC-1"),
        _row("OCC-2", **{"Date/Time Reported": "31/02/2021 10:00"}),
        _row("OCC-3", Category="RUNAWAY"),
        _row("OCC-4", **{"Date/Time Located": "03/04/2021 19:00"}),
        _row("", Surname="Nobody"),
        _row("OCC-6", person="PR9", DOB=""),
    )
    errors = tmp_path / "errors.csv"
    summary = run_import("police", path, "synthetic-police.yaml", errors_file=errors)
    assert (summary["created"], summary["rejected"], summary["rows_read"]) == (1, 5, 6)
    with errors.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["file", "line", "column", "value", "reason"]
    found = {(row["line"], row["column"], row["value"]) for row in rows}
    assert found == {
        ("3", "Date/Time Reported", "31/02/2021 10:00"),
        ("4", "Category", "RUNAWAY"),
        ("5", "Date/Time Located", "03/04/2021 19:00"),
        ("6", "Occurrence Ref", ""),
        ("7", "DOB", ""),
    }
    assert {row["file"] for row in rows} == {"a.csv"}
    reasons = " | ".join(row["reason"] for row in rows)
    assert "not a real date" in reasons and "is before Date/Time Last Seen" in reasons
    assert Episode.objects.get().source_reference == "OCC-1"
    assert ImportRun.objects.get().rejections.count() == 5


def test_semicolons_and_windows_1252_are_read(run_import: Importer, tmp_path: Path) -> None:
    row = _row("OCC-1", Forename="Zoë", Surname="O\u2019Brien")
    path = write_csv(tmp_path / "a.csv", HEADER, [row], delimiter=";", encoding="cp1252")
    assert run_import("police", path, "synthetic-police.yaml")["created"] == 1
    child = Episode.objects.select_related("child").get().child
    assert (child.given_name, child.family_name) == ("Zoë", "O\u2019Brien")


def test_an_excel_file_is_read(run_import: Importer, tmp_path: Path) -> None:
    from datetime import datetime

    from openpyxl import Workbook  # type: ignore[import-untyped]

    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    row: list[object] = _row("OCC-1")
    row[HEADER.index("Date/Time Reported")] = datetime(2021, 4, 3, 21, 0)  # a date cell
    sheet.append(row)
    book.save(tmp_path / "a.xlsx")
    assert run_import("police", tmp_path / "a.xlsx", "synthetic-police.yaml")["created"] == 1
    assert Episode.objects.get().reported_at.isoformat().startswith("2021-04-03T20:00")


@pytest.mark.parametrize(
    ("mapping", "message"),
    [("synthetic-social-care.yaml", "mapping is for a social-care file")],
)
def test_the_wrong_mapping_is_refused_before_any_row(
    run_import: Importer, tmp_path: Path, mapping: str, message: str
) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match=message):
        run_import("police", _file(tmp_path / "a.csv", _row("OCC-1")), mapping)
    assert not ImportRun.objects.exists()
