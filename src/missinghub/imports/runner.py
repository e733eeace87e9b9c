"""Run one import: read, check, write in committed batches with a ledger, resume after a crash.

Batches are fixed runs of `batch_size` data rows. Each commits in one transaction with: the
episodes (or children, or staged referrals) it writes, its rejected rows, the `protocol_pending`
marks of its recent episodes (the worker applies the protocol), one audit event, and its
`ImportBatch` ledger row. A run interrupted at any moment left whole batches or nothing; the
next import of the same file with the same mapping resumes it, skipping committed batches.
"""

import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from django.db import transaction
from django.utils import timezone

from missinghub.accounts.models import Agency, User
from missinghub.audit.enums import AuditVerb
from missinghub.audit.services import record_event
from missinghub.episodes.models import Episode
from missinghub.imports.batch import Batch, Counts
from missinghub.imports.cme import CmeBatchWriter
from missinghub.imports.duplicates import LatestRows
from missinghub.imports.fields import FileKind
from missinghub.imports.limits import ImportLimits, ImportRefused, LimitExceeded
from missinghub.imports.mapping import Mapping
from missinghub.imports.models import (
    BatchStatus,
    ImportBatch,
    ImportRejection,
    ImportRun,
    RunStatus,
)
from missinghub.imports.overlap import overlaps, write_overlapped
from missinghub.imports.persons import PersonBook
from missinghub.imports.pipeline import ReadBatch, read_batches
from missinghub.imports.police import PoliceBatchWriter
from missinghub.imports.reader import FileFacts, inspect_file, read_rows
from missinghub.imports.rows import RowParser
from missinghub.imports.social_care import SocialCareBatchWriter
from missinghub.imports.statistics import refresh_planner_statistics

BATCH_SIZE = 5000
# Tests only: seconds to sleep after each committed batch, so a test can kill the process.
SLOW_ENV = "MISSINGHUB_IMPORT_BATCH_PAUSE"
Progress = Callable[[int, int], None]  # rows done, rows in the file


class Writer(Protocol):
    def write(self) -> list[int]: ...


WRITERS: dict[FileKind, Callable[[Batch, set[int]], Writer]] = {
    FileKind.POLICE: PoliceBatchWriter,
    FileKind.SOCIAL_CARE: SocialCareBatchWriter,
    FileKind.CME: CmeBatchWriter,
}


@dataclass
class Plan:
    path: Path
    mapping: Mapping
    agency: Agency
    facts: FileFacts
    parser: RowParser
    persons: PersonBook
    total_rows: int
    display_name: str = ""
    latest: LatestRows | None = None
    link: bool = True  # linkage at the door; off only to measure what it costs (docs/imports.md)
    seen_children: set[int] = field(default_factory=set)
    limits: ImportLimits = field(default_factory=ImportLimits.current)


def prepare(path: Path, mapping: Mapping, kind: FileKind, display_name: str = "") -> Plan:
    """Everything checked before a single row is written; the first pass over the file."""
    if mapping.kind != kind:
        raise ImportRefused(f"the mapping is for a {mapping.kind} file, not {kind}")
    agency = _checked_agency(mapping)
    limits = ImportLimits.current()
    facts, parser, header, rows = _open_checked(path, mapping)
    persons, latest = PersonBook(parser), LatestRows(mapping)
    total = 0
    for line, source in rows:
        persons.add(source)
        latest.add(line, source)
        total += 1
        limits.check_size(total, len(header))
        if total % 1000 == 0:
            limits.check_time()
    name = display_name or path.name
    plan = Plan(path, mapping, agency, facts, parser, persons, total, name)
    plan.latest, plan.limits = latest, limits
    return plan


def _checked_agency(mapping: Mapping) -> Agency:
    """The mapping's agency, once the mapping may write its records."""
    agency = Agency.objects.filter(name=mapping.agency_name).first()
    if agency is None:
        raise ImportRefused(f"the mapping's agency {mapping.agency_name!r} does not exist")
    _check_source_system(mapping, agency)
    known = set(Agency.objects.filter(name__in=mapping.notify).values_list("name", flat=True))
    if set(mapping.notify) - known:
        unknown = ", ".join(sorted(set(mapping.notify) - known))
        raise ImportRefused(f"the mapping's notify list names no such agency: {unknown}")
    return agency


