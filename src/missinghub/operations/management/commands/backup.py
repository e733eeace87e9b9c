"""`missinghub backup DIR`: database, uploaded files and a manifest to check them by."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from missinghub.operations.backup import make_backup


class Command(BaseCommand):
    help = (
        "Back up the database (PostgreSQL: pg_dump -Fc of one snapshot) and the uploaded files "
        "into DIR, with manifest.json of every table's rows and checksum and every file's SHA-256."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, help="a new or empty folder")

    def handle(self, *args: Any, directory: Path, **options: Any) -> None:
        manifest = make_backup(directory)
        rows = sum(table["rows"] for table in manifest["tables"].values())
        files = sum(len(area) for area in manifest["files"].values())
        self.stdout.write(
            f"Backed up {len(manifest['tables'])} tables ({rows} rows) and {files} files "
            f"to {directory} (MissingHub {manifest['app_version']})."
        )
