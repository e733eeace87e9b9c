"""`missinghub backup DIR`: the database and the uploaded files, with a manifest to check them by.

PostgreSQL: `pg_dump -Fc` of one snapshot, and every table's rows and checksum read in that same
snapshot, so the manifest describes exactly what is in the dump even while people work.
SQLite: a copy through SQLite's online backup API, fingerprinted from the copy.
Files: `MEDIA_ROOT` and `PRIVATE_MEDIA_ROOT` (photos for Philomena Protocol profiles ...) are
copied with each file's SHA-256. `manifest.json` also records the app version and the applied
migrations, so `missinghub restore` can refuse a backup that does not fit (see restore.py).
"""

import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection

from missinghub.operations import fingerprints

FORMAT = "missinghub-backup/1"
MANIFEST = "manifest.json"
POSTGRES_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
FILE_AREAS = ("media", "private")


def app_version() -> str:
    return version("missinghub")


def file_roots() -> dict[str, Path]:
    """Where uploaded files live: public media and private media (never served directly)."""
    media = Path(getattr(settings, "MEDIA_ROOT", "") or settings.VAR_DIR / "media")
    private = Path(getattr(settings, "PRIVATE_MEDIA_ROOT", "") or settings.VAR_DIR / "private")
    return {"media": media, "private": private}


def libpq_environment() -> dict[str, str]:
    """The connection for pg_dump / pg_restore as libpq variables (no password on a command
    line, where `ps` would show it)."""
    params = connection.get_connection_params()
    names = {"host": "PGHOST", "port": "PGPORT", "user": "PGUSER", "password": "PGPASSWORD"}
    names |= {"dbname": "PGDATABASE", "sslmode": "PGSSLMODE"}
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env |= {names[key]: str(value) for key, value in params.items() if key in names and value}
    return env


def postgres_tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise CommandError(f"{name} is not installed: install the PostgreSQL client programs.")
    return found


def run_tool(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise CommandError(f"{Path(command[0]).name} failed: {result.stderr.strip()[-2000:]}")


def applied_migrations(cursor: fingerprints.Cursor) -> list[str]:
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    return [f"{app}.{name}" for app, name in cursor.fetchall()]


@dataclass
class DatabaseCopy:
    manifest: dict[str, Any]
    tables: dict[str, dict[str, Any]]
    migrations: list[str]


def copy_postgres(directory: Path) -> DatabaseCopy:
    import psycopg

    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    dump = directory / POSTGRES_DUMP
    with psycopg.connect(**params) as snapshot_holder:
        snapshot_holder.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        snapshot_holder.read_only = True
        with snapshot_holder.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version_num')")
            snapshot, server_version = cursor.fetchone() or ("", "")
            command = [postgres_tool("pg_dump"), "-Fc", "--no-owner", "--no-privileges"]
            run_tool([*command, f"--snapshot={snapshot}", "-f", str(dump)], libpq_environment())
            tables = fingerprints.postgres_fingerprints(cursor)
            migrations = applied_migrations(cursor)
    database = {"vendor": "postgresql", "server_version": int(server_version)}
    return DatabaseCopy(database | _file_entry(dump), tables, migrations)


def copy_sqlite(directory: Path) -> DatabaseCopy:
    copy = directory / SQLITE_COPY
    connection.ensure_connection()
    target = sqlite3.connect(copy)
    try:
        connection.connection.backup(target)
    finally:
        target.close()
    reader = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
    try:
        tables = fingerprints.sqlite_fingerprints(reader.cursor())
        migrations = applied_migrations(reader.cursor())
    finally:
        reader.close()
    database = {"vendor": "sqlite", "server_version": sqlite3.sqlite_version}
    return DatabaseCopy(database | _file_entry(copy), tables, migrations)


def _file_entry(path: Path) -> dict[str, Any]:
    return {"file": path.name, **fingerprints.file_fingerprint(path)}


def copy_files(directory: Path) -> dict[str, dict[str, dict[str, Any]]]:
    copied = {}
    for area, root in file_roots().items():
        if root.is_dir():
            shutil.copytree(root, directory / "files" / area)
        copied[area] = fingerprints.folder_fingerprints(directory / "files" / area)
    return copied


def prepare_directory(directory: Path) -> None:
    if directory.exists() and any(directory.iterdir()):
        raise CommandError(f"{directory} is not empty: back up into a new or empty folder.")
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    directory.chmod(0o700)  # the backup holds every child's record


def make_backup(directory: Path) -> dict[str, Any]:
    """Write the backup and its manifest into `directory` (new or empty); return the manifest."""
    prepare_directory(directory)
    if connection.vendor == "postgresql":
        database = copy_postgres(directory)
    elif connection.vendor == "sqlite":
        database = copy_sqlite(directory)
    else:
        raise CommandError(f"Backups of {connection.vendor} databases are not supported.")
    manifest = {
        "format": FORMAT,
        "app_version": app_version(),
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": database.manifest,
        "migrations": database.migrations,
        "tables": database.tables,
        "files": copy_files(directory),
    }
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return manifest
