"""Every source row maps to the truth, and each recorded fault is really in the row."""

import csv
from collections import Counter
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from missinghub.linkage.names import nickname_table
from missinghub.synth.faults import mistype
from missinghub.synth.tests.conftest import Generated

NAME_COLUMNS = {
    "police_extract.csv": ("Forename", "Surname", "DOB", "%d/%m/%Y"),
    "social_care.csv": ("First Name(s)", "Surname", "Date of Birth", "%d/%m/%Y"),
    "cme_referrals.csv": ("Pupil Forename", "Pupil Surname", "Date of Birth", "%Y-%m-%d"),
}


def _lines(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def joined(generated: Generated) -> dict[str, list[tuple[dict[str, str], dict[str, str]]]]:
    folder = generated("council", 1)
    truth = {row["child_id"]: row for row in _lines(folder / "truth/children.csv")}
    rows = _lines(folder / "truth/source_rows.csv")
    result = {}
    for name in NAME_COLUMNS:
        lines = _lines(folder / name)
        mapped = [row for row in rows if row["file"] == name]
        assert [int(row["line"]) for row in mapped] == list(range(2, len(lines) + 2))
        result[name] = [
            (line, {**row, **truth[row["child_id"]]})
            for line, row in zip(lines, mapped, strict=True)
        ]
    return result


@pytest.mark.parametrize("name", sorted(NAME_COLUMNS))
def test_clean_rows_carry_the_true_name_and_birth_date(joined: dict, name: str) -> None:
    given, family, born, pattern = NAME_COLUMNS[name]
    clean = [(line, true) for line, true in joined[name] if true["fault"] == "none"]
    assert len(clean) > 0.8 * len(joined[name])
    for line, true in clean:
        assert line[given] == true["given_name"] and line[family] == true["family_name"]
        assert line[born] == date.fromisoformat(true["date_of_birth"]).strftime(pattern)


@pytest.mark.parametrize("name", sorted(NAME_COLUMNS))
def test_each_recorded_fault_is_in_the_row(joined: dict, name: str) -> None:
    given, _family, born, pattern = NAME_COLUMNS[name]
    seen = Counter(true["fault"] for _, true in joined[name])
    for line, true in joined[name]:
        fault, field = true["fault"], true["field"]
        true_birth = date.fromisoformat(true["date_of_birth"])
        if fault == "nickname":
            assert line[given] in nickname_table()[true["given_name"]]
        elif fault == "typo":
            assert line[field] != true["given_name" if field == given else "family_name"]
        elif fault == "dob_day_month_swapped":
            swapped = date(true_birth.year, true_birth.day, true_birth.month)
            assert line[born] == swapped.strftime(pattern)
        elif fault == "missing_field":
            assert line[field] == ""
        elif fault == "mixed_date_format" and field == born:
            assert line[born] != true_birth.strftime(pattern)
    assert seen["duplicate_export"] > 0 and seen["typo"] > 0 and seen["mixed_date_format"] > 0


def test_duplicate_exports_repeat_an_earlier_row_exactly(joined: dict) -> None:
    rows = joined["police_extract.csv"]
    earlier = {
        line["Occurrence Ref"]: line for line, true in rows if true["fault"] != "duplicate_export"
    }
    copies = [line for line, true in rows if true["fault"] == "duplicate_export"]
    assert copies and all(earlier[line["Occurrence Ref"]] == line for line in copies)


def test_police_extract_uses_its_own_layout(generated: Generated) -> None:
    police = pl.read_csv(generated("council", 1) / "police_extract.csv", infer_schema=False)
    for column in ("Occurrence Ref", "Person Ref", "Date/Time Last Seen", "Risk Level"):
        assert column in police.columns
    assert set(police["Risk Level"]) <= {"HIGH", "MEDIUM", "LOW", "VERY LOW", "NO APPARENT RISK"}
    assert set(police["Category"]) == {"MISSING", "ABSENT", "AWOL"}


@pytest.mark.parametrize("name", ["Scarlett", "Brackenshaw", "Ivy", "Al"])
def test_a_typo_always_changes_a_name_by_one_slip(name: str) -> None:
    rng = np.random.default_rng(3)
    for _ in range(200):
        typed = mistype(name, rng)
        assert typed != name
        assert abs(len(typed) - len(name)) <= 1
