"""Must-show 4 (two of its tests) and the rest of mapping version 2, row by row."""

import csv
from pathlib import Path

import pytest
from openpyxl import Workbook  # type: ignore[import-untyped]

from missinghub.episodes.models import Episode, RiskGrading, RiskLevel
from missinghub.imports.models import ImportRejection
from missinghub.imports.tests.conftest import Importer, write_csv

pytestmark = pytest.mark.django_db(transaction=True)

MAPPING = """
version: 2
kind: police
agency: Northdale Police
source_system: test-records
datetime_formats: ["%d/%m/%Y %H:%M"]
key:
  occurrence_reference: [Nominal, Reported]
columns:
  person_reference: Nominal
  family_name: Surname
  date_of_birth: Born
  reported_at: Reported
  returned_at: Found
  exploitation_flag: CCE
constants:
  category: missing
tables:
  - column: Placement At Time
    rows:
      Home: {looked_after: "no", missing_from_type: family_home}
      LAC foster out of county:
        {looked_after: "yes", missing_from_type: foster, missing_from_area: out_of_borough}
required: [family_name]
skip_rows:
  - column: Cancelled
"""
HEADER = [
    "Nominal",
    "Surname",
    "Born",
    "Reported",
    "Found",
    "Placement At Time",
    "CCE",
    "Cancelled",
]
FOSTER = "LAC foster out of county"
ROWS = [
    ["N1", "Ashby", "2010-05-01", "03/04/2024 17:12", "03/04/2024 20:00", "Home", "", ""],
    # The same person again later, the time written another way: a second report.
    ["N1", "Ashby", "2010-05-01", "2024-06-01 09:30:00", "2024-06-01 12:00:00", "Home", "N", ""],
    ["N2", "Brook", "2009-01-02", "05/04/2024 22:00", "06/04/2024 01:00", FOSTER, "Yes", ""],
    ["N3", "Carr", "2011-03-03", "07/04/2024 10:00", "07/04/2024 11:00", "Home", "", "08/04/2024"],
]


@pytest.fixture
def mapping_file(tmp_path: Path) -> Path:
    path = tmp_path / "records.yaml"
    path.write_text(MAPPING, encoding="utf-8")
    return path


def _rejections() -> list[tuple[int, str, str]]:
    rejected = ImportRejection.objects.order_by("line")
    return list(rejected.values_list("line", "column", "reason"))


def test_a_file_without_occurrence_numbers_imports_with_a_composite_key(
    run_import: Importer, mapping_file: Path, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "records.csv", HEADER, ROWS)
    first = run_import("police", path, mapping_file)
    assert (first["created"], first["skipped"], first["rejected"]) == (3, 1, 0)
    keys = sorted(Episode.objects.values_list("source_reference", flat=True))
    assert keys == ["N1 2024-04-03 17:12", "N1 2024-06-01 09:30", "N2 2024-04-05 22:00"]
    # The same file with the first report's time written another way is the same report.
    ROWS_AGAIN = [["N1", "Ashby", "2010-05-01", "2024-04-03 17:12:00", *ROWS[0][4:]], *ROWS[1:]]
    again = run_import(
        "police", write_csv(tmp_path / "again.csv", HEADER, ROWS_AGAIN), mapping_file
    )
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 3)
    assert Episode.objects.count() == 3


def test_a_file_without_risk_gradings_imports_as_not_recorded(
    run_import: Importer, mapping_file: Path, tmp_path: Path
) -> None:
    run_import("police", write_csv(tmp_path / "records.csv", HEADER, ROWS), mapping_file)
    gradings = RiskGrading.objects.all()
    assert gradings.count() == 3
    assert {grading.level for grading in gradings} == {RiskLevel.NOT_RECORDED}
    [grading] = gradings.filter(episode__source_reference="N2 2024-04-05 22:00")
    assert grading.get_level_display() == "Not recorded"
    assert grading.reason.startswith("No risk grading in the police record")


def test_one_column_fills_several_fields_and_flags_read_yes_and_no(
    run_import: Importer, mapping_file: Path, tmp_path: Path
) -> None:
    run_import("police", write_csv(tmp_path / "records.csv", HEADER, ROWS), mapping_file)
    facts = dict(
        Episode.objects.values_list(
            "source_reference",
            "looked_after_when_missing",
        )
    )
    assert facts == {
        "N1 2024-04-03 17:12": False,
        "N1 2024-06-01 09:30": False,
        "N2 2024-04-05 22:00": True,
    }
    foster = Episode.objects.get(source_reference="N2 2024-04-05 22:00")
    assert (foster.reported_placement_type, foster.reported_placement_area) == (
        "foster",
        "out_of_borough",
    )
    assert foster.exploitation_flag and foster.category == "missing"


