"""The upload page: who may import, the summary, and the rejected rows as a download."""

import uuid
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from missinghub.access.roles import Action, may
from missinghub.accounts.models import Agency, Role
from missinghub.accounts.tests.factories import UserFactory
from missinghub.audit.enums import AuditVerb
from missinghub.audit.models import AuditEvent
from missinghub.episodes.models import Episode
from missinghub.imports.mapping import load_mapping
from missinghub.imports.models import ImportRun
from missinghub.imports.services import may_import_with
from missinghub.imports.tests.conftest import MAPPINGS
from missinghub.imports.tests.test_police_rules import HEADER, _row


def _csv(*rows: list[str]) -> bytes:
    lines = [",".join(HEADER), *(",".join(row) for row in rows)]
    return ("\n".join(lines) + "\n").encode()


def _upload(
    client: Client, mapping: str, content: bytes, name: str = "force.csv", token: str = ""
) -> Any:
    upload = SimpleUploadedFile(name, content, content_type="text/csv")
    form = {"mapping": mapping, "file": upload, "submission_id": token or str(uuid.uuid4())}
    return client.post(reverse("imports:upload"), form)


@pytest.fixture
def supervisor(northdale: dict[str, Agency]) -> object:
    return UserFactory(agency=northdale["police"], role=Role.POLICE_SUPERVISOR)


def test_who_may_import(northdale: dict[str, Agency]) -> None:
    police, team = northdale["police"], northdale["missing_team"]
    supervisor = UserFactory(agency=police, role=Role.POLICE_SUPERVISOR)
    manager = UserFactory(agency=team, role=Role.MISSING_TEAM_MANAGER)
    assert may(supervisor, Action.IMPORT) and may(manager, Action.IMPORT)
    police_mapping = load_mapping(MAPPINGS / "synthetic-police.yaml")
    social_care_mapping = load_mapping(MAPPINGS / "synthetic-social-care.yaml")
    assert may_import_with(supervisor, police_mapping)
    assert not may_import_with(supervisor, social_care_mapping)
    assert may_import_with(manager, police_mapping)  # named in the mapping's loaded_by
    for role, agency in [
        (Role.POLICE_OFFICER, police),
        (Role.MISSING_TEAM_WORKER, team),
        (Role.SYSTEM_ADMINISTRATOR, team),
        (Role.ANALYST, team),
    ]:
        assert not may(UserFactory(agency=agency, role=role), Action.IMPORT)


def test_a_police_supervisor_imports_and_downloads_the_rejected_rows(
    client: Client, supervisor: object, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(supervisor)
    page = client.get(reverse("imports:upload"))
    assert page.status_code == 200
    choices = [value for value, _ in page.context["form"].fields["mapping"].choices]
    assert choices == ["police-niche-style.yaml", "synthetic-police.yaml"]  # their force's layouts
    bad = _row("OCC-2", **{"Date/Time Reported": "30/02/2021 10:00"})
    with django_capture_on_commit_callbacks(execute=True):  # the worker's task, run at once
        response = _upload(client, "synthetic-police.yaml", _csv(_row("OCC-1"), bad))
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "imports:run", args=[run.pk]
    )
    assert run.started_by == supervisor and run.file_name == "force.csv"
    assert Episode.objects.get().source_reference == "OCC-1"
    detail = client.get(response["Location"])
    assert detail.status_code == 200 and b"30/02/2021 10:00" in detail.content
    download = client.get(reverse("imports:rejections", args=[run.pk]))
    text = b"".join(download.streaming_content).decode()
    assert text.splitlines()[0] == "file,line,column,value,reason"
    assert text.splitlines()[1].startswith("force.csv,3,Date/Time Reported,30/02/2021 10:00,")
    assert AuditEvent.objects.filter(verb=AuditVerb.IMPORT_REJECTIONS_DOWNLOADED).count() == 1


def test_a_file_missing_a_column_is_refused_with_the_reason(
    client: Client, supervisor: object
) -> None:
    client.force_login(supervisor)
    response = _upload(client, "synthetic-police.yaml", b"Occurrence Ref,Surname\nX,Y\n")
    assert response.status_code == 200
    assert "has no column" in str(response.context["form"].errors["file"])
    wrong = _upload(client, "synthetic-police.yaml", b"x", name="notes.pdf")
    assert "CSV file or an Excel" in str(wrong.context["form"].errors["file"])
    assert not Episode.objects.exists()


def test_other_roles_and_agencies_cannot_see_imports(
    client: Client, supervisor: object, northdale: dict[str, Agency]
) -> None:
    client.force_login(supervisor)
    _upload(client, "synthetic-police.yaml", _csv(_row("OCC-1")))
    run = ImportRun.objects.get()
    worker = UserFactory(agency=northdale["missing_team"], role=Role.MISSING_TEAM_WORKER)
    client.force_login(worker)
    assert client.get(reverse("imports:upload")).status_code == 403
    neighbour = UserFactory(agency=northdale["neighbour_police"], role=Role.POLICE_SUPERVISOR)
    client.force_login(neighbour)
    assert client.get(reverse("imports:run", args=[run.pk])).status_code == 404
    assert client.get(reverse("imports:rejections", args=[run.pk])).status_code == 404


def test_the_missing_team_manager_may_use_every_partner_layout(
    client: Client, northdale: dict[str, Agency], tmp_path: Path
) -> None:
    client.force_login(
        UserFactory(agency=northdale["missing_team"], role=Role.MISSING_TEAM_MANAGER)
    )
    page = client.get(reverse("imports:upload"))
    choices = {value for value, _ in page.context["form"].fields["mapping"].choices}
    assert choices == {
        "police-niche-style.yaml",
        "synthetic-police.yaml",
        "synthetic-social-care.yaml",
        "synthetic-cme.yaml",
    }
