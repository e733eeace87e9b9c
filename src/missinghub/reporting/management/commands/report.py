"""`missinghub report published|demand|service|outcomes --from DATE --to DATE --format ...`."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from missinghub.reporting.render import document_html, document_pdf
from missinghub.reporting.report import KINDS, Report
from missinghub.reporting.services import build_report, record_report_produced
from missinghub_analytics.frames import Period

FORMATS = ("html", "pdf", "json", "csv")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"not a date (YYYY-MM-DD): {text!r}") from error


class Command(BaseCommand):
    help = (
        "Produce a report from the records for a period of local (UK) dates, both inclusive: "
        "published (the 'N episodes by M young people' table and CME referrals), demand "
        "(durations, time of day, repeat concentration, bursts), service (return interviews, "
        "contact, referrals, panels) or outcomes (going missing again after an intervention or "
        "a protocol change). Children appear only as pseudonyms. See docs/reports.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=KINDS)
        parser.add_argument("--from", dest="first", required=True, type=_date)
        parser.add_argument("--to", dest="last", required=True, type=_date)
        parser.add_argument("--format", dest="output", choices=FORMATS, default="json")
        parser.add_argument(
            "--out", type=Path, help="Write to this file (default: standard output)."
        )
        parser.add_argument(
            "--area",
            help="published only: the council whose figures (episodes it is responsible for, "
            "CME referrals of its children); default every episode.",
        )
        parser.add_argument(
            "--change-date",
            type=_date,
            help="outcomes only: the date a protocol change took effect (before/after comparison).",
        )

    def handle(self, *args: object, **options: object) -> None:
        first, last = options["first"], options["last"]
        assert isinstance(first, dt.date) and isinstance(last, dt.date)  # noqa: S101
        if last < first:
            raise CommandError("--to is before --from")
        change = options.get("change_date")
        try:
            report = build_report(
                kind=str(options["kind"]),
                period=Period(first, last),
                change_date=change if isinstance(change, dt.date) else None,
                area=str(options["area"]) if options.get("area") else None,
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        output = str(options["output"])
        self._write(_render(report, output), options.get("out"))
        record_report_produced(user=None, report=report, output=output)

    def _write(self, content: str | bytes, out: object) -> None:
        if isinstance(out, Path):
            out.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
            self.stderr.write(f"Wrote {out}")
        elif isinstance(content, bytes):
            sys.stdout.buffer.write(content)
        else:
            self.stdout.write(content.rstrip("\n"))


def _render(report: Report, output: str) -> str | bytes:
    if output == "json":
        return report.to_json()
    if output == "csv":
        return report.to_csv()
    if output == "html":
        return document_html(report)
    return document_pdf(report)
