"""Social care child lists and CME referrals from the synthetic county: loaded once, only once."""

import csv
from pathlib import Path

import pytest

from missinghub.children.models import ChildIdentifier, IdentifierKind, LegalStatus, Placement
from missinghub.imports.models import CmeReferralRow
from missinghub.imports.tests.conftest import Importer

pytestmark = pytest.mark.django_db(transaction=True)


def _faults(council: Path, name: str) -> dict[int, tuple[str, str]]:
    with (council / "truth/source_rows.csv").open(newline="", encoding="utf-8") as handle:
        return {
            int(row["line"]): (row["fault"], row["field"])
            for row in csv.DictReader(handle)
            if row["file"] == name
        }


def _rejected_lines(path: Path) -> dict[int, str]:
    with path.open(newline="", encoding="utf-8") as handle:
        return {int(row["line"]): row["reason"] for row in csv.DictReader(handle)}


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
    staged = CmeReferralRow.objects.count()
    assert staged == first["created"] > 1400
    assert second["created"] == second["updated"] == 0
    faults = _faults(council, "cme_referrals.csv")
    rejected = _rejected_lines(errors)
    assert {faults[line][0] for line in rejected} <= {"impossible_date", "duplicate_export"}
    assert sum(fault == "impossible_date" for fault, _ in faults.values()) <= len(rejected)
