"""The security tester's scripted checks, repeated end to end (#29 "Must show" 3); prints the
figures for the closing note: `pytest tests/security/test_tester_repeat.py -s`.

1. Case-variant lockout: 16 wrong passwords across spellings of one username, then the right
   password: refused.
2. Cross-area import: a missing-team manager of another area uploads a force's file with the
   force's mapping: refused, the force's episode unchanged.
3. The bomb: a small .xlsx whose members claim 594 MB expanded (like the tester's 2.3 MB
   one): refused within seconds, no run left "running".
"""

import time
import uuid
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from missinghub.accounts.demo import ensure_demo_agencies
from missinghub.accounts.models import AgencyKind, Role
from missinghub.accounts.tests.factories import AgencyFactory, UserFactory
from missinghub.episodes.models import Episode
from missinghub.imports.models import ImportRun, RunStatus
from missinghub.imports.tasks import import_upload_task
from missinghub.imports.tests.test_police_rules import HEADER, _row

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


def _csv(*rows: list[str]) -> bytes:
    return ("\n".join([",".join(HEADER), *(",".join(row) for row in rows)]) + "\n").encode()


def _upload(client: Client, name: str, content: bytes, mapping: str = "synthetic-police.yaml"):
    """Upload, then carry out the queued run as the background worker would."""
    upload = SimpleUploadedFile(name, content)
    form = {"mapping": mapping, "file": upload, "submission_id": str(uuid.uuid4())}
    response = client.post(reverse("imports:upload"), form)
    for run in ImportRun.objects.filter(status=RunStatus.QUEUED):
        import_upload_task.call(run.pk)
    return response


def test_case_variant_lockout() -> None:
    UserFactory(username="tester.target", password=PASSWORD)
    spellings = ["Tester.Target", "TESTER.TARGET", "tester.TARGET", "tESTER.tARGET"]
    statuses = [
        Client()
        .post(reverse("accounts:sign-in"), {"login": spellings[n % 4], "password": "wrong"})
        .status_code
        for n in range(16)
    ]
    final = Client().post(
        reverse("accounts:sign-in"), {"login": "tester.target", "password": PASSWORD}
    )
    refused = sum(1 for status in statuses if status == 429)
    print(f"\ncase-variant lockout: 16 wrong tries, {refused} refused as locked; "
          f"then the right password: HTTP {final.status_code}")  # fmt: skip
    assert final.status_code == 429
    assert statuses.index(429) == 4  # locked at the 5th failure, whatever the spelling


def test_cross_area_import(client: Client) -> None:
    northdale = ensure_demo_agencies()
    client.force_login(UserFactory(agency=northdale["police"], role=Role.POLICE_SUPERVISOR))
    _upload(client, "force.csv", _csv(_row("OCC-1")))
    episode = Episode.objects.get(source_reference="OCC-1")
    other_team = AgencyFactory(name="Southvale Missing Team", kind=AgencyKind.MISSING_TEAM)
    client.force_login(UserFactory(agency=other_team, role=Role.MISSING_TEAM_MANAGER))
    changed = _row("OCC-1", **{"Risk Level": "HIGH", "Date/Time Located": "04/04/2021 09:00"})
    response = _upload(client, "forged.csv", _csv(changed))
    episode.refresh_from_db()
    print(f"\ncross-area import: HTTP {response.status_code}, form errors "
          f"{dict(response.context['form'].errors)}, returned_at {episode.returned_at}, "
          f"risk {episode.current_risk.level}")  # fmt: skip
    assert episode.returned_at is None and episode.current_risk.level == "medium"


def test_the_bomb_is_refused_within_seconds(client: Client, tmp_path: Path) -> None:
    northdale = ensure_demo_agencies()
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml", "<Types/>")
        book.writestr("xl/worksheets/sheet1.xml", b"<row>" + b"0" * 2_300_000 + b"</row>")
        book.infolist()[-1].file_size = 594 * 1024 * 1024
    client.force_login(UserFactory(agency=northdale["police"], role=Role.POLICE_SUPERVISOR))
    started = time.monotonic()
    response = _upload(client, "bomb.xlsx", bomb.read_bytes())
    seconds = time.monotonic() - started
    [error] = response.context["form"].errors["file"]
    print(f"\nbomb: {bomb.stat().st_size:,} bytes claiming 594 MB refused in {seconds:.2f} s: "
          f"{error}")  # fmt: skip
    assert seconds < 5
    assert not ImportRun.objects.filter(status=RunStatus.RUNNING).exists()
