"""Must-show 2: SIGKILL the import part-way (twice), run it again: every episode once.

The import runs as a real `missinghub import` process against its own database (a fresh SQLite
file, or a fresh PostgreSQL database when DATABASE_URL names PostgreSQL), so nothing the test
process holds can hide a lost or doubled row.
"""

import csv
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlunsplit

import pytest
from django.conf import settings

from missinghub.imports.tests.conftest import MAPPINGS

MISSINGHUB = [sys.executable, "-m", "missinghub.cli"]
pytestmark = pytest.mark.slow


class Database:
    def __init__(self, url: str, sqlite_file: Path | None = None) -> None:
        self.url = url
        self.sqlite_file = sqlite_file

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        if self.sqlite_file is not None:
            with sqlite3.connect(self.sqlite_file, timeout=30) as db:
                return db.execute(sql).fetchall()
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as connection:
            return list(connection.execute(sql).fetchall())


@pytest.fixture
def crash_db(tmp_path: Path) -> Iterator[Database]:
    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine:
        path = tmp_path / "crash.sqlite3"
        yield Database(f"sqlite:///{path}", path)
        return
    import psycopg

    server = settings.DATABASES["default"]
    name = f"test_imports_crash_{os.getpid()}"
    netloc = f"{server['USER']}@{server['HOST']}:{server['PORT']}"
    admin = urlunsplit(("postgresql", netloc, "/postgres", "", ""))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    yield Database(urlunsplit(("postgresql", netloc, f"/{name}", "", "")))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _env(db: Database, home: Path, pause: str = "0") -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "missinghub.settings.demo",
        "DATABASE_URL": db.url,
        "MISSINGHUB_HOME": str(home),
        "MISSINGHUB_IMPORT_BATCH_PAUSE": pause,
        "PYTHONUNBUFFERED": "1",
    }


def _import_command(extract: Path, errors: Path) -> list[str]:
    mapping = str(MAPPINGS / "synthetic-police.yaml")
    options = ["--mapping", mapping, "--json", "--batch-size=400", f"--errors-file={errors}"]
    return [*MISSINGHUB, "import", "police", str(extract), *options]


def _kill_after(db: Database, env: dict[str, str], command: list[str], batches: int) -> None:
    """Start the import; SIGKILL it once `batches` more batches are committed (or, with
    batches=0, a moment after it starts writing, likely inside a batch's transaction)."""
    before = db.query("SELECT COUNT(*) FROM imports_importbatch")[0][0]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)  # noqa: S603
    deadline = time.monotonic() + 300
    try:
        while time.monotonic() < deadline and process.poll() is None:
            done = db.query("SELECT COUNT(*) FROM imports_importbatch")[0][0] - before
            if done >= max(batches, 1):
                if batches == 0:
                    time.sleep(0.15)
                break
            time.sleep(0.05)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    assert process.returncode == -signal.SIGKILL, "the import finished before it was killed"


def test_killed_import_run_again_holds_each_episode_once(
    council: Path, crash_db: Database, tmp_path: Path
) -> None:
    env = _env(crash_db, tmp_path)
    setup = "from missinghub.accounts.demo import ensure_demo_agencies; ensure_demo_agencies()"
    for step in (["migrate", "-v0"], ["shell", "-c", setup]):
        subprocess.run([*MISSINGHUB, *step], env=env, check=True, capture_output=True)  # noqa: S603
    extract, errors = council / "police_extract.csv", tmp_path / "errors.csv"
    command = _import_command(extract, errors)
    _kill_after(crash_db, _env(crash_db, tmp_path, pause="0.3"), command, batches=3)
    committed = crash_db.query("SELECT COUNT(*) FROM episodes_episode")[0][0]
    assert 0 < committed < 9000
    _kill_after(crash_db, env, command, batches=0)
    finished = subprocess.run(command, env=env, check=True, capture_output=True, text=True)  # noqa: S603
    summary = json.loads(finished.stdout)
    _check_each_episode_once(crash_db, extract, errors, summary)


def _check_each_episode_once(
    db: Database, extract: Path, errors: Path, summary: dict[str, int]
) -> None:
    with extract.open(newline="", encoding="utf-8") as handle:
        lines = {n: row["Occurrence Ref"] for n, row in enumerate(csv.DictReader(handle), 2)}
    with errors.open(newline="", encoding="utf-8") as handle:
        rejected = {int(row["line"]) for row in csv.DictReader(handle)}
    expected = {ref for line, ref in lines.items() if line not in rejected}
    stored = [ref for (ref,) in db.query("SELECT source_reference FROM episodes_episode")]
    assert len(stored) == len(set(stored)) == len(expected) > 9000
    assert set(stored) == expected
    assert summary["rows_read"] == len(lines)
    parts = ("created", "updated", "unchanged", "rejected", "superseded", "sent_for_review")
    assert sum(summary[name] for name in parts) == len(lines)
    children = db.query("SELECT COUNT(*) FROM children_child")[0][0]
    identifiers = db.query("SELECT COUNT(DISTINCT value) FROM children_childidentifier")[0][0]
    assert children == identifiers == summary["children_created"]
    gradings = db.query("SELECT COUNT(DISTINCT episode_id), COUNT(*) FROM episodes_riskgrading")
    assert gradings == [(len(expected), len(expected))]
    runs = db.query("SELECT status FROM imports_importrun")
    assert runs == [("finished",)]  # both interrupted attempts were one run, resumed
