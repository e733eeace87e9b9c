"""An import touches only records its uploader's agency may write (security review, finding 1).

A mapping names its source agency; the uploader's agency must be that agency or be named in the
mapping's `loaded_by` list. A forged form post with another area's mapping changes nothing.
"""

import uuid
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from missinghub.accounts.models import Agency, AgencyKind, Role, User
from missinghub.accounts.tests.factories import AgencyFactory, UserFactory
from missinghub.audit.enums import AuditVerb
from missinghub.audit.models import AuditEvent
from missinghub.episodes.models import Episode
from missinghub.imports.mapping import load_mapping
from missinghub.imports.models import ImportRun, RunStatus
from missinghub.imports.runner import ImportRefused
from missinghub.imports.services import MappingChoice, mapping_choices, queue_upload
from missinghub.imports.tasks import import_upload_task
from missinghub.imports.tests.conftest import MAPPINGS
from missinghub.imports.tests.test_police_rules import HEADER, _row

RAISED = {"Risk Level": "HIGH", "Date/Time Located": "04/04/2021 09:00", "How Returned": ""}


def _csv(*rows: list[str]) -> bytes:
    return ("\n".join([",".join(HEADER), *(",".join(row) for row in rows)]) + "\n").encode()


def _upload(client: Client, content: bytes, mapping: str = "synthetic-police.yaml") -> Any:
    """Upload, then carry out the queued run as the worker would."""
    upload = SimpleUploadedFile("force.csv", content, content_type="text/csv")
    form = {"mapping": mapping, "file": upload, "submission_id": str(uuid.uuid4())}
    response = client.post(reverse("imports:upload"), form)
    for run in ImportRun.objects.filter(status=RunStatus.QUEUED):
        import_upload_task.call(run.pk)
    return response


@pytest.fixture
def stored_episode(client: Client, northdale: dict[str, Agency]) -> Episode:
    client.force_login(UserFactory(agency=northdale["police"], role=Role.POLICE_SUPERVISOR))
    _upload(client, _csv(_row("OCC-1")))
    client.logout()
    return Episode.objects.get(source_reference="OCC-1")


@pytest.fixture
def other_area_manager(northdale: dict[str, Agency]) -> User:
    team = AgencyFactory(name="Southvale Missing Team", kind=AgencyKind.MISSING_TEAM)
    return UserFactory(agency=team, role=Role.MISSING_TEAM_MANAGER)


def test_a_manager_of_another_area_cannot_change_a_forces_episode(
    client: Client, stored_episode: Episode, other_area_manager: User
) -> None:
    client.force_login(other_area_manager)
    page = client.get(reverse("imports:upload"))
    assert page.context["form"].fields["mapping"].choices == []
    response = _upload(client, _csv(_row("OCC-1", **RAISED)))
    assert response.status_code == 200  # the form refuses the mapping it did not offer
    assert "mapping" in response.context["form"].errors
    stored_episode.refresh_from_db()
    assert stored_episode.returned_at is None
    assert stored_episode.current_risk is not None
    assert stored_episode.current_risk.level == "medium"


def test_the_service_refuses_a_mapping_the_user_may_not_use_and_audits_it(
    stored_episode: Episode, other_area_manager: User
) -> None:
    mapping = load_mapping(MAPPINGS / "synthetic-police.yaml")
    upload = SimpleUploadedFile("force.csv", _csv(_row("OCC-1", **RAISED)))
    with pytest.raises(ImportRefused, match="Northdale Police"):
        queue_upload(
            actor=other_area_manager, choice=MappingChoice("x.yaml", mapping), upload=upload
        )
    stored_episode.refresh_from_db()
    assert stored_episode.returned_at is None
    refused = AuditEvent.objects.filter(verb=AuditVerb.ACCESS_REFUSED, actor=other_area_manager)
    assert refused.count() == 1


def test_a_voluntary_sector_manager_may_use_no_mapping(northdale: dict[str, Agency]) -> None:
    manager = UserFactory(agency=northdale["voluntary"], role=Role.MISSING_TEAM_MANAGER)
    assert mapping_choices(manager) == []


def test_a_mapping_authorises_its_partner_loaders_by_name(northdale: dict[str, Agency]) -> None:
    manager = UserFactory(agency=northdale["missing_team"], role=Role.MISSING_TEAM_MANAGER)
    social_worker_supervisor = UserFactory(agency=northdale["police"], role=Role.POLICE_SUPERVISOR)
    assert {c.file_name for c in mapping_choices(manager)} == {
        "police-niche-style.yaml",
        "synthetic-police.yaml",
        "synthetic-social-care.yaml",
        "synthetic-cme.yaml",
    }
    assert [c.file_name for c in mapping_choices(social_worker_supervisor)] == [
        "police-niche-style.yaml",
        "synthetic-police.yaml",
    ]
    police = load_mapping(MAPPINGS / "synthetic-police.yaml")
    assert police.loaded_by == ["Northdale Missing and Return Team"]


def test_a_source_system_that_holds_another_agencys_episodes_is_refused(
    stored_episode: Episode, northdale: dict[str, Agency], tmp_path: Path
) -> None:
    text = (MAPPINGS / "synthetic-police.yaml").read_text()
    forged = tmp_path / "forged.yaml"
    forged.write_text(text.replace("agency: Northdale Police", "agency: Southvale Police"))
    supervisor = UserFactory(agency=northdale["neighbour_police"], role=Role.POLICE_SUPERVISOR)
    upload = SimpleUploadedFile("force.csv", _csv(_row("OCC-1", **RAISED)))
    choice = MappingChoice("forged.yaml", load_mapping(forged))
    with pytest.raises(ImportRefused, match="another agency"):
        queue_upload(actor=supervisor, choice=choice, upload=upload)
    stored_episode.refresh_from_db()
    assert stored_episode.returned_at is None


def test_a_partners_result_page_does_not_say_whether_children_are_known(
    client: Client, stored_episode: Episode, northdale: dict[str, Agency]
) -> None:
    client.force_login(
        UserFactory(agency=northdale["missing_team"], role=Role.MISSING_TEAM_MANAGER)
    )
    response = _upload(client, _csv(_row("OCC-1"), _row("OCC-2", person="PR-NEW")))
    page = client.get(response["Location"])
    assert page.status_code == 200
    text = page.content.decode()
    assert "Children already known" not in text and "Children new" not in text
    assert "Records updated" not in text
    assert "Rows loaded" in text
