"""Linked at the door: every imported person goes through linkage, identifier or not."""

import csv
from datetime import date
from pathlib import Path

from django.test import Client
from django.urls import reverse

from missinghub.accounts.models import Agency, Role
from missinghub.accounts.tests.factories import UserFactory
from missinghub.audit.enums import AuditVerb
from missinghub.audit.models import AuditEvent
from missinghub.children.models import Child, ChildIdentifier, IdentifierKind
from missinghub.children.services import store_child
from missinghub.episodes.models import Episode
from missinghub.imports.models import ImportRejection
from missinghub.imports.tests.conftest import Importer
from missinghub.imports.tests.test_police_rules import _file, _row
from missinghub.linkage.models import ReferenceReview, ReviewStatus

POLICE = "synthetic-police.yaml"
MANAGER = Role.MISSING_TEAM_MANAGER


def _stored_child(northdale: dict[str, Agency], reference: str = "PR1") -> Child:
    """A child the police know by `reference`: Ada Fernhollow, born 3 April 2010."""
    child = store_child(
        given_name="Ada", family_name="Fernhollow", date_of_birth=date(2010, 4, 3), sex="female"
    )
    police = Agency.objects.get(name="Northdale Police")
    ChildIdentifier.objects.create(
        child=child, agency=police, kind=IdentifierKind.POLICE_PERSON_REFERENCE, value=reference
    )
    return child


def test_a_police_file_whose_person_reference_names_a_stored_child_with_a_different_name_and_date_of_birth_sends_the_row_for_review_and_attaches_nothing(  # noqa: E501
    run_import: Importer, northdale: dict[str, Agency], tmp_path: Path
) -> None:
    child = _stored_child(northdale)
    other = _row("OCC-1", Forename="Kofi", Surname="Ashworth", DOB="17/11/2007", Sex="M")
    summary = run_import("police", _file(tmp_path / "a.csv", other), POLICE)
    assert summary["sent_for_review"] == 1
    assert (summary["created"], summary["children_matched"], summary["children_created"]) == (
        0,
        0,
        0,
    )
    assert not Episode.objects.exists()  # attached to nobody: not to the child, not to a new one
    assert Child.objects.count() == 1
    [review] = ReferenceReview.objects.all()
    assert (review.reference, review.child_id, review.status) == ("PR1", child.pk, "pending")
    assert (review.given_name, review.date_of_birth) == ("Kofi", date(2007, 11, 17))
    assert review.differing == "given name, family name, date of birth"
    assert review.match_probability < 0.5
    [held] = ImportRejection.objects.all()
    assert held.line == 2 and held.column == "Person Ref" and held.value == "PR1"
    assert "sent for review" in held.reason and "date of birth" in held.reason
    again = run_import("police", _file(tmp_path / "a.csv", other), POLICE)
    assert again["sent_for_review"] == 1 and again["created"] == 0
    assert ReferenceReview.objects.count() == 1 and not Episode.objects.exists()


def test_a_reference_whose_details_agree_attaches_to_the_child_it_names(
    run_import: Importer, northdale: dict[str, Agency], tmp_path: Path
) -> None:
    child = _stored_child(northdale)
    nickname = _row("OCC-1", DOB="04/03/2010")  # day and month swapped: the model's fault
    summary = run_import("police", _file(tmp_path / "a.csv", nickname), POLICE)
    assert (summary["created"], summary["children_matched"], summary["sent_for_review"]) == (
        1,
        1,
        0,
    )
    assert Episode.objects.get().child_id == child.pk
    assert not ReferenceReview.objects.exists()


def test_a_reviewer_decides_a_held_reference_and_the_next_import_attaches_the_row(
    client: Client, run_import: Importer, northdale: dict[str, Agency], tmp_path: Path
) -> None:
    child = _stored_child(northdale)
    other = _row("OCC-1", Forename="Kofi", Surname="Ashworth", DOB="17/11/2007")
    run_import("police", _file(tmp_path / "a.csv", other), POLICE)
    review = ReferenceReview.objects.get()
    client.force_login(UserFactory(agency=northdale["missing_team"], role=MANAGER))
    queue = client.get(reverse("linkage:review-queue")).content.decode()
    assert "References held at import" in queue and "Northdale Police: PR1" in queue
    page = client.get(reverse("linkage:review-reference", args=[review.pk]))
    assert page.status_code == 200 and "17 November 2007" in page.content.decode()
    viewed = AuditEvent.objects.filter(verb=AuditVerb.MATCH_PAIR_VIEWED, child_id=child.pk)
    assert viewed.count() == 1
    decided = client.post(
        reverse("linkage:review-reference", args=[review.pk]),
        {"decision": "same", "reason": "Known to use another name; DOB confirmed with school"},
    )
    assert decided.status_code == 302
    review.refresh_from_db()
    assert review.status == ReviewStatus.ACCEPTED
    assert AuditEvent.objects.filter(verb=AuditVerb.MATCH_ACCEPTED, child_id=child.pk).exists()
    summary = run_import("police", _file(tmp_path / "a.csv", other), POLICE)
    assert (summary["created"], summary["sent_for_review"]) == (1, 0)
    assert Episode.objects.get().child_id == child.pk


def test_a_reference_decided_to_be_another_child_stays_held(
    run_import: Importer, northdale: dict[str, Agency], tmp_path: Path
) -> None:
    _stored_child(northdale)
    other = _row("OCC-1", Forename="Kofi", Surname="Ashworth", DOB="17/11/2007")
    run_import("police", _file(tmp_path / "a.csv", other), POLICE)
    ReferenceReview.objects.update(status=ReviewStatus.REJECTED)
    errors = tmp_path / "errors.csv"
    summary = run_import("police", _file(tmp_path / "a.csv", other), POLICE, errors_file=errors)
    assert (summary["created"], summary["sent_for_review"]) == (0, 1)
    assert "correct the reference" in errors.read_text(encoding="utf-8")
    assert not Episode.objects.exists()


