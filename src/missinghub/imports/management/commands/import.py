"""`missinghub import police|social-care|cme FILE --mapping MAPPING.yaml [--json]`, and
`missinghub import ssda903 FOLDER --mapping mappings/ssda903.yaml` (the DfE return's tables)."""

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
from missinghub.imports.ssda903 import import_ssda903, write_faults
from missinghub.imports.ssda903_mapping import KIND as SSDA903
from missinghub.imports.ssda903_mapping import load_ssda903_mapping


class Command(BaseCommand):
    help = (
        "Import an agency's CSV or .xlsx file with a mapping (docs/imports.md). Safe to run "
        "again: nothing is duplicated, and an interrupted import resumes."
    )
    # System checks load every URLconf (and with them PDF and chart libraries): seconds that a
    # scheduled import does not need. `missinghub check` runs them.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=[*(kind.value for kind in FileKind), SSDA903])
        parser.add_argument("file", type=Path, help="The file (the folder, for ssda903).")
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
        if options["kind"] == SSDA903:
            self._return(path, options)
            return
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

    def _return(self, folder: Path, options: dict[str, Any]) -> None:
        """The SSDA903 tables in FOLDER: one run, one transaction (docs/imports.md)."""
        try:
            mapping = load_ssda903_mapping(Path(options["mapping"]))
            imported = import_ssda903(
                folder, mapping, actor=None, apply_protocol=options["apply_protocol"]
            )
        except (MappingError, ImportRefused, UnreadableFile, OSError) as error:
            raise CommandError(str(error)) from error
        errors = Path(options["errors_file"] or folder / "errors.csv")
        write_faults(imported.faults, errors)
        summary = {**imported.run.summary, "errors_file": str(errors)}
        if options["json"]:
            self.stdout.write(json.dumps(summary))
            return
        for name, value in summary.items():
            self.stdout.write(f"{name.replace('_', ' ')}: {value}")
