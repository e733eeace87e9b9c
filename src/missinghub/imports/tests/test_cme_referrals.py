"""CME imports create and update `CmeReferral`s, idempotent, with outcome and closing date."""

from datetime import date
from pathlib import Path

import pytest

from missinghub.accounts.models import Agency
from missinghub.casework.models import CmeReferral, CmeStatus
from missinghub.children.models import Child, ChildIdentifier, IdentifierKind
from missinghub.imports.models import ImportRejection
from missinghub.imports.tests.conftest import Importer, write_csv

pytestmark = pytest.mark.django_db(transaction=True)

HEADER = [
    "Referral Number",
    "Pupil Surname",
    "Pupil Forename",
    "Date of Birth",
    "UPN",
    "Gender",
    "Postcode",
    "Date Referred",
    "Reason",
    "Referring School",
    "Outcome",
    "Date Closed",
]
LOCATED = "Located - on roll elsewhere"
OPEN = "Open - enquiries continuing"


def _row(number: str, upn: str, outcome: str = OPEN, closed: str = "", **other: str) -> list[str]:
    return [
        number,
        other.get("surname", "Ashby"),
        "Jo",
        other.get("born", "2012-05-01"),
        upn,
        "F",
        "ND1 1AA",
        "2024-05-01",
        other.get("reason", "moved_away_address_unknown"),
        other.get("school", "Northdale Academy"),
        outcome,
        closed,
    ]


def test_referrals_are_created_then_updated_in_place_and_a_rerun_changes_nothing(
    run_import: Importer, tmp_path: Path, northdale: dict[str, Agency]
) -> None:
    rows = [
        _row("R1", "Z1", LOCATED, "2024-05-20"),
        _row("R2", "Z2", school="Northdale Community Health"),
        _row("R3", "", surname="Carr", school="St Elsewhere's"),  # no UPN: a child from the row
    ]
    first = run_import("cme", write_csv(tmp_path / "cme.csv", HEADER, rows), "synthetic-cme.yaml")
    assert (first["created"], first["children_created"], first["rejected"]) == (3, 3, 0)
    located = CmeReferral.objects.get(source_reference="R1")
    assert (located.status, located.closed_on, located.ground) == (
        CmeStatus.LOCATED_CLOSED,
        date(2024, 5, 20),
        "moved_away",
    )
    assert located.where_located == LOCATED and located.referred_to == northdale["missing_team"]
    assert located.school == northdale["school"] and located.referred_by is None
    health = CmeReferral.objects.get(source_reference="R2")
    assert health.school == northdale["health"]  # a referring agency of any kind
    elsewhere = CmeReferral.objects.get(source_reference="R3")
    assert elsewhere.school is None and elsewhere.referrer == "St Elsewhere's"
    assert ChildIdentifier.objects.filter(kind=IdentifierKind.SCHOOL_UPN).count() == 2

    again = run_import("cme", tmp_path / "cme.csv", "synthetic-cme.yaml")
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 3)
    assert again["children_created"] == 0 and Child.objects.count() == 3

    rows[1] = _row("R2", "Z2", LOCATED, "2024-06-02", school="Northdale Community Health")
    later = run_import("cme", write_csv(tmp_path / "later.csv", HEADER, rows), "synthetic-cme.yaml")
    assert (later["created"], later["updated"], later["unchanged"]) == (0, 1, 2)
    health.refresh_from_db()
    assert (health.status, health.closed_on) == (CmeStatus.LOCATED_CLOSED, date(2024, 6, 2))
    assert CmeReferral.objects.count() == 3


def test_an_outcome_that_disagrees_with_its_closing_date_rejects_the_row(
    run_import: Importer, tmp_path: Path
) -> None:
    rows = [
        _row("R1", "Z1", OPEN, "2024-05-20"),
        _row("R2", "Z2", LOCATED, ""),
        _row("R3", "Z3", LOCATED, "2024-04-01"),
        _row("R4", "", born=""),
    ]
    summary = run_import("cme", write_csv(tmp_path / "cme.csv", HEADER, rows), "synthetic-cme.yaml")
    assert (summary["created"], summary["rejected"]) == (0, 4)
    reasons = dict(ImportRejection.objects.values_list("line", "reason"))
    assert reasons == {
        2: "Date Closed gives a closing date but Outcome says ongoing",
        3: "Outcome says closed but Date Closed is blank",
        4: "Date Closed 01/04/2024 is before the referral",
        5: "Date of Birth is blank or unreadable and UPN is blank: a child cannot be created "
        "without a date of birth",
    }
    assert not CmeReferral.objects.exists()
