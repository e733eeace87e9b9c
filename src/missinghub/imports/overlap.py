"""PostgreSQL police imports: decide the next batch while the database commits this one.

Committing a batch is the server's work: it checks every foreign key the batch's rows hold
(Django's constraints are checked at commit: an episode's child and agency, a grading's
episode, a notification's child, episode and both agencies, an identifier's child and agency)
and flushes the log. At 1,000,000 rows on this machine that is 28 s of a 105 s import, with
the importing process waiting. Deciding a batch (which rows create, change or leave alone which
episodes, and the episode rows to write) is the importer's own work and needs no database. So
the two run side by side, on the one connection:

    transaction N:  write batch N, its ledger row and audit event; look up batch N+1
    commit N        while a thread decides batch N+1 (psycopg lets go of the interpreter
                    while it waits for the server, which is when the thread runs)
    transaction N+1: write batch N+1 ... look up batch N+2, and so on

Batch N+1 is looked up inside transaction N, after batch N is written, so it sees batch N's
episodes and children exactly as the one-transaction-per-batch path does: the same occurrence
in two batches is still one episode, and the counts are the same (tests/test_overlap.py). New
children and episodes get their ids from the sequences at look-up and are written in their own
batch's transaction, with its ledger row, so a crash still leaves whole batches or nothing (a
crash loses only reserved ids, as a rolled-back insert does).

A second connection, looking up batch N+1 while batch N is written and committed, was tried and
measured slower here (104 s against 98 s at 1,000,000 rows): on 2 cores the importer's threads
and the server's two backends then compete for the same cores and for the interpreter.
SQLite, an import inside a caller's transaction (tests) and the other kinds keep the plain
path in `runner`: look up, decide and write in one transaction per batch.
"""

import sys
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor

from django.db import connection, transaction

from missinghub.episodes.intake import take_reports
from missinghub.imports.batch import Batch, Counts
from missinghub.imports.fields import FileKind
from missinghub.imports.police import PoliceBatchWriter

SWITCH_INTERVAL = 0.0005  # seconds: hand the interpreter back promptly to a thread woken by I/O


def overlaps(kind: FileKind) -> bool:
    return (
        kind == FileKind.POLICE
        and connection.vendor == "postgresql"
        and not connection.in_atomic_block
    )


def write_overlapped(
    batches: Iterable[Batch],
    *,
    seen: set[int],
    record: Callable[[Batch, list[int]], None],
    committed: Callable[[Counts], None],
) -> None:
    """Write the batches in order, one transaction each; `committed` after each commit.

    `record(batch, touched)` adds the batch's protocol tasks, rejections, ledger row and audit
    event inside its transaction.
    """
    interval = sys.getswitchinterval()
    sys.setswitchinterval(SWITCH_INTERVAL)
    deciding = ThreadPoolExecutor(1, thread_name_prefix="import-decide")
    try:
        waiting: PoliceBatchWriter | None = None
        for batch in batches:
            writer = PoliceBatchWriter(batch, seen)
            if waiting is None:
                with transaction.atomic():
                    writer.look_up(later=True)
                writer.decide()
            else:
                _write_and_look_up(waiting, writer, record, deciding)
                committed(waiting.batch.counts)
            waiting = writer
        if waiting is not None:
            with transaction.atomic():
                record(waiting.batch, take_reports(waiting))
            committed(waiting.batch.counts)
    finally:
        deciding.shutdown()
        sys.setswitchinterval(interval)


def _write_and_look_up(
    writer: PoliceBatchWriter,
    following: PoliceBatchWriter,
    record: Callable[[Batch, list[int]], None],
    deciding: ThreadPoolExecutor,
) -> None:
    decided: Future[None] | None = None
    try:
        with transaction.atomic():
            record(writer.batch, take_reports(writer))
            following.look_up(later=True)
            decided = deciding.submit(following.decide)
        # Leaving the block committed batch N while the thread decided batch N+1.
    finally:
        if decided is not None:
            decided.result()  # waits; raises what `decide` raised
