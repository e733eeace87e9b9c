"""`missinghub restore DIR`: put a backup back, after proving it whole and made for this version.

Refuses, saying why, before touching anything: a missing or unreadable manifest; another app
version; other migrations than this version has; another database kind; a dump or file whose
size or SHA-256 differs (truncated or damaged); a dump pg_restore cannot read; a database or
file folder that is not empty. After restoring it fingerprints every table and file again and
fails unless all equal the manifest.
"""

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.db import DatabaseError, connection
from django.db.migrations.loader import MigrationLoader

from missinghub.operations import fingerprints
from missinghub.operations.backup import (
    FORMAT,
    MANIFEST,
    app_version,
    file_roots,
    libpq_environment,
    postgres_tool,
    run_tool,
)


class BackupRefused(CommandError):
    """The backup cannot be restored here; the message lists every reason."""


def read_manifest(directory: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((directory / MANIFEST).read_text())
    except FileNotFoundError as error:
        raise BackupRefused(f"{directory} holds no {MANIFEST}: it is not a backup.") from error
    except (ValueError, UnicodeDecodeError) as error:
        raise BackupRefused(f"{MANIFEST} is damaged (not readable JSON).") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupRefused(f"{MANIFEST} is not a MissingHub backup manifest ({FORMAT}).")
    return manifest


def code_migrations() -> set[str]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return {f"{app}.{name}" for app, name in loader.disk_migrations}


def version_problems(manifest: dict[str, Any]) -> list[str]:
    problems = []
    if manifest.get("app_version") != app_version():
        problems.append(
            f"the backup was made by MissingHub {manifest.get('app_version')}, this is "
            f"{app_version()}: restore it with {manifest.get('app_version')}, then upgrade."
        )
    in_backup = set(manifest.get("migrations", []))
    newer, older = sorted(in_backup - code_migrations()), sorted(code_migrations() - in_backup)
    if newer:
        problems.append(f"the backup's schema has migrations this version lacks: {newer[:5]}")
    if older:
        problems.append(f"the backup's schema lacks migrations of this version: {older[:5]}")
    vendor = manifest.get("database", {}).get("vendor")
    if vendor != connection.vendor:
        problems.append(f"the backup is of a {vendor} database, this one is {connection.vendor}")
    return problems


def file_problems(path: Path, expected: dict[str, Any], label: str) -> list[str]:
    if not path.is_file():
        return [f"{label} is missing from the backup."]
    size = path.stat().st_size
    if size < expected.get("bytes", 0):
        return [f"{label} is truncated: {size} of {expected['bytes']} bytes."]
    found = fingerprints.file_fingerprint(path)
    if found != {"bytes": expected.get("bytes"), "sha256": expected.get("sha256")}:
        return [f"{label} is damaged: its size or SHA-256 differs from the manifest."]
    return []


def content_problems(directory: Path, manifest: dict[str, Any]) -> list[str]:
    database = manifest.get("database", {})
    dump = directory / str(database.get("file", ""))
    problems = file_problems(dump, database, f"the database copy {database.get('file')}")
    if not problems and database.get("vendor") == "postgresql":
        try:
            run_tool([postgres_tool("pg_restore"), "--list", str(dump)], libpq_environment())
        except CommandError as error:
            problems.append(f"the database dump cannot be read: {error}")
    for area, files in manifest.get("files", {}).items():
        for name, expected in files.items():
            path = directory / "files" / area / name
            problems += file_problems(path, expected, f"the file {area}/{name}")
    return problems


def target_problems() -> list[str]:
    problems = []
    try:
        tables = connection.introspection.table_names()
    except DatabaseError:
        tables = []  # no database yet: restore creates it
    if tables:
        problems.append(
            f"the database already holds {len(tables)} tables: restore only into an empty "
            "database (see docs/operations.md, 'Restore')."
        )
    for area, root in file_roots().items():
        if root.is_dir() and any(root.iterdir()):
            problems.append(f"the {area} file folder {root} is not empty.")
    return problems


def refusals(directory: Path) -> list[str]:
    """Every reason not to restore this backup here; empty when it may be restored."""
    manifest = read_manifest(directory)
    return version_problems(manifest) + content_problems(directory, manifest) + target_problems()


def create_database_if_missing() -> None:
    try:
        connection.ensure_connection()
        return
    except DatabaseError:
        if connection.vendor != "postgresql":
            raise
    name = connection.settings_dict["NAME"]
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"CREATE DATABASE {connection.ops.quote_name(name)}")


def restore_postgres(directory: Path, manifest: dict[str, Any]) -> None:
    create_database_if_missing()
    connection.close()
    dump = str(directory / manifest["database"]["file"])
    command = [postgres_tool("pg_restore"), "--exit-on-error", "--single-transaction"]
    command += ["--no-owner", "--no-privileges", "-d", connection.settings_dict["NAME"]]
    run_tool([*command, dump], libpq_environment())


def restore_sqlite(directory: Path, manifest: dict[str, Any]) -> None:
    connection.ensure_connection()
    source = sqlite3.connect(f"file:{directory / manifest['database']['file']}?mode=ro", uri=True)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def restore_files(directory: Path) -> None:
    for area, root in file_roots().items():
        source = directory / "files" / area
        if source.is_dir():
            shutil.copytree(source, root, dirs_exist_ok=True)


def live_fingerprints() -> dict[str, dict[str, Any]]:
    connection.close()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            return fingerprints.postgres_fingerprints(cursor)
    connection.ensure_connection()
    return fingerprints.sqlite_fingerprints(connection.connection.cursor())


def verify_restored(manifest: dict[str, Any]) -> list[str]:
    problems = fingerprints.differences(manifest["tables"], live_fingerprints())
    for area, root in file_roots().items():
        found = fingerprints.folder_fingerprints(root)
        expected = manifest.get("files", {}).get(area, {})
        problems += [f"{area}/{line}" for line in fingerprints.differences(expected, found)]
    return problems


def restore_backup(directory: Path) -> dict[str, Any]:
    """Check, restore, re-verify. Raises BackupRefused (nothing touched) or CommandError."""
    reasons = refusals(directory)
    if reasons:
        raise BackupRefused(
            "This backup cannot be restored here:\n" + "\n".join(f"  - {r}" for r in reasons)
        )
    manifest = read_manifest(directory)
    if connection.vendor == "postgresql":
        restore_postgres(directory, manifest)
    else:
        restore_sqlite(directory, manifest)
    restore_files(directory)
    problems = verify_restored(manifest)
    if problems:
        raise CommandError(
            "Restored, but the result differs from the backup:\n"
            + "\n".join(f"  - {problem}" for problem in problems[:50])
        )
    return manifest