def check_file(path: Path, mapping: Mapping) -> Agency:
    """Refuse at once what `prepare` would refuse before parsing a row: the mapping's agency and
    source system, a file that cannot be read, lacks a column the mapping names or passes the
    size bounds (the upload page, before the file is queued for the worker; reading a file of
    the page's largest size takes a second or two). Answers the mapping's agency."""
    agency, limits = _checked_agency(mapping), ImportLimits.current()
    _, _, header, rows = _open_checked(path, mapping)
    for total, _ in enumerate(rows, start=1):  # read, not parsed: a broken file fails here
        limits.check_size(total, len(header))
    return agency


def _open_checked(
    path: Path, mapping: Mapping
) -> tuple[FileFacts, RowParser, list[str], Iterable[tuple[int, dict[str, str]]]]:
    facts = inspect_file(path)
    parser = RowParser(mapping)
    header, rows = read_rows(path, facts, mapping.sheets)
    missing = parser.missing_columns(header)
    if missing:
        raise ImportRefused(f"the file has no column {', '.join(map(repr, missing))}")
    return facts, parser, header, rows


def _check_source_system(mapping: Mapping, agency: Agency) -> None:
    """Episodes are keyed by (source system, reference): a mapping may not reuse another
    agency's source system, or its rows would update that agency's episodes."""
    if not mapping.source_system:
        return
    others = Episode.objects.filter(source_system=mapping.source_system).exclude(
        reporting_agency=agency
    )
    if others.exists():
        raise ImportRefused(
            f"the mapping's source system {mapping.source_system!r} holds episodes of another "
            "agency"
        )


def _find_or_start_run(
    plan: Plan, actor: User | None, batch_size: int, protocol: bool, queued: ImportRun | None
) -> ImportRun:
    """The run to write: a web upload's queued run, else an unfinished run of the same file and
    mapping (resumed), else a new one."""
    fields = {
        "kind": plan.mapping.kind,
        "file_name": plan.display_name[:255],
        "file_sha256": plan.facts.digest,
        "mapping_name": plan.mapping.name[:255],
        "mapping_sha256": plan.mapping.digest,
        "agency": plan.agency,
        "batch_size": batch_size,
        "apply_protocol": protocol,
        "rows_total": plan.total_rows,
    }
    if queued is not None:
        for name, value in {**fields, "status": RunStatus.RUNNING}.items():
            setattr(queued, name, value)
        queued.save()
        return queued
    unfinished = ImportRun.objects.filter(
        kind=plan.mapping.kind,
        file_sha256=plan.facts.digest,
        mapping_sha256=plan.mapping.digest,
        status=RunStatus.RUNNING,
    ).first()
    if unfinished is not None:
        return unfinished
    started_by = actor if actor is not None and actor.pk else None
    return ImportRun.objects.create(started_by=started_by, **fields)


