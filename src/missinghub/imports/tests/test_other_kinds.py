"""Social care child lists and CME referrals from the synthetic county: loaded once, only once."""

import csv
from pathlib import Path

import pytest

from missinghub.casework.models import CmeReferral
from missinghub.children.models import (
    Child,
    ChildIdentifier,
    IdentifierKind,
    LegalStatus,
    Placement,
)
from missinghub.children.search import name_keys
from missinghub.imports.tests.conftest import Importer

pytestmark = pytest.mark.django_db(transaction=True)


def _faults(council: Path, name: str) -> dict[int, tuple[str, str]]:
    with (council / "truth/source_rows.csv").open(newline="", encoding="utf-8") as handle:
        return {
            int(row["line"]): (row["fault"], row["field"])
            for row in csv.DictReader(handle)
            if row["file"] == name
        }


def _rejected_lines(path: Path, replaced: bool | None = None) -> dict[int, str]:
    """{line: reason} of the errors file; `replaced` keeps only (True) or leaves out (False)
    the earlier copies of a record that a later row replaced."""
    with path.open(newline="", encoding="utf-8") as handle:
        found = {int(row["line"]): row["reason"] for row in csv.DictReader(handle)}
    if replaced is None:
        return found
    return {n: why for n, why in found.items() if ("appears again on line" in why) == replaced}


def test_social_care_list_twice(council: Path, run_import: Importer, tmp_path: Path) -> None:
    errors = tmp_path / "sc.csv"
    first = run_import(
        "social-care", council / "social_care.csv", "synthetic-social-care.yaml", errors_file=errors
    )
    second = run_import("social-care", council / "social_care.csv", "synthetic-social-care.yaml")
    assert first["created"] > 1500 and second["created"] == second["updated"] == 0
    assert second["unchanged"] + second["rejected"] == second["rows_read"]
    stored = ChildIdentifier.objects.filter(kind=IdentifierKind.SOCIAL_CARE_ID).count()
    assert stored == first["children_created"]
    # Children the importer writes (COPY on PostgreSQL) carry the search keys of their names.
    created = Child.objects.filter(identifiers__kind=IdentifierKind.SOCIAL_CARE_ID)
    assert {(c.search_name, c.name_sounds) for c in created} == {
        name_keys(c.given_name, c.family_name) for c in created
    }
    assert LegalStatus.objects.filter(status="looked_after").count() > 500
    assert Placement.objects.count() > 500
    faults = _faults(council, "social_care.csv")
    for line, reason in _rejected_lines(errors).items():
        fault, field = faults[line]
        if fault == "impossible_date":
            assert field in reason and "not a real date" in reason
        elif fault == "duplicate_export" and "not a real date" in reason:
            # a duplicated row repeats its original, impossible date and all
            assert any(f == "impossible_date" and g in reason for f, g in faults.values())
        else:  # no date of birth on any of the child's rows: no child can be made
            assert "without a date of birth" in reason, (line, fault, reason)


def test_cme_referrals_twice(council: Path, run_import: Importer, tmp_path: Path) -> None:
    errors = tmp_path / "cme.csv"
    first = run_import(
        "cme", council / "cme_referrals.csv", "synthetic-cme.yaml", errors_file=errors
    )
    second = run_import("cme", council / "cme_referrals.csv", "synthetic-cme.yaml")
    stored = CmeReferral.objects.count()
    assert stored == first["created"] > 1400
    assert second["created"] == second["updated"] == 0
    faults = _faults(council, "cme_referrals.csv")
    rejected = _rejected_lines(errors, replaced=False)
    for line, reason in rejected.items():
        fault, field = faults[line]
        if fault == "impossible_date":
            assert field in reason and "not a real date" in reason
        elif fault != "duplicate_export":  # a new child needs a date of birth
            assert (fault, field) == ("missing_field", "Date of Birth"), (line, reason)
            assert "without a date of birth" in reason
    replaced = _rejected_lines(errors, replaced=True)  # earlier copies: the last row wins
    assert len(replaced) == first["superseded"] > 0
    assert sum(fault == "impossible_date" for fault, _ in faults.values()) <= len(rejected)
