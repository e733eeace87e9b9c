"""Read an agency's file as rows of text, whatever its encoding, delimiter or format.

CSV: the encoding is found by reading the whole file once (a byte-order mark means UTF-8 with
BOM; otherwise UTF-8 if every byte decodes, else Windows-1252, else Latin-1) and the delimiter
is sniffed from the first lines (comma, semicolon, tab or bar). Excel `.xlsx`: the first sheet,
first row as the header; date cells become ISO dates, which the date reader always accepts.
`line` is the row's number as a person would see it (the header is line 1).
"""

import codecs
import csv
import hashlib
from collections.abc import Iterator
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
    if first.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    else:
        encoding = next((name for name, ok in fits.items() if ok), "latin-1")
    return FileFacts(digest.hexdigest(), encoding, is_excel)


Row = tuple[int, dict[str, str]]


def read_rows(path: Path, facts: FileFacts) -> tuple[list[str], Iterator[Row]]:
    """The header and an iterator of (line, {column: text}) for every data row."""
    if facts.is_excel:
        return _excel_rows(path)
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
    header = [name.strip() for name in next(reader, [])]
    if not any(header):
        handle.close()
        raise UnreadableFile("the file is empty or has no header row")

    def rows() -> Iterator[Row]:
        with handle:
            for values in reader:
                if not "".join(values).strip():  # only blanks: not a row
                    continue
                yield reader.line_num, dict(zip(header, values, strict=False))

    return header, rows()


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


def _excel_rows(path: Path) -> tuple[list[str], Iterator[Row]]:
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    problem = expanded_size_problem(path)  # before a single member is expanded
    if problem is not None:
        raise UnreadableFile(problem)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise UnreadableFile(f"not a readable .xlsx file: {error}") from error
    sheet = book.worksheets[0]
    cells = sheet.iter_rows(values_only=True)
    header = [_cell_text(value).strip() for value in next(cells, ())]
    if not any(header):
        book.close()
        raise UnreadableFile("the first sheet has no header row")

    def rows() -> Iterator[Row]:
        try:
            for line, values in enumerate(cells, start=2):
                texts = [_cell_text(value) for value in values[: len(header)]]
                if any(text.strip() for text in texts):
                    yield line, dict(zip(header, texts, strict=False))
        finally:
            book.close()

    return header, rows()
