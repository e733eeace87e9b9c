"""`missinghub restore DIR`: refuse a damaged or mismatched backup; restore and re-verify."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from missinghub.operations.restore import restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `missinghub backup` into an empty database and empty file "
        "folders. Refuses a damaged backup or one from another version, saying why; afterwards "
        "checks every table's rows and checksum and every file against the manifest."
    )
    requires_system_checks: list[str] = []  # the database may not exist yet

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, help="the folder `missinghub backup` wrote")

    def handle(self, *args: Any, directory: Path, **options: Any) -> None:
        manifest = restore_backup(directory)
        rows = sum(table["rows"] for table in manifest["tables"].values())
        self.stdout.write(
            f"Restored {len(manifest['tables'])} tables ({rows} rows) and their files from "
            f"{directory}; every row count and checksum matches the backup."
        )
