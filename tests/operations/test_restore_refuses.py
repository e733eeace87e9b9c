"""`missinghub restore` refuses a damaged or mismatched backup and says why, before touching
anything; after restoring it finds any difference from the manifest. Runs on both databases."""

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from missinghub.accounts.models import Agency, AgencyKind
from missinghub.operations.backup import MANIFEST, make_backup
from missinghub.operations.restore import BackupRefused, refusals, restore_backup, verify_restored

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def backup(tmp_path: Path, settings: Any) -> Path:
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "private" / "philomena").mkdir(parents=True)
    (tmp_path / "private" / "philomena" / "photo.png").write_bytes(b"synthetic photo")
    Agency.objects.create(name="Backup Test Police", kind=AgencyKind.POLICE_FORCE)
    make_backup(tmp_path / "backup")
    return tmp_path / "backup"


def edit_manifest(directory: Path, **changes: Any) -> None:
    manifest = json.loads((directory / MANIFEST).read_text())
    (directory / MANIFEST).write_text(json.dumps(manifest | changes))


def database_copy(directory: Path) -> Path:
    return directory / json.loads((directory / MANIFEST).read_text())["database"]["file"]


def test_the_manifest_counts_every_table_and_file(backup: Path) -> None:
    manifest = json.loads((backup / MANIFEST).read_text())
    assert manifest["tables"]["accounts_agency"]["rows"] == Agency.objects.count()
    assert manifest["tables"]["accounts_agency"]["checksum"].startswith("md5sum64:")
    assert "0001_initial" in " ".join(manifest["migrations"])
    assert list(manifest["files"]["private"]) == ["philomena/photo.png"]
    assert oct(backup.stat().st_mode & 0o777) == "0o700"


def test_an_intact_backup_is_refused_only_because_the_target_is_not_empty(backup: Path) -> None:
    reasons = refusals(backup)
    assert len(reasons) == 2
    assert "the database already holds" in reasons[0]
    assert "private file folder" in reasons[1]


def test_a_damaged_database_copy_is_refused(backup: Path) -> None:
    copy = database_copy(backup)
    data = bytearray(copy.read_bytes())
    data[len(data) // 2] ^= 0xFF
    copy.write_bytes(bytes(data))
    assert any("is damaged" in reason for reason in refusals(backup))


def test_a_truncated_database_copy_is_refused(backup: Path) -> None:
    copy = database_copy(backup)
    whole = copy.stat().st_size
    copy.write_bytes(copy.read_bytes()[: whole // 3])
    assert f"truncated: {whole // 3} of {whole} bytes" in " ".join(refusals(backup))


def test_a_damaged_or_missing_file_is_refused(backup: Path) -> None:
    (backup / "files" / "private" / "philomena" / "photo.png").write_bytes(b"synthetic phot0")
    assert any("philomena/photo.png is damaged" in reason for reason in refusals(backup))
    (backup / "files" / "private" / "philomena" / "photo.png").unlink()
    assert any("philomena/photo.png is missing" in reason for reason in refusals(backup))


def test_a_backup_from_another_version_or_schema_is_refused(backup: Path) -> None:
    manifest = json.loads((backup / MANIFEST).read_text())
    edit_manifest(backup, app_version="0.0.1")
    assert any("made by MissingHub 0.0.1" in reason for reason in refusals(backup))
    edit_manifest(backup, app_version=manifest["app_version"])
    edit_manifest(backup, migrations=[*manifest["migrations"], "children.9999_from_the_future"])
    assert any("migrations this version lacks" in reason for reason in refusals(backup))
    edit_manifest(backup, migrations=manifest["migrations"][1:])
    assert any("lacks migrations of this version" in reason for reason in refusals(backup))


def test_a_folder_without_a_readable_manifest_is_refused(backup: Path) -> None:
    (backup / MANIFEST).write_text('{"format": "missinghub-backup/1", "tabl')
    with pytest.raises(BackupRefused, match="damaged"):
        refusals(backup)
    (backup / MANIFEST).unlink()
    with pytest.raises(BackupRefused, match="not a backup"):
        refusals(backup)


def test_restore_says_why_and_touches_nothing(backup: Path) -> None:
    edit_manifest(backup, app_version="0.0.1")
    agencies = Agency.objects.count()
    with pytest.raises(CommandError, match="cannot be restored here") as refused:
        call_command("restore", str(backup))
    assert "made by MissingHub 0.0.1" in str(refused.value)
    assert Agency.objects.count() == agencies
    with pytest.raises(BackupRefused):
        restore_backup(backup)


def test_checking_after_a_restore_finds_any_difference(backup: Path) -> None:
    manifest = json.loads((backup / MANIFEST).read_text())
    assert verify_restored(manifest) == []
    Agency.objects.create(name="Added After The Backup", kind=AgencyKind.SCHOOL)
    (Path(manifest["files"] and backup.parent / "private" / "extra.txt")).write_text("x")
    problems = verify_restored(manifest)
    assert any(problem.startswith("accounts_agency: expected") for problem in problems)
    assert "private/extra.txt: not in the backup" in problems


def test_backup_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "old.txt").write_text("something")
    with pytest.raises(CommandError, match="is not empty"):
        call_command("backup", str(tmp_path))
