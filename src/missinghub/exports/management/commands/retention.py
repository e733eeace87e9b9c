"""`missinghub retention [--dry-run]`: apply the retention schedule now."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from missinghub.retention.services import apply_retention


class Command(BaseCommand):
    help = "Delete or anonymise records past the retention schedule (see docs/security.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would go; change nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = apply_retention(dry_run=options["dry_run"])
        verb = "Would remove" if result.dry_run else "Removed"
        self.stdout.write(
            f"{verb} the records of {result.children_expired} children "
            f"({sum(result.rows.values())} rows) and {result.notifications_expired} old "
            f"notifications; {result.children_failed} children could not be removed; "
            f"{result.audit_events_past_keep} audit events are past their keep date (kept)."
        )
        self.stdout.write(json.dumps(result.counts(), sort_keys=True))
