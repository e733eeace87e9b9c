"""CSV formula injection: text that a spreadsheet would run is quoted, in helpers and exports."""

import csv
import io

import pytest
from django.urls import reverse

from missinghub.security.spreadsheets import csv_text, escape_formula

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_text_starting_like_a_formula_gets_an_apostrophe(start):
    assert escape_formula(f"{start}1+1") == f"'{start}1+1"


@pytest.mark.parametrize("value", ["Jordan", "TS24 8AB", "", "1=1", -5, 3.5, None])
def test_other_values_are_left_alone(value):
    assert escape_formula(value) == value


def test_csv_text_escapes_every_cell_and_keeps_rows():
    text = csv_text(["a", "=b"], [["=cmd|' /C calc'!A0", 7], [None, "plain"]])
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows == [["a", "'=b"], ["'=cmd|' /C calc'!A0", "7"], ["", "plain"]]


def test_an_export_of_records_with_formulas_in_free_text_is_safe(client, supervisor, records):
    client.force_login(supervisor)
    response = client.post(
        reverse("exports:episodes"), {"reason": "Checking the injection guard", "period": ""}
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    assert len(rows) == 1
    row = rows[0]
    assert row["where_found"] == '\'=HYPERLINK("http://evil.example/","click")'
    assert row["police_reference"] == "'+44 TS/001"
    dangerous = [cell for r in rows for cell in r.values() if cell and cell[0] in "=+-@\t\r"]
    assert dangerous == []
