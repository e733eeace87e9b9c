"""`missinghub import police|social-care|cme FILE --mapping MAPPING.yaml [--json]`."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import MofNCompleteColumn, Progress, TimeRemainingColumn

from missinghub.imports.fields import FileKind
from missinghub.imports.mapping import MappingError, load_mapping
from missinghub.imports.reader import UnreadableFile
from missinghub.imports.rejections import write_rejections
from missinghub.imports.runner import BATCH_SIZE, ImportRefused, prepare, run_import


class Command(BaseCommand):
    help = (
        "Import an agency's CSV or .xlsx file with a mapping (docs/imports.md). Safe to run "
        "again: nothing is duplicated, and an interrupted import resumes."
    )
    # System checks load every URLconf (and with them PDF and chart libraries): seconds that a
    # scheduled import does not need. `missinghub check` runs them.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=[kind.value for kind in FileKind])
        parser.add_argument("file", type=Path)
        parser.add_argument("--mapping", type=Path, required=True)
        parser.add_argument("--json", action="store_true", help="Print one JSON summary only.")
        parser.add_argument(
            "--errors-file",
            type=Path,
            help="Where to write the rejected rows (default: FILE's name + .errors.csv, "
            "beside FILE).",
        )
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
        parser.add_argument(
            "--without-linkage",
            action="store_true",
            help="Match children by the file's identifiers alone, without linkage at the door "
            "(nothing is sent for review): only to measure what linkage costs (bench).",
        )
        parser.add_argument(
            "--no-apply-protocol",
            dest="apply_protocol",
            action="store_false",
            help="Do not apply the area protocol to recent episodes (reported or returned in "
            "the last 7 days), for example when loading history.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1")
        try:
            mapping = load_mapping(Path(options["mapping"]))
            plan = prepare(path, mapping, FileKind(options["kind"]))
            plan.link = not options["without_linkage"]
        except (MappingError, ImportRefused, UnreadableFile, OSError) as error:
            raise CommandError(str(error)) from error
        console = Console(stderr=True, quiet=options["json"])
        with Progress(
            *Progress.get_default_columns()[:-1],
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=console,
            disable=options["json"],
        ) as bar:
            task = bar.add_task(f"Importing {path.name}", total=plan.total_rows)
            run = run_import(
                plan,
                actor=None,
                batch_size=options["batch_size"],
                apply_protocol=options["apply_protocol"],
                progress=lambda done, total: bar.update(task, completed=done),
            )
        errors = Path(options["errors_file"] or path.with_name(path.name + ".errors.csv"))
        write_rejections(run, errors)
        summary = {**run.summary, "errors_file": str(errors)}
        if options["json"]:
            self.stdout.write(json.dumps(summary))
            return
        console.quiet = False
        for name, value in summary.items():
            console.print(f"{name.replace('_', ' ')}: {value}")
