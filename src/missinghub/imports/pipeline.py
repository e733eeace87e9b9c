"""Read and check the next batches in a thread while the database writes the current one.

The thread only reads the file and turns rows into checked values (its own `RowParser`, so no
state is shared); every database write stays in the caller's thread, in the caller's
transactions, so batches commit exactly as before (the ledger, resuming, the counts). psycopg
releases the interpreter while it waits for PostgreSQL, which is when the thread runs.
"""

import queue
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from missinghub.imports.mapping import Mapping
from missinghub.imports.reader import FileFacts, Row, read_rows
from missinghub.imports.rows import ParsedRow, RowParser

AHEAD = 2  # batches read ahead of the one being written
_DONE = object()


@dataclass
class ReadBatch:
    number: int
    first_line: int
    last_line: int
    size: int  # data rows in the batch
    rows: list[ParsedRow]  # empty for a batch to skip (already committed)


def chunks(rows: Iterator[Row], size: int) -> Iterator[list[Row]]:
    while chunk := list(islice(rows, size)):
        yield chunk


def read_batches(
    path: Path, facts: FileFacts, mapping: Mapping, size: int, skip: set[int]
) -> Iterator[ReadBatch]:
    """The file's batches in order, each read and checked ahead in a thread."""
    out: queue.Queue[object] = queue.Queue(maxsize=AHEAD)
    stop = threading.Event()

    def hand_over(item: object) -> bool:
        while not stop.is_set():
            try:
                out.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def work() -> None:
        try:
            parser = RowParser(mapping)
            _, rows = read_rows(path, facts, mapping.sheets)
            try:
                for number, chunk in enumerate(chunks(rows, size)):
                    parsed = [] if number in skip else [parser.parse(*row) for row in chunk]
                    batch = ReadBatch(number, chunk[0][0], chunk[-1][0], len(chunk), parsed)
                    if not hand_over(batch):
                        return
            finally:
                close = getattr(rows, "close", None)
                if close is not None:
                    close()
            hand_over(_DONE)
        except BaseException as error:  # raised again in the caller's thread
            hand_over(error)

    thread = threading.Thread(target=work, name="import-reader", daemon=True)
    thread.start()
    try:
        while (item := out.get()) is not _DONE:
            if isinstance(item, BaseException):
                raise item
            assert isinstance(item, ReadBatch)  # noqa: S101
            yield item
    finally:
        stop.set()
        thread.join()
