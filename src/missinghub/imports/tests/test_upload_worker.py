"""A web upload is imported by the background worker; its page shows progress, then the result
led by the rows that loaded nothing."""

import uuid
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from missinghub.accounts.models import Agency, Role
from missinghub.accounts.tests.factories import UserFactory
from missinghub.audit.enums import AuditVerb
from missinghub.audit.models import AuditEvent
from missinghub.episodes.models import Episode
from missinghub.imports.models import ImportRun, RunStatus
from missinghub.imports.tasks import import_upload_task
from missinghub.imports.tests.test_pages import _csv, _upload
from missinghub.imports.tests.test_police_rules import _row


@pytest.fixture
def supervisor(northdale: dict[str, Agency], settings: object, tmp_path: Path) -> object:
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"  # type: ignore[attr-defined]
    return UserFactory(agency=northdale["police"], role=Role.POLICE_SUPERVISOR)


def test_an_upload_is_queued_for_the_worker_and_its_page_polls_for_progress(
    client: Client, supervisor: object
) -> None:
    client.force_login(supervisor)
    bad = _row("OCC-2", "PR2", **{"Date/Time Reported": "30/02/2021 10:00"})
    response = _upload(client, "synthetic-police.yaml", _csv(_row("OCC-1"), bad))
    run = ImportRun.objects.get()
    assert run.status == RunStatus.QUEUED and not Episode.objects.exists()  # not in the request
    assert Path(run.upload_path).is_file()
    assert AuditEvent.objects.filter(verb=AuditVerb.IMPORT_QUEUED, target_id=str(run.pk)).exists()
    page = client.get(response["Location"])
    assert b"Waiting for the background worker" in page.content
    assert f'hx-get="{reverse("imports:run", args=[run.pk])}"'.encode() in page.content
    ImportRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING, rows_total=20_000, rows_done=5_000
    )
    fragment = client.get(response["Location"], headers={"HX-Request": "true"})
    text = fragment.content.decode()
    assert fragment.status_code == 200 and "<h1" not in text  # only the bar is swapped
    assert 'role="progressbar"' in text and 'aria-valuenow="5000"' in text
    assert 'aria-live="polite"' in text and "5,000 of 20,000 rows imported (25%)" in text


def test_the_worker_imports_the_file_and_the_page_leads_with_the_rejected_rows(
    client: Client, supervisor: object
) -> None:
    client.force_login(supervisor)
    bad = _row("OCC-2", "PR2", **{"Date/Time Reported": "30/02/2021 10:00"})
    response = _upload(client, "synthetic-police.yaml", _csv(_row("OCC-1"), bad))
    run = ImportRun.objects.get()
    stored = Path(run.upload_path)
    summary = import_upload_task.call(run.pk)  # as the worker runs it
    run.refresh_from_db()
    assert run.status == RunStatus.FINISHED and (run.rows_done, run.rows_total) == (2, 2)
    assert (summary["created"], summary["rejected"]) == (1, 1)
    assert not stored.exists() and run.upload_path == ""
    assert Episode.objects.get().source_reference == "OCC-1"
    done = client.get(response["Location"], headers={"HX-Request": "true"})
    assert done.status_code == 204 and done["HX-Refresh"] == "true"  # the whole page reloads
    page = client.get(response["Location"]).content.decode()
    assert "1 row rejected" in page
    assert page.index("Rows that loaded nothing") < page.index("Summary")
    assert page.index("30/02/2021 10:00") < page.index("New records")
    assert import_upload_task.call(run.pk) == summary  # delivered twice: imported once


def test_sending_the_upload_form_again_queues_nothing_more(
    client: Client, supervisor: object
) -> None:
    client.force_login(supervisor)
    token = str(uuid.uuid4())
    first = _upload(client, "synthetic-police.yaml", _csv(_row("OCC-1")), token=token)
    again = _upload(client, "synthetic-police.yaml", _csv(_row("OCC-1")), token=token)
    run = ImportRun.objects.get()  # one run, one stored file
    assert first["Location"] == again["Location"] == reverse("imports:run", args=[run.pk])
    assert len(list(Path(run.upload_path).parent.iterdir())) == 1


def test_a_file_the_worker_cannot_read_fails_the_run_with_the_reason(
    client: Client, supervisor: object
) -> None:
    client.force_login(supervisor)
    _upload(client, "synthetic-police.yaml", _csv(_row("OCC-1")))
    run = ImportRun.objects.get()
    Path(run.upload_path).write_bytes(b"Occurrence Ref\nX\n")  # changed under the worker
    import_upload_task.call(run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and "has no column" in run.message
    assert not Episode.objects.exists()
