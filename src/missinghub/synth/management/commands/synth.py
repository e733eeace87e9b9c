"""`missinghub synth`: generate a synthetic population, check its calibration, load it."""

import time
from datetime import date
from pathlib import Path
from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from missinghub.synth.calibration import run_checks
from missinghub.synth.parameters import (
    DEFAULT_END_DATE,
    FAULT_NAMES,
    FAULT_PROFILES,
    SCALES,
    SynthParameters,
)
from missinghub.synth.run import generate


def _end_date(text: str) -> date:
    return date.today() if text == "today" else date.fromisoformat(text)


class Command(BaseCommand):
    help = (
        "Generate a synthetic population of children who go missing (truth files and three "
        "faulty agency extracts) into --out; --check DIR compares a population with the "
        "published figures; --load also loads the TRUE population (children, placements, legal "
        "statuses, episodes, risk gradings, notifications, CME referrals, return interviews with "
        "their protocol tasks and contact attempts, screenings, interventions) into the database. "
        "See docs/synthetic-data.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), default="council")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--out", type=Path, help="Folder to write the files to.")
        parser.add_argument(
            "--end-date",
            type=_end_date,
            default=DEFAULT_END_DATE,
            help="The period ends at the start of this day (YYYY-MM-DD or 'today'); "
            f"default {DEFAULT_END_DATE.isoformat()}.",
        )
        parser.add_argument(
            "--episodes", type=int, help="Override the scale's number of episodes (small demos)."
        )
        parser.add_argument(
            "--faults",
            choices=sorted(FAULT_PROFILES),
            default="standard",
            help="The extracts' error profile: standard, or hard (OCR-like substitutions, one "
            "digit of a date of birth wrong, 20%% of dates of birth missing, family names "
            "changed, names swapped, initials only). --fault-rate adjusts either.",
        )
        parser.add_argument(
            "--fault-rate",
            action="append",
            default=[],
            metavar="NAME=RATE",
            help=f"Set one fault's rate (0-1); faults: {', '.join(FAULT_NAMES)}.",
        )
        parser.add_argument(
            "--load",
            action="store_true",
            help="Also load the true population, CME referrals and casework into the database "
            "given by DATABASE_URL. If a synthetic population is already loaded, nothing is "
            "loaded.",
        )
        parser.add_argument(
            "--check", type=Path, metavar="DIR", help="Check a generated folder; no generation."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        stream = cast(IO[str], self.stdout)
        width = None if self.stdout.isatty() else 160
        console = Console(file=stream, highlight=False, width=width)
        if options["check"] is not None:
            self._check(options["check"], console)
            return
        if options["out"] is None:
            raise CommandError("--out DIR is required (or --check DIR).")
        params = self._parameters(options)
        started = time.perf_counter()
        with Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        ) as bar:
            task = bar.add_task(f"Generating {params.scale.name} scale, seed {params.seed}")
            summary = generate(
                params,
                options["out"],
                lambda step: bar.update(task, description=f"Generating: {step}"),
            )
        console.print(
            f"Wrote {summary.children:,} children, {summary.episodes:,} episodes "
            f"({summary.open_episodes:,} open) and {summary.referrals:,} CME referrals to "
            f"{options['out']} in {time.perf_counter() - started:.1f} s."
        )
        if options["load"]:
            self._load(options["out"], console)

    def _parameters(self, options: dict[str, Any]) -> SynthParameters:
        scale = SCALES[options["scale"]]
        if options["episodes"] is not None:
            if options["episodes"] < 1:
                raise CommandError("--episodes must be at least 1.")
            scale = type(scale)(scale.name, options["episodes"], scale.years)
        params = SynthParameters(scale=scale, seed=options["seed"], end_date=options["end_date"])
        faults = FAULT_PROFILES[options.get("faults") or "standard"]
        for item in options["fault_rate"]:
            name, _, rate = item.partition("=")
            try:
                faults = faults.with_rate(name, float(rate))
            except ValueError as error:
                raise CommandError(f"--fault-rate {item}: {error}") from error
        return SynthParameters(
            scale=scale, seed=params.seed, end_date=params.end_date, faults=faults
        )

    def _check(self, folder: Path, console: Console) -> None:
        if not (folder / "truth" / "episodes.csv").exists():
            raise CommandError(f"{folder} has no truth/episodes.csv")
        checks = run_checks(folder)
        table = Table(title=f"Calibration of {folder}")
        for column in ("Check", "Target", "Generated", "Tolerance", "Result", "What it measures"):
            table.add_column(column)
        for check in checks:
            table.add_row(
                check.name,
                f"{check.target:.3f}",
                f"{check.value:.4f}",
                f"{check.low:.3f}-{check.high:.3f}",
                "pass" if check.passed else "FAIL",
                check.description,
            )
        console.print(table)
        failed = [check.name for check in checks if not check.passed]
        if failed:
            raise CommandError(f"Outside tolerance: {', '.join(failed)}")
        console.print(f"All {len(checks)} calibration checks pass.")

    def _load(self, folder: Path, console: Console) -> None:
        from missinghub.synth.loader import AlreadyLoaded, load_population

        started = time.perf_counter()
        try:
            counts = load_population(folder)
        except AlreadyLoaded as error:
            # `make demo` runs again on an existing database: say so, load nothing, succeed.
            self.stderr.write(f"{error} Nothing loaded.")
            return
        console.print(
            f"Loaded {counts.children:,} children, {counts.placements:,} placements, "
            f"{counts.legal_statuses:,} legal statuses, {counts.episodes:,} episodes "
            f"({counts.open_episodes:,} missing now), {counts.risk_gradings:,} risk gradings, "
            f"{counts.notifications:,} notifications, {counts.cme_referrals:,} CME referrals, "
            f"{counts.interview_tasks:,} return-interview tasks, {counts.interviews:,} interviews "
            f"({counts.contact_attempts:,} contact attempts), {counts.screenings:,} screenings and "
            f"{counts.interventions:,} interventions and {counts.pursue_links:,} links of concern "
            f"in {time.perf_counter() - started:.1f} s."
        )
