"""Write a plain .xlsx workbook of text cells, fast (openpyxl takes ~1 s per 1,000 rows here).

Each sheet is a header and rows of text (None: an empty cell), written as inline strings: the
smallest valid SpreadsheetML that Excel, LibreOffice and openpyxl open.
"""

import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

Sheet = tuple[str, Sequence[str], Iterable[Sequence[str | None]]]
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def _column(at: int) -> str:
    name = ""
    at += 1
    while at:
        at, rest = divmod(at - 1, 26)
        name = chr(65 + rest) + name
    return name


def _row(number: int, values: Sequence[str | None], columns: list[str]) -> str:
    cells = "".join(
        f'<c r="{columns[at]}{number}" t="inlineStr"><is><t xml:space="preserve">'
        f"{escape(value)}</t></is></c>"
        for at, value in enumerate(values)
        if value is not None and value != ""
    )
    return f'<row r="{number}">{cells}</row>'


def write_workbook(path: Path, sheets: Sequence[Sheet]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
            f'ContentType="{_TYPE}.worksheet+xml"/>'
            for n in range(1, len(sheets) + 1)
        )
        book.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            f'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="'
            f'{_TYPE}.sheet.main+xml"/>{overrides}</Types>',
        )
        book.writestr(
            "_rels/.rels",
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}"><Relationship '
            f'Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        listed = "".join(
            f'<sheet name="{escape(name)}" sheetId="{n}" r:id="rId{n}"/>'
            for n, (name, _, _) in enumerate(sheets, start=1)
        )
        book.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
            f"<sheets>{listed}</sheets></workbook>",
        )
        links = "".join(
            f'<Relationship Id="rId{n}" Type="{_REL}/worksheet" Target="worksheets/sheet{n}.xml"/>'
            for n in range(1, len(sheets) + 1)
        )
        book.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}">{links}'
            "</Relationships>",
        )
        for n, (_, header, rows) in enumerate(sheets, start=1):
            columns = [_column(at) for at in range(len(header))]
            with book.open(f"xl/worksheets/sheet{n}.xml", "w") as sheet:
                sheet.write(
                    f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN}"><sheetData>'
                    f"{_row(1, header, columns)}".encode()
                )
                for number, values in enumerate(rows, start=2):
                    sheet.write(_row(number, values, columns).encode())
                sheet.write(b"</sheetData></worksheet>")