def test_unknown_table_values_blank_key_parts_and_required_fields_reject_the_row(
    run_import: Importer, mapping_file: Path, tmp_path: Path
) -> None:
    rows = [
        ["N1", "Ashby", "2010-05-01", "03/04/2024 17:12", "", "Hostel", "", ""],
        ["N2", "", "2009-01-02", "05/04/2024 22:00", "", "Home", "", ""],
        ["", "Carr", "2011-03-03", "07/04/2024 10:00", "", "Home", "", ""],
    ]
    summary = run_import("police", write_csv(tmp_path / "bad.csv", HEADER, rows), mapping_file)
    assert summary["rejected"] == 3 and summary["created"] == 0
    reasons = _rejections()
    assert (
        2,
        "Placement At Time",
        "Placement At Time: 'Hostel' is not in the mapping's table for this column",
    ) in reasons
    assert (3, "Surname", "Surname is blank") in reasons  # required by this mapping only
    assert (4, "Nominal", "Nominal is blank") in reasons
    assert len(reasons) == 3  # one reason each: a blank key part is not named twice


def _workbook(path: Path, sheets: dict[str, list[list[str]]]) -> Path:
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def test_several_sheets_of_a_workbook_are_read_in_order_with_their_own_lines(
    run_import: Importer, tmp_path: Path
) -> None:
    mapping = tmp_path / "sheets.yaml"
    text = MAPPING + "sheets: [Closed, Open]\n"
    mapping.write_text(text, encoding="utf-8")
    broken = [*ROWS[2][:5], "Hostel", "", ""]
    path = _workbook(
        tmp_path / "records.xlsx",
        {
            "Notes": [["Not the data"]],
            "Closed": [HEADER, ROWS[0], ROWS[1]],
            "Open": [HEADER, ROWS[2], broken],
        },
    )
    summary = run_import("police", path, mapping)
    assert (summary["rows_read"], summary["created"], summary["rejected"]) == (4, 3, 1)
    # Closed: header line 1, rows 2-3; Open: header line 4, rows 5-6.
    assert [line for line, _, _ in _rejections()] == [6]
    mapping.write_text(MAPPING + "sheets: [Closed, Archive]\n", encoding="utf-8")
    with pytest.raises(Exception, match="the workbook has no sheet 'Archive'"):
        run_import("police", path, mapping)


def test_a_csv_file_with_sheets_in_its_mapping_is_refused(
    run_import: Importer, tmp_path: Path
) -> None:
    mapping = tmp_path / "sheets.yaml"
    mapping.write_text(MAPPING + "sheets: [Closed]\n", encoding="utf-8")
    with pytest.raises(Exception, match=r"the file is not \.xlsx"):
        run_import("police", write_csv(tmp_path / "records.csv", HEADER, ROWS), mapping)


def test_skipped_rows_are_not_errors(
    run_import: Importer, mapping_file: Path, tmp_path: Path
) -> None:
    summary = run_import("police", write_csv(tmp_path / "r.csv", HEADER, ROWS), mapping_file)
    assert summary["skipped"] == 1 and not _rejections()
    errors = tmp_path / "r.csv.errors.csv"
    with errors.open(newline="", encoding="utf-8") as handle:
        assert list(csv.DictReader(handle)) == []


def test_not_recorded_is_not_a_grade_anyone_can_choose_and_shows_as_such(
    run_import: Importer, mapping_file: Path, tmp_path: Path
) -> None:
    from django.template.loader import render_to_string

    from missinghub.web.forms import ReportMissingForm

    offered = [
        value for value, _ in ReportMissingForm(known_child=True).fields["risk_level"].choices
    ]
    assert RiskLevel.NOT_RECORDED not in offered and RiskLevel.HIGH in offered
    run_import("police", write_csv(tmp_path / "records.csv", HEADER, ROWS), mapping_file)
    grading = RiskGrading.objects.first()
    assert grading is not None
    tag = render_to_string(
        "web/includes/risk_tag.html",
        {"level": grading.level, "label": grading.get_level_display()},
    )
    assert "Not recorded" in tag and "govuk-tag--grey" in tag


def test_a_grade_replaces_not_recorded_and_a_row_without_one_keeps_it(
    run_import: Importer, tmp_path: Path
) -> None:
    from missinghub.imports.tests.test_police_rules import HEADER as POLICE
    from missinghub.imports.tests.test_police_rules import _row

    graded = write_csv(tmp_path / "a.csv", POLICE, [_row("OCC-1", **{"Risk Level": "HIGH"})])
    ungraded = write_csv(tmp_path / "b.csv", POLICE, [_row("OCC-1", **{"Risk Level": ""})])
    run_import("police", ungraded, "synthetic-police.yaml")
    assert run_import("police", graded, "synthetic-police.yaml")["updated"] == 1
    again = run_import(
        "police",
        write_csv(tmp_path / "c.csv", POLICE, [_row("OCC-1", **{"Risk Level": ""})]),
        "synthetic-police.yaml",
    )
    assert again["unchanged"] == 1
    levels = list(RiskGrading.objects.order_by("graded_at", "pk").values_list("level", flat=True))
    assert levels == [RiskLevel.NOT_RECORDED, RiskLevel.HIGH]


def test_a_blank_key_part_is_named_once(
    run_import: Importer, mapping_file: Path, tmp_path: Path
) -> None:
    rows = [["N1", "Ashby", "2010-05-01", "", "", "Home", "", ""]]
    run_import("police", write_csv(tmp_path / "blank.csv", HEADER, rows), mapping_file)
    assert _rejections() == [(2, "Reported", "Reported is blank")]
