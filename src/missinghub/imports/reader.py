"""Read an agency's file as rows of text, whatever its encoding, delimiter or format.

CSV: the encoding is found by reading the whole file once (a byte-order mark says UTF-8 or
UTF-16; text whose every other byte is zero is UTF-16 without one; otherwise UTF-8 if every byte
decodes, else Windows-1252, else Latin-1) and the delimiter is sniffed from the first lines
(comma, semicolon, tab or bar). A quote left open runs the following lines into one field: such
a row is rejected, naming its column and the lines that ran together (`_runaway_quote`); a
field too long for the csv module refuses the file with its line. Excel `.xlsx`: the first
sheet, or the sheets a mapping names one after the other (each with its own header row, which
must hold the first sheet's columns); date cells become ISO dates, which the date reader accepts.
`line` is the row's number as a person would see it (the header is line 1); on a later sheet the
count goes on from the previous sheet's last row, so every line of the workbook has its own
number (docs/imports.md).
"""

import codecs
import contextlib
import csv
import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from missinghub.imports.limits import expanded_size_problem

CHUNK = 1 << 20
DELIMITERS = ",;\t|"
XLSX_MAGIC = b"PK\x03\x04"


class UnreadableFile(ValueError):
    """The file is not a CSV or .xlsx file we can read, or has no header row."""


@dataclass(frozen=True)
class FileFacts:
    digest: str
    encoding: str
    is_excel: bool


def inspect_file(path: Path) -> FileFacts:
    """SHA-256 of the bytes, and the text encoding (one pass over the file)."""
    digest = hashlib.sha256()
    utf8 = codecs.getincrementaldecoder("utf-8")()
    cp1252 = codecs.getincrementaldecoder("cp1252")()
    fits = {"utf-8": True, "cp1252": True}
    with path.open("rb") as handle:
        first = handle.read(4)
        handle.seek(0)
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            for name, decoder in (("utf-8", utf8), ("cp1252", cp1252)):
                if fits[name]:
                    try:
                        decoder.decode(chunk)
                    except UnicodeDecodeError:
                        fits[name] = False
    is_excel = first == XLSX_MAGIC
    encoding = _utf16(first) or (
        "utf-8-sig"
        if first.startswith(codecs.BOM_UTF8)
        else next((name for name, ok in fits.items() if ok), "latin-1")
    )
    return FileFacts(digest.hexdigest(), encoding, is_excel)


def _utf16(first: bytes) -> str | None:
    """UTF-16 (Excel's "Unicode text"): by its byte-order mark, or by the zero byte beside each
    Latin letter of a header written without one."""
    if first.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if len(first) == 4 and first[1] == first[3] == 0 and first[0] and first[2]:
        return "utf-16-le"
    if len(first) == 4 and first[0] == first[2] == 0 and first[1] and first[3]:
        return "utf-16-be"
    return None


Row = tuple[int, dict[str, str]]


def read_rows(
    path: Path, facts: FileFacts, sheets: Sequence[str] = ()
) -> tuple[list[str], Iterator[Row]]:
    """The header and an iterator of (line, {column: text}) for every data row."""
    if facts.is_excel:
        return _excel_rows(path, sheets)
    if sheets:
        raise UnreadableFile("the mapping names sheets of a workbook but the file is not .xlsx")
    return _csv_rows(path, facts.encoding)


def _csv_rows(path: Path, encoding: str) -> tuple[list[str], Iterator[Row]]:
    handle = path.open(newline="", encoding=encoding)
    sample = handle.read(64 * 1024)
    handle.seek(0)
    try:
        dialect: Any = csv.Sniffer().sniff(sample.split("\n", 20)[0], delimiters=DELIMITERS)
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(handle, dialect)
    with _csv_problems(reader):
        header = [name.strip() for name in next(reader, [])]
    if not any(header):
        handle.close()
        raise UnreadableFile("the file is empty or has no header row")

    def rows() -> Iterator[Row]:
        with handle, _csv_problems(reader):
            previous = reader.line_num
            for values in reader:
                start, end, previous = previous + 1, reader.line_num, reader.line_num
                if not "".join(values).strip():  # only blanks: not a row
                    continue
                broken = _runaway_quote(values, header, dialect.delimiter, start, end)
                if broken is not None:
                    yield start, broken
                else:
                    yield end, dict(zip(header, values, strict=False))

    return header, rows()


