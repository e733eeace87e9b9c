"""CSV that a spreadsheet opens as data, never as formulas (CSV formula injection).

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is run as a formula by
Excel, LibreOffice and Google Sheets; free text typed into a record (a risk reason, a place where
a child was found) could then fetch a URL or run a command on the reader's machine. Every such
text cell gets a leading apostrophe (OWASP's advice), which the spreadsheet shows as plain text.
Numbers and dates are left alone. Use `csv_text` for every CSV the service produces.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value: Any) -> Any:
    """The cell as a spreadsheet should show it: text that could be a formula is quoted."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A whole CSV document, every cell escaped, with a UTF-8 byte-order mark for Excel."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([escape_formula(cell) for cell in header])
    for row in rows:
        writer.writerow(["" if cell is None else escape_formula(cell) for cell in row])
    return buffer.getvalue()
