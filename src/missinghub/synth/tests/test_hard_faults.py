"""The "hard" fault profile (`synth --faults hard`): each of its faults is really in the row it
names, at about the configured rate."""

import csv
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from missinghub.synth.parameters import HARD_FAULTS, SCALES, SynthParameters
from missinghub.synth.run import generate

FILE, PATTERN = "social_care.csv", "%d/%m/%Y"
GIVEN, FAMILY, BORN = "First Name(s)", "Surname", "Date of Birth"


def _lines(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def rows(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[dict[str, str], dict[str, str]]]:
    folder = tmp_path_factory.mktemp("hard")
    generate(SynthParameters(SCALES["council"], 3, faults=HARD_FAULTS), folder)
    truth = {row["child_id"]: row for row in _lines(folder / "truth/children.csv")}
    owners = [row for row in _lines(folder / "truth/source_rows.csv") if row["file"] == FILE]
    lines = _lines(folder / FILE)
    return [
        (line, {**row, **truth[row["child_id"]]}) for line, row in zip(lines, owners, strict=True)
    ]


def _digits_apart(left: str, right: str) -> int:
    return sum(a != b for a, b in zip(left, right, strict=True))


def test_each_hard_fault_is_in_the_row(rows: list) -> None:
    for line, true in rows:
        fault, born = true["fault"], date.fromisoformat(true["date_of_birth"])
        if fault == "dob_digit":
            assert _digits_apart(line[BORN], born.strftime(PATTERN)) == 1
        elif fault == "missing_dob":
            assert line[BORN] == ""
        elif fault == "names_swapped":
            assert (line[GIVEN], line[FAMILY]) == (true["family_name"], true["given_name"])
        elif fault == "initial_only":
            assert line[GIVEN] == true["given_name"][0]
        elif fault == "surname_change":
            assert line[FAMILY] != true["family_name"]
        elif fault == "ocr":
            written = line[GIVEN] + " " + line[FAMILY]
            assert written != true["given_name"] + " " + true["family_name"]


def test_a_fifth_of_dates_of_birth_are_missing(rows: list) -> None:
    seen = Counter(true["fault"] for _, true in rows)
    share = seen["missing_dob"] / len(rows)
    assert 0.17 < share < 0.23
    for fault in ("ocr", "dob_digit", "surname_change", "names_swapped", "initial_only"):
        assert seen[fault] > 0.02 * len(rows), fault