@contextlib.contextmanager
def _csv_problems(reader: Any) -> Iterator[None]:
    """The csv module's errors (a field longer than it reads, a NUL byte) as a refusal of the
    file naming the line, never a server error."""
    try:
        yield
    except csv.Error as error:
        line = max(reader.line_num, 1)
        if "field limit" in str(error):
            raise UnreadableFile(
                f"line {line}: a field is longer than {csv.field_size_limit():,} characters, "
                "far longer than any field MissingHub reads: check the file's quotes and "
                "delimiters"
            ) from error
        raise UnreadableFile(f"line {line}: {error}") from error


# The keys of a row the reader could not split (its one problem), read by `rows.RowParser`.
BROKEN_COLUMN, BROKEN_VALUE, BROKEN_REASON = "\0column", "\0value", "\0reason"


def _runaway_quote(
    values: list[str], header: list[str], delimiter: str, start: int, end: int
) -> dict[str, str] | None:
    """The problem of a row whose open quote swallowed the lines after it, or None.

    A field may hold a quoted line break; it has swallowed a row when a line after the break
    holds many delimiters, or the record no longer has the header's number of fields.
    """
    if end == start:
        return None
    enough = max(1, (len(header) - 1) // 2)
    for at, value in enumerate(values):
        lines = value.splitlines()
        if len(lines) > 1 and (
            len(values) != len(header) or any(line.count(delimiter) >= enough for line in lines)
        ):
            column = header[at] if at < len(header) else f"column {at + 1}"
            reason = (
                f"{column}: a quote opened on line {start} is not closed, so lines {start} to "
                f"{end} ran together into this field; nothing on them was loaded (close the "
                "quote in the agency's system and import again)"
            )
            return {BROKEN_COLUMN: column, BROKEN_VALUE: lines[0][:200], BROKEN_REASON: reason}
    return None


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        if (value.hour, value.minute, value.second) == (0, 0, 0):
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _excel_rows(path: Path, names: Sequence[str]) -> tuple[list[str], Iterator[Row]]:
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    problem = expanded_size_problem(path)  # before a single member is expanded
    if problem is not None:
        raise UnreadableFile(problem)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise UnreadableFile(f"not a readable .xlsx file: {error}") from error
    absent = [name for name in names if name not in book.sheetnames]
    if absent:
        book.close()
        raise UnreadableFile(
            f"the workbook has no sheet {', '.join(map(repr, absent))} "
            f"(its sheets: {', '.join(book.sheetnames)})"
        )
    sheets = [book[name] for name in names] or book.worksheets[:1]
    cells = sheets[0].iter_rows(values_only=True)
    header = _header(cells)
    if not any(header):
        book.close()
        raise UnreadableFile(f"the sheet {sheets[0].title!r} has no header row")

    def rows() -> Iterator[Row]:
        try:
            line = 1
            for at, sheet in enumerate(sheets):
                own = sheet.iter_rows(values_only=True) if at else cells
                columns = _header(own) if at else header
                if at and (missing := [c for c in header if c and c not in columns]):
                    raise UnreadableFile(
                        f"the sheet {sheet.title!r} has no column {', '.join(map(repr, missing))}"
                        f" (the sheet {sheets[0].title!r} has)"
                    )
                line += 1 if at else 0  # the sheet's header row
                for values in own:
                    line += 1
                    texts = [_cell_text(value) for value in values[: len(columns)]]
                    if any(text.strip() for text in texts):
                        yield line, dict(zip(columns, texts, strict=False))
        finally:
            book.close()

    return header, rows()


def _header(cells: Iterator[tuple[Any, ...]]) -> list[str]:
    return [_cell_text(value).strip() for value in next(cells, ())]