def run_import(
    plan: Plan,
    *,
    actor: User | None,
    batch_size: int = BATCH_SIZE,
    apply_protocol: bool = True,
    progress: Progress | None = None,
    queued: ImportRun | None = None,
) -> ImportRun:
    """Import the planned file; returns the finished run (its `summary` holds the counts).
    `queued`: the run a web upload made, which the worker now carries out."""
    run = _find_or_start_run(plan, actor, batch_size, apply_protocol, queued)
    record_event(
        verb=AuditVerb.IMPORT_STARTED,
        actor=actor,
        target=run,
        detail={"kind": run.kind, "rows": plan.total_rows, "agency_id": plan.agency.pk},
    )
    done = {b.number: b.counts for b in ImportBatch.objects.filter(run=run)}
    totals, pause = Counts(), float(os.environ.get(SLOW_ENV, "0") or 0)

    def committed(counts: Counts | dict[str, int], written: bool = True) -> None:
        """After each batch; one `written` by this run refreshes statistics (and pauses, tests)."""
        totals.add(counts)
        plan.limits.check_rejected(totals.rejected)
        plan.limits.check_time()
        if written:
            refresh_planner_statistics()
            if pause:
                time.sleep(pause)
        # For the upload page's progress bar (one indexed update a batch).
        ImportRun.objects.filter(pk=run.pk).update(rows_done=totals.rows_read)
        if progress is not None:
            progress(totals.rows_read, plan.total_rows)

    def to_write() -> Iterator[ReadBatch]:
        for read in read_batches(plan.path, plan.facts, plan.mapping, run.batch_size, set(done)):
            if read.number in done:
                committed(done[read.number], written=False)
            else:
                yield read

    try:
        if overlaps(plan.mapping.kind):
            write_overlapped(
                (new_batch(plan, run, actor, read) for read in to_write()),
                seen=plan.seen_children,
                record=lambda batch, touched: _record_batch(run, actor, batch, touched),
                committed=committed,
            )
        else:
            for read in to_write():
                committed(_commit_batch(plan, run, actor, read))
    except LimitExceeded as error:
        fail_run(run, actor, str(error), totals.as_dict())
        raise
    return _finish(run, actor, totals)


def new_batch(plan: Plan, run: ImportRun, actor: User | None, read: ReadBatch) -> Batch:
    batch = Batch(
        run, plan.mapping, plan.agency, actor, plan.persons, run.apply_protocol, read.rows
    )
    batch.counts.rows_read, batch.latest, batch.link = read.size, plan.latest, plan.link
    batch.number, batch.lines = read.number, (read.first_line, read.last_line)
    return batch


def _commit_batch(plan: Plan, run: ImportRun, actor: User | None, read: ReadBatch) -> Counts:
    batch = new_batch(plan, run, actor, read)
    with transaction.atomic():
        touched = WRITERS[plan.mapping.kind](batch, plan.seen_children).write()
        _record_batch(run, actor, batch, touched)
    return batch.counts


def _record_batch(run: ImportRun, actor: User | None, batch: Batch, touched: list[int]) -> None:
    """In the batch's transaction: rejected rows, ledger row, audit event. (The intake marked
    the batch's recent episodes `protocol_pending`: the worker applies the area protocol.)"""
    _store_rejections(run, batch)
    first_line, last_line = batch.lines
    ledger = ImportBatch.objects.create(
        run=run,
        number=batch.number,
        first_line=first_line,
        last_line=last_line,
        file_sha256=run.file_sha256,
        status=BatchStatus.COMMITTED,
        counts=batch.counts.as_dict(),
    )
    record_event(
        verb=AuditVerb.IMPORT_BATCH_COMMITTED,
        actor=actor,
        target=ledger,
        detail={
            "run_id": run.pk,
            "number": batch.number,
            "lines": [first_line, last_line],
            **batch.counts.as_dict(),
            "updated_ids": batch.updated_ids,
        },
    )


def _store_rejections(run: ImportRun, batch: Batch) -> None:
    ImportRejection.objects.bulk_create(
        [
            ImportRejection(run=run, line=n, column=p.column[:255], value=p.value, reason=p.reason)
            for n, p in batch.rejected
        ],
        batch_size=1000,
    )


def fail_run(run: ImportRun, actor: User | None, message: str, summary: dict) -> None:
    """The run stops for good: what its committed batches wrote stays, the rest is not read."""
    run.status, run.message, run.finished_at = RunStatus.FAILED, message, timezone.now()
    run.summary = summary
    with transaction.atomic():
        run.save(update_fields=["status", "message", "finished_at", "summary"])
        record_event(
            verb=AuditVerb.IMPORT_FAILED, actor=actor, target=run, detail={"reason": message}
        )


def _finish(run: ImportRun, actor: User | None, totals: Counts) -> ImportRun:
    run.status = RunStatus.FINISHED
    run.finished_at = timezone.now()
    run.summary = totals.as_dict()
    with transaction.atomic():
        run.save(update_fields=["status", "finished_at", "summary"])
        record_event(verb=AuditVerb.IMPORT_FINISHED, actor=actor, target=run, detail=run.summary)
    return run
