"""Must show 1: a council-sized PostgreSQL database, backed up, dropped and restored, is equal
table by table (row counts and checksums); and the same round trip on SQLite.

Both run the real `missinghub` commands in separate processes with production settings.
"""

import json
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from missinghub.operations.fingerprints import postgres_fingerprints
from tests.operations.helpers import (
    missinghub,
    postgres_url_from_environment,
    production_environment,
    with_database,
)

pytestmark = pytest.mark.slow
PHOTO = b"\x89PNG synthetic photo, not a real child"


def fingerprints_of(url: str) -> dict[str, dict[str, object]]:
    """Read independently of MissingHub: a plain psycopg connection."""
    with psycopg.connect(url) as conn, conn.cursor() as cursor:
        return postgres_fingerprints(cursor)


def drop_database(admin_url: str, name: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def fresh_postgres_database() -> Iterator[tuple[str, str, str]]:
    """A new database `test_backup_<random>` on the server DATABASE_URL names; dropped after."""
    url = postgres_url_from_environment()
    if url is None:
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgresql://... (as make test does)")
    name = f"test_backup_{secrets.token_hex(4)}"
    admin = with_database(url, "postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield with_database(url, name), name, admin
    finally:
        drop_database(admin, name)


def put_private_photo(home: Path) -> Path:
    photo = home / "var" / "private" / "philomena" / "1" / "photo.png"
    photo.parent.mkdir(parents=True)
    photo.write_bytes(PHOTO)
    return photo


def test_a_council_database_backed_up_dropped_and_restored_is_equal(
    tmp_path: Path, fresh_postgres_database: tuple[str, str, str]
) -> None:
    url, name, admin = fresh_postgres_database
    env = production_environment(tmp_path, url)
    missinghub("migrate", "--noinput", env=env)
    synth = ["synth", "--scale", "council", "--seed", "1", "--out", str(tmp_path / "synth")]
    missinghub(*synth, "--load", env=env)
    photo = put_private_photo(tmp_path)
    before = fingerprints_of(url)
    assert before["episodes_episode"]["rows"] > 9000  # council scale: about 10,000 episodes
    assert before["children_child"]["rows"] > 3000

    missinghub("backup", str(tmp_path / "backup"), env=env)
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["tables"] == before
    assert set(manifest["files"]["private"]) == {"philomena/1/photo.png"}

    drop_database(admin, name)
    shutil.rmtree(tmp_path / "var" / "private")
    restored = missinghub("restore", str(tmp_path / "backup"), env=env)

    after = fingerprints_of(url)
    assert after == before, "every table's row count and checksum should be equal"
    assert photo.read_bytes() == PHOTO
    assert "every row count and checksum matches" in restored.stdout


def test_a_sqlite_database_round_trips_through_backup_and_restore(tmp_path: Path) -> None:
    database = tmp_path / "missinghub.sqlite3"
    env = production_environment(tmp_path, f"sqlite:///{database}")
    missinghub("migrate", "--noinput", env=env)
    synth = ["synth", "--scale", "council", "--episodes", "300", "--seed", "2"]
    missinghub(*synth, "--out", str(tmp_path / "synth"), "--load", env=env)
    put_private_photo(tmp_path)
    missinghub("backup", str(tmp_path / "backup"), env=env)
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    truth = (tmp_path / "synth" / "truth" / "episodes.csv").read_text().splitlines()
    assert manifest["tables"]["episodes_episode"]["rows"] == len(truth) - 1  # less the header

    database.unlink()
    shutil.rmtree(tmp_path / "var" / "private")
    restored = missinghub("restore", str(tmp_path / "backup"), env=env)
    assert "every row count and checksum matches" in restored.stdout
    again = missinghub("backup", str(tmp_path / "again"), env=env)
    assert again.returncode == 0
    second = json.loads((tmp_path / "again" / "manifest.json").read_text())
    assert second["tables"] == manifest["tables"]
    assert second["files"] == manifest["files"]
