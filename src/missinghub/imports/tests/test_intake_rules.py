"""Imports go through the one intake: who is told, one open episode per child, and the date
rules of every way in (run on SQLite and PostgreSQL)."""

import csv
import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from missinghub.accounts.models import Agency
from missinghub.children.models import ChildIdentifier, IdentifierKind, LegalStatusKind
from missinghub.children.services import record_legal_status
from missinghub.children.tests.factories import ChildFactory, PlacementFactory
from missinghub.episodes.intake import MissingReport, take_missing_report
from missinghub.episodes.models import Episode, EpisodeCategory, Notification, RiskLevel
from missinghub.episodes.selectors import agencies_to_notify
from missinghub.imports.tests.conftest import Importer, write_csv
from missinghub.imports.tests.test_police_rules import HEADER, _row
from missinghub.protocols.models import ProtocolTask

pytestmark = pytest.mark.django_db


def _police(path: Path, *rows: list[str]) -> Path:
    return write_csv(path, HEADER, list(rows))


def _rejections(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_a_police_row_for_a_child_already_missing_opens_no_second_episode(
    run_import: Importer, tmp_path: Path
) -> None:
    run_import("police", _police(tmp_path / "a.csv", _row("OCC-1")), "synthetic-police.yaml")
    errors = tmp_path / "errors.csv"
    again = _police(tmp_path / "b.csv", _row("OCC-2", **{"Date/Time Last Seen": "05/04/2021 20:00",
                    "Date/Time Reported": "05/04/2021 21:00"}))  # fmt: skip
    summary = run_import("police", again, "synthetic-police.yaml", errors_file=errors)
    assert (summary["created"], summary["rejected"]) == (0, 1)
    [rejected] = _rejections(errors)
    assert (rejected["line"], rejected["column"], rejected["value"]) == ("2", "Person Ref", "PR1")
    assert "already missing" in rejected["reason"] and "b.csv" in rejected["file"]
    assert Episode.objects.filter(returned_at__isnull=True).count() == 1


def test_a_police_row_for_a_child_reported_missing_through_the_api_is_rejected(
    run_import: Importer, tmp_path: Path, northdale: dict[str, Agency]
) -> None:
    located = _row("OCC-1", **{"Date/Time Located": "04/04/2021 09:30"})
    run_import("police", _police(tmp_path / "a.csv", located), "synthetic-police.yaml")
    child = ChildIdentifier.objects.get(value="PR1").child
    reported = timezone.now() - dt.timedelta(hours=2)
    report = MissingReport(
        child=child, category=EpisodeCategory.MISSING, last_seen_at=reported,
        reported_at=reported, source_system="api:test", source_reference="API-1",
        risk_level=RiskLevel.HIGH, risk_reason="Missing again",
        reporting_agency=northdale["police"],
    )  # fmt: skip
    take_missing_report(actor=None, report=report)
    errors = tmp_path / "errors.csv"
    summary = run_import("police", _police(tmp_path / "b.csv", _row("OCC-2")),
                         "synthetic-police.yaml", errors_file=errors)  # fmt: skip
    assert summary["rejected"] == 1 and "already missing" in _rejections(errors)[0]["reason"]
    assert Episode.objects.filter(child=child, returned_at__isnull=True).count() == 1


def test_an_imported_episode_is_told_to_the_agencies_a_web_report_would_tell(
    run_import: Importer, tmp_path: Path, northdale: dict[str, Agency]
) -> None:
    # The row's person (linkage at the door holds a reference whose details disagree).
    child = ChildFactory(
        given_name="Ada", family_name="Fernhollow", date_of_birth=dt.date(2010, 4, 3)
    )
    kind, since = IdentifierKind.POLICE_PERSON_REFERENCE, dt.date(2020, 1, 1)
    ChildIdentifier.objects.create(child=child, agency=northdale["police"], kind=kind, value="PR1")
    PlacementFactory(child=child, provider=northdale["care_provider"], start_date=since)
    record_legal_status(
        actor=None, child=child, status=LegalStatusKind.LOOKED_AFTER, start_date=since,
        responsible_authority=northdale["social_care"],
    )  # fmt: skip
    run_import("police", _police(tmp_path / "a.csv", _row("OCC-1")), "synthetic-police.yaml")
    told = set(Notification.objects.filter(child=child).values_list("to_agency", flat=True))
    web = agencies_to_notify(child_id=child.pk, reporting_agency=northdale["police"])
    assert told == {agency.pk for agency in web}
    assert told == {northdale[key].pk for key in ("missing_team", "care_provider", "social_care")}


@pytest.mark.parametrize(
    ("column", "text"),
    [
        ("DOB", "01/01/2035"),
        ("DOB", "01/01/1890"),
        ("Date/Time Last Seen", "03/04/2030 20:00"),
        ("Date/Time Reported", "03/04/2030 21:00"),
    ],
)
def test_impossible_dates_in_a_police_file_are_rejected(
    run_import: Importer, tmp_path: Path, column: str, text: str
) -> None:
    errors = tmp_path / "errors.csv"
    path = _police(tmp_path / "a.csv", _row("OCC-1", **{column: text}))
    summary = run_import("police", path, "synthetic-police.yaml", errors_file=errors)
    assert (summary["created"], summary["rejected"]) == (0, 1)
    reasons = [(row["column"], row["value"]) for row in _rejections(errors)]
    assert (column, text) in reasons
    assert not Episode.objects.exists()


SOCIAL_CARE = ["LA Child ID", "First Name(s)", "Surname", "Date of Birth", "Gender", "Postcode",
               "Ethnicity", "Legal Status", "Placement Type", "Placement Start",
               "Placement Location"]  # fmt: skip


def test_impossible_dates_in_a_social_care_list_are_rejected(
    run_import: Importer, tmp_path: Path
) -> None:
    rows = [
        ["SC1", "Ada", "Fernhollow", "01/01/2035", "Female", "ND1 1AA", "", "CIN Child in need",
         "", "", ""],
        ["SC2", "Bo", "Quill", "03/04/2010", "Male", "ND1 1AB", "", "CIN Child in need",
         "U4 Foster placement", "01/01/2031", "In LA"],
    ]  # fmt: skip
    errors = tmp_path / "errors.csv"
    path = write_csv(tmp_path / "sc.csv", SOCIAL_CARE, rows)
    summary = run_import("social-care", path, "synthetic-social-care.yaml", errors_file=errors)
    assert summary["rejected"] == 2 and summary["children_created"] == 0
    columns = {row["column"] for row in _rejections(errors)}
    assert {"Date of Birth", "Placement Start"} <= columns


CME = ["Referral Number", "UPN", "Pupil Surname", "Pupil Forename", "Date of Birth", "Gender",
       "Postcode", "Date Referred", "Reason", "Referring School", "Outcome",
       "Date Closed"]  # fmt: skip


def test_a_referral_dated_in_the_future_is_rejected(run_import: Importer, tmp_path: Path) -> None:
    rows = [
        ["R1", "", "Quill", "Bo", "03/04/2012", "M", "ND1 1AB", "01/01/2031", "other", "X", "", ""]
    ]
    errors = tmp_path / "errors.csv"
    path = write_csv(tmp_path / "cme.csv", CME, rows)
    summary = run_import("cme", path, "synthetic-cme.yaml", errors_file=errors)
    assert summary["rejected"] == 1 and summary["created"] == 0
    assert [row["column"] for row in _rejections(errors)] == ["Date Referred"]


def _recent_row(occurrence: str) -> list[str]:
    seen = timezone.localtime(timezone.now() - dt.timedelta(hours=5))
    located = seen + dt.timedelta(hours=3)
    return _row(occurrence, **{
        "Date/Time Last Seen": f"{seen:%d/%m/%Y %H:%M}",
        "Date/Time Reported": f"{seen + dt.timedelta(hours=1):%d/%m/%Y %H:%M}",
        "Date/Time Located": f"{located:%d/%m/%Y %H:%M}", "How Returned": "OTHER",
    })  # fmt: skip


def test_a_recent_imported_return_gets_its_protocol_tasks_and_history_does_not(
    run_import: Importer, tmp_path: Path
) -> None:
    old = _row("OCC-OLD", "PR2", **{"Date/Time Located": "04/04/2021 09:30"})
    path = _police(tmp_path / "a.csv", _recent_row("OCC-NEW"), old)
    run_import("police", path, "synthetic-police.yaml")
    recent, history = (Episode.objects.get(source_reference=r) for r in ("OCC-NEW", "OCC-OLD"))
    assert ProtocolTask.objects.filter(episode=recent).exists()  # marked pending, then applied
    assert not ProtocolTask.objects.filter(episode=history).exists()
    assert not Episode.objects.filter(protocol_pending=True).exists()


def test_no_apply_protocol_marks_nothing_pending(run_import: Importer, tmp_path: Path) -> None:
    path = _police(tmp_path / "a.csv", _recent_row("OCC-NEW"))
    run_import("police", path, "synthetic-police.yaml", apply_protocol=False)
    assert not Episode.objects.filter(protocol_pending=True).exists()
    assert not ProtocolTask.objects.exists()