def _register() -> None:
    """Forty other children: names as common as a register's (the model weighs an exact name
    by how many children share it, so a register of one makes every name common)."""
    given = ["Amir", "Beth", "Callum", "Dana", "Emre", "Farah", "Gus", "Hana"]
    family = ["Okafor", "Lindqvist", "Moreau", "Patel", "Quinn"]
    for at in range(40):
        store_child(
            given_name=given[at % 8],
            family_name=family[at % 5],
            date_of_birth=date(2005 + at % 12, 1 + at % 12, 1 + at % 28),
            sex="male" if at % 2 else "female",
        )


def test_a_new_reference_for_a_child_already_known_is_matched_by_the_model(
    run_import: Importer, northdale: dict[str, Agency], tmp_path: Path
) -> None:
    _register()
    child = _stored_child(northdale, reference="PR-OLD")
    Child.objects.filter(pk=child.pk).update(home_postcode="ND1 1AA")
    summary = run_import("police", _file(tmp_path / "a.csv", _row("OCC-1", "PR-NEW")), POLICE)
    assert (summary["children_matched"], summary["children_created"]) == (1, 0)
    assert Episode.objects.get().child_id == child.pk
    values = ChildIdentifier.objects.filter(child=child).values_list("value", flat=True)
    assert sorted(values) == ["PR-NEW", "PR-OLD"]  # the new reference is the child's now


def test_a_stranger_with_a_new_reference_is_a_new_child(
    run_import: Importer, northdale: dict[str, Agency], tmp_path: Path
) -> None:
    _register()
    _stored_child(northdale)
    stranger = _row("OCC-1", "PR2", Forename="Kofi", Surname="Ashworth", DOB="17/11/2007")
    summary = run_import("police", _file(tmp_path / "a.csv", stranger), POLICE)
    assert (summary["children_matched"], summary["children_created"]) == (0, 1)
    assert summary["sent_for_review"] == 0 and Child.objects.count() == 42


def test_the_same_occurrence_twice_with_different_values_keeps_the_last_and_names_the_first(
    run_import: Importer, northdale: dict[str, Agency], tmp_path: Path
) -> None:
    first = _row("OCC-1", **{"Risk Level": "LOW"})
    last = _row("OCC-1", **{"Risk Level": "HIGH", "Date/Time Located": "04/04/2021 09:30"})
    path = _file(tmp_path / "a.csv", first, _row("OCC-2", "PR2"), last)
    errors = tmp_path / "errors.csv"
    summary = run_import("police", path, POLICE, errors_file=errors)
    assert (summary["created"], summary["updated"], summary["superseded"]) == (2, 0, 1)
    episode = Episode.objects.get(source_reference="OCC-1")
    assert episode.returned_at is not None
    assert [g.level for g in episode.risk_gradings.all()] == ["high"]
    [named] = list(csv.DictReader(errors.open(encoding="utf-8")))
    assert (named["file"], named["line"], named["column"], named["value"]) == (
        "a.csv",
        "2",
        "Occurrence Ref",
        "OCC-1",
    )
    assert "appears again on line 4" in named["reason"]


def test_a_file_imported_again_changes_nothing(
    run_import: Importer, northdale: dict[str, Agency], tmp_path: Path
) -> None:
    rows = [
        _row("OCC-1", **{"Risk Level": "LOW", "Date/Time Located": "03/04/2021 23:00"}),
        _row("OCC-2", "PR2", Forename="Kofi", DOB="17/11/2007"),
        _row("OCC-1", **{"Risk Level": "HIGH", "Date/Time Located": "04/04/2021 09:30"}),
    ]
    path = _file(tmp_path / "a.csv", *rows)
    run_import("police", path, POLICE, batch_size=1)  # the duplicate lies in another batch
    before = _everything()
    again = run_import("police", path, POLICE, batch_size=1)
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 2)
    assert again["children_created"] == 0 and again["superseded"] == 1
    assert _everything() == before


def _everything() -> tuple[list[tuple[object, ...]], ...]:
    """Every stored child, episode, grading and change: what an import could have written."""
    from missinghub.episodes.models import RiskGrading
    from missinghub.imports.models import EpisodeChange

    return (
        list(Child.objects.order_by("pk").values_list()),
        list(Episode.objects.order_by("pk").values_list()),
        list(RiskGrading.objects.order_by("pk").values_list()),
        list(EpisodeChange.objects.order_by("pk").values_list()),
    )


def test_a_second_reference_linked_to_a_child_is_not_held_when_the_file_comes_again(
    run_import: Importer, northdale: dict[str, Agency], tmp_path: Path
) -> None:
    """The model gives a child a second reference of the agency (a sure match at the door);
    importing the file again names the child by it and attaches, as the first time."""
    _register()
    child = _stored_child(northdale, reference="PR-OLD")
    Child.objects.filter(pk=child.pk).update(home_postcode="ND1 1AA")
    path = _file(tmp_path / "a.csv", _row("OCC-1", "PR-NEW", Forename="Adah"))
    first = run_import("police", path, POLICE)
    again = run_import("police", path, POLICE)
    assert (first["children_matched"], first["created"]) == (1, 1)
    assert (again["children_matched"], again["unchanged"], again["sent_for_review"]) == (1, 1, 0)
    assert Episode.objects.get().child_id == child.pk
