"""Files that used to mislead: UTF-16 text read as a missing column, and an unclosed quote that
swallowed the next row without a word (security review, finding 9)."""

import csv
import uuid
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from missinghub.accounts.models import Agency, Role
from missinghub.accounts.tests.factories import UserFactory
from missinghub.episodes.models import Episode
from missinghub.imports.tests.conftest import Importer
from missinghub.imports.tests.test_police_rules import HEADER, _row


def _text(rows: list[list[str]], delimiter: str = ",") -> str:
    return "\r\n".join(delimiter.join(row) for row in [HEADER, *rows]) + "\r\n"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_utf16_file_is_read(run_import: Importer, tmp_path: Path, encoding: str) -> None:
    """Excel's "Unicode text" is UTF-16 with a byte-order mark and tabs; some systems write it
    without the mark."""
    path = tmp_path / "unicode.txt"
    # Two children: one child cannot be missing twice at once (one open episode per child).
    second = _row("OCC-2", "PR2", Forename="Bea")
    path.write_bytes(_text([_row("OCC-1"), second], "\t").encode(encoding))
    summary = run_import("police", path, "synthetic-police.yaml")
    assert (summary["created"], summary["rejected"]) == (2, 0)


def test_an_unclosed_quote_rejects_its_row_and_names_the_lines(
    run_import: Importer, tmp_path: Path
) -> None:
    broken = _row("OCC-2", Forename='"Ada')  # the quote is never closed
    path = tmp_path / "quote.csv"
    path.write_text(_text([_row("OCC-1"), broken, _row("OCC-3"), _row("OCC-4")]))
    errors = tmp_path / "errors.csv"
    summary = run_import("police", path, "synthetic-police.yaml", errors_file=errors)
    assert summary["rejected"] >= 1
    assert set(Episode.objects.values_list("source_reference", flat=True)) == {"OCC-1"}
    [problem] = list(csv.DictReader(errors.open()))
    assert problem["file"] == "quote.csv" and problem["line"] == "3"
    assert problem["column"] == "Forename"
    assert "quote" in problem["reason"] and "lines 3 to 5" in problem["reason"]


def test_a_quoted_line_break_inside_a_field_is_still_data(
    run_import: Importer, tmp_path: Path
) -> None:
    path = tmp_path / "multiline.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerow(_row("OCC-1", Forename="Ada\nMay"))
        writer.writerow(_row("OCC-2", "PR2", Forename="Bea"))
    summary = run_import("police", path, "synthetic-police.yaml")
    assert (summary["created"], summary["rejected"]) == (2, 0)


def test_a_megabyte_field_refuses_the_file_with_a_clear_message(
    client: Client, northdale: dict[str, Agency]
) -> None:
    """It used to be a server error (the csv module's field limit)."""
    client.force_login(UserFactory(agency=northdale["police"], role=Role.POLICE_SUPERVISOR))
    huge = _row("OCC-1", Forename="A" * (1 << 20))
    upload = SimpleUploadedFile("huge.csv", _text([huge]).encode(), content_type="text/csv")
    client.raise_request_exception = False
    response = client.post(
        reverse("imports:upload"),
        {"mapping": "synthetic-police.yaml", "file": upload, "submission_id": str(uuid.uuid4())},
    )
    assert response.status_code == 200
    [error] = response.context["form"].errors["file"]
    assert "line 2: a field is longer than 131,072 characters" in error
    assert not Episode.objects.exists()
