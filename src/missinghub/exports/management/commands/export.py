"""`missinghub export episodes|research|research-network|subject-access|ssda903 --user NAME ...`.

The same services as the pages: the named user's permission, scope and audit events apply.
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from missinghub.accounts.models import User
from missinghub.exports import selectors, services
from missinghub.exports.pseudonyms import PseudonymKeyMissing
from missinghub.exports.reasons import reason_problem
from missinghub.exports.ssda903 import export_ssda903
from missinghub.exports.subject_access import NotDataProtectionOfficer, subject_access_bundle


class Command(BaseCommand):
    help = "Write an export as the named user (their permission applies; it is audited)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "kind",
            choices=["episodes", "research", "research-network", "subject-access", "ssda903"],
        )
        parser.add_argument("--user", required=True, help="The username the export is made by.")
        parser.add_argument("--reason", required=True, help="Why: recorded in the audit trail.")
        parser.add_argument(
            "--out", required=True, type=Path, help="The file to write (ssda903: the folder)."
        )
        parser.add_argument("--months", type=int, default=None, help="Only the last N months.")
        parser.add_argument("--child", type=int, help="The child's number (subject-access).")
        parser.add_argument(
            "--year",
            type=int,
            help="ssda903: the collection year starting 1 April YYYY (2024: 2024 to 2025).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"No active user is called {options['user']!r}.")
        if len(options["reason"].strip()) < 5:
            raise CommandError("Give a reason of at least 5 characters.")
        problem = reason_problem(options["reason"])
        if options["kind"] != "subject-access" and problem is not None:
            raise CommandError(problem)  # an identifiable export's reason must say something
        if options["kind"] == "ssda903":
            self._return(user, options)
            return
        try:
            content, rows = self._export(user, options)
        except (services.ExportRefused, NotDataProtectionOfficer) as refused:
            raise CommandError(f"{user.username} may not make this export ({refused}).") from None
        except PseudonymKeyMissing as missing:
            raise CommandError(str(missing)) from None
        out: Path = options["out"]
        out.write_bytes(content)
        self.stdout.write(f"Wrote {out} ({rows} rows). The export is recorded in the audit trail.")

    def _export(self, user: User, options: dict[str, Any]) -> tuple[bytes, int]:
        kind, reason, months = options["kind"], options["reason"], options["months"]
        if kind == "subject-access":
            child = selectors.child_by_number(options["child"] or 0)
            if child is None:
                raise CommandError("Give --child with the number of an existing child.")
            _, content = subject_access_bundle(actor=user, child=child, reason=reason)
            return content, 1
        make = {
            "episodes": services.export_episodes,
            "research": services.export_research,
            "research-network": services.export_research_network,
        }[kind]
        export = make(actor=user, reason=reason, months=months)
        return export.content.encode("utf-8"), export.rows

    def _return(self, user: User, options: dict[str, Any]) -> None:
        if options["year"] is None:
            raise CommandError("Give --year YYYY: the collection year starting 1 April YYYY.")
        try:
            made = export_ssda903(
                actor=user, reason=options["reason"], year=options["year"], folder=options["out"]
            )
        except services.ExportRefused as refused:
            raise CommandError(f"{user.username} may not make this export ({refused}).") from None
        counts = ", ".join(f"{name} {rows} rows" for name, rows in made.rows.items())
        self.stdout.write(
            f"Wrote {made.folder}: {counts}. The export is recorded in the audit trail."
        )
