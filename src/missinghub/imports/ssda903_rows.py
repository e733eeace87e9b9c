"""Read and check the three tables of an SSDA903 return, joined on CHILD (no database).

Every problem names its file, line (as a spreadsheet shows it: the header is line 1), column,
value and reason; a row with a problem loads nothing. A child's Episodes and Missing rows need
a good Header row; a Missing row needs an Episodes row that covers its start (the child was
looked after then). The same record twice: the last row wins and the earlier ones are named.
"""

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from missinghub.episodes.rules import day_problem
from missinghub.imports.limits import ImportRefused
from missinghub.imports.reader import inspect_file, read_rows
from missinghub.imports.ssda903_mapping import TABLE_KEYS, Ssda903Mapping
from missinghub.kit import ssda903
from missinghub.kit.ssda903 import Table

# The columns an import reads (the others of the DfE's layout may be absent).
NEEDED = {
    "header": ("CHILD", "SEX", "DOB", "ETHNIC"),
    "episodes": ("CHILD", "DECOM", "DEC", "PLACE", "PL_POST"),
    "missing": ("CHILD", "MISSING", "MIS_START", "MIS_END"),
}


@dataclass(frozen=True)
class Fault:
    file: str
    line: int
    column: str
    value: str
    reason: str


@dataclass
class ChildRow:
    line: int
    reference: str
    date_of_birth: date
    sex: str
    ethnicity: str
    upn: str


@dataclass
class CareRow:
    line: int
    reference: str
    start: date
    end: date | None
    placement_type: str
    area: str
    postcode: str


@dataclass
class MissingRow:
    line: int
    reference: str
    category: str
    start: date
    end: date | None
    key: str = ""  # the episode's source reference: CHILD/start/number that day


@dataclass
class Return:
    """The checked rows of one return, and what was wrong with the others."""

    children: dict[str, ChildRow] = field(default_factory=dict)
    care: dict[str, list[CareRow]] = field(default_factory=dict)  # by CHILD, by start
    missing: list[MissingRow] = field(default_factory=list)
    faults: list[Fault] = field(default_factory=list)
    rows_read: int = 0
    rejected: int = 0


Cells = dict[str, str]


class ReturnReader:
    def __init__(self, folder: Path, mapping: Ssda903Mapping) -> None:
        self.folder, self.mapping = folder, mapping
        self.found = Return()
        self.read_date = mapping.date_reader()
        self.digests: list[str] = []

    def read(self) -> Return:
        header = self._rows("header")
        self._children(header)
        self._care(self._rows("episodes"))
        self._missing(self._rows("missing"))
        return self.found

    def _rows(self, key: str) -> list[tuple[int, Cells]]:
        table = TABLE_KEYS[key]
        path = self.folder / self.mapping.files[key]
        if not path.is_file():
            raise ImportRefused(f"{path.name}: no such file in {self.folder} ({table.name} table)")
        facts = inspect_file(path)
        self.digests.append(facts.digest)
        columns, rows = read_rows(path, facts)
        absent = [name for name in NEEDED[key] if name not in columns]
        if absent:
            raise ImportRefused(f"{path.name} has no column {', '.join(map(repr, absent))}")
        read = [
            (line, {name: (cells.get(name) or "").strip() for name in table.all_columns})
            for line, cells in rows
        ]
        self.found.rows_read += len(read)
        return read

    def _fault(self, table: Table, line: int, column: str, value: str, reason: str) -> Fault:
        return Fault(self.mapping.files_by_table[table.name], line, column, value, reason)

    def _reject(self, faults: list[Fault]) -> None:
        self.found.faults += faults
        self.found.rejected += 1

    def _day(
        self,
        table: Table,
        line: int,
        cells: Cells,
        column: str,
        faults: list[Fault],
        *,
        required: bool = True,
    ) -> date | None:
        text = cells[column]
        if not text:
            if required:
                faults.append(self._fault(table, line, column, "", f"{column} is blank"))
            return None
        try:
            moment = self.read_date(text)
        except ValueError:
            moment = None
        if moment is None:
            reason = f"{column} is not a date written dd/mm/yyyy"
            faults.append(self._fault(table, line, column, text, reason))
            return None
        problem = day_problem(moment.date())
        if problem is not None:
            faults.append(self._fault(table, line, column, text, f"{column}: {problem}"))
        return moment.date()

    def _code(self, table: Table, line: int, cells: Cells, column: str, faults: list[Fault]) -> str:
        text = cells[column].upper()
        meaning = self.mapping.values[column].get(text)
        if meaning is None:
            listed = ", ".join(ssda903.CODES[column])
            reason = f"{column} {text or 'blank'} is not one of the return's codes ({listed})"
            faults.append(self._fault(table, line, column, cells[column], reason))
            return ""
        return meaning

    def _children(self, rows: list[tuple[int, Cells]]) -> None:
        table, kept = ssda903.HEADER, self.found.children
        for line, cells in rows:
            faults: list[Fault] = []
            reference = cells["CHILD"]
            if not reference:
                faults.append(self._fault(table, line, "CHILD", "", "CHILD is blank"))
            born = self._day(table, line, cells, "DOB", faults)
            sex = self._code(table, line, cells, "SEX", faults)
            ethnicity = self._code(table, line, cells, "ETHNIC", faults)
            if faults or born is None:
                self._reject(faults)
                continue
            earlier = kept.get(reference)
            if earlier is not None:  # the last row wins; the earlier one is named
                reason = f"CHILD {reference} appears again on line {line}: that row is used"
                self._reject([self._fault(table, earlier.line, "CHILD", reference, reason)])
            kept[reference] = ChildRow(line, reference, born, sex, ethnicity, cells["UPN"])

    def _care(self, rows: list[tuple[int, Cells]]) -> None:
        table = ssda903.EPISODES
        by_child: dict[str, dict[date, CareRow]] = {}
        for line, cells in rows:
            faults = self._known_child(table, line, cells)
            start = self._day(table, line, cells, "DECOM", faults)
            end = self._day(table, line, cells, "DEC", faults, required=False)
            kind = self._code(table, line, cells, "PLACE", faults)
            area = self._area(line, cells, faults)
            if start is not None and end is not None and end <= start:
                reason = f"DEC {cells['DEC']} is not after DECOM {cells['DECOM']}"
                faults.append(self._fault(table, line, "DEC", cells["DEC"], reason))
            if faults or start is None:
                self._reject(faults)
                continue
            reference, postcode = cells["CHILD"], cells["PL_POST"].upper()
            row = CareRow(line, reference, start, end, kind, area, postcode)
            earlier = by_child.setdefault(reference, {}).get(start)
            if earlier is not None:
                reason = f"CHILD {reference} DECOM {cells['DECOM']} again on line {line}: used"
                self._reject([self._fault(table, earlier.line, "DECOM", cells["DECOM"], reason)])
            by_child[reference][start] = row
        for reference, starts in by_child.items():
            self.found.care[reference] = self._without_overlaps(sorted(starts.values(), key=_start))

    def _area(self, line: int, cells: Cells, faults: list[Fault]) -> str:
        if cells["PL_LOCATION"] and "PL_LOCATION" in self.mapping.values:
            return self._code(ssda903.EPISODES, line, cells, "PL_LOCATION", faults)
        area = self.mapping.area_of(cells["PL_POST"])
        if area is None:
            reason = "PL_POST is blank, so whether the placement is inside the area is not known"
            faults.append(self._fault(ssda903.EPISODES, line, "PL_POST", "", reason))
            return ""
        return area

    def _without_overlaps(self, rows: list[CareRow]) -> list[CareRow]:
        kept: list[CareRow] = []
        for row in rows:
            before = kept[-1] if kept else None
            if before is not None and (before.end is None or before.end > row.start):
                reason = (
                    f"DECOM {row.start:%d/%m/%Y} is inside the episode from line {before.line} "
                    f"(DECOM {before.start:%d/%m/%Y}, DEC {_day(before.end)})"
                )
                self._reject(
                    [
                        self._fault(
                            ssda903.EPISODES, row.line, "DECOM", f"{row.start:%d/%m/%Y}", reason
                        )
                    ]
                )
                continue
            kept.append(row)
        return kept

    def _known_child(self, table: Table, line: int, cells: Cells) -> list[Fault]:
        reference = cells["CHILD"]
        if reference in self.found.children:
            return []
        header = self.mapping.files["header"]
        reason = f"CHILD {reference or 'blank'} has no good row in {header}"
        return [self._fault(table, line, "CHILD", reference, reason)]

    def _missing(self, rows: list[tuple[int, Cells]]) -> None:
        table, numbered = ssda903.MISSING, dict[tuple[str, date], int]()
        for line, cells in rows:
            faults = self._known_child(table, line, cells)
            category = self._code(table, line, cells, "MISSING", faults)
            start = self._day(table, line, cells, "MIS_START", faults)
            end = self._day(table, line, cells, "MIS_END", faults, required=False)
            if start is not None and end is not None and end < start:
                reason = f"MIS_END {cells['MIS_END']} is before MIS_START {cells['MIS_START']}"
                faults.append(self._fault(table, line, "MIS_END", cells["MIS_END"], reason))
            if not faults and start is not None:
                faults += self._in_care(line, cells, start)
            if faults or start is None:
                self._reject(faults)
                continue
            reference = cells["CHILD"]
            number = numbered[(reference, start)] = numbered.get((reference, start), 0) + 1
            key = f"{reference}/{start:%Y-%m-%d}/{number}"
            self.found.missing.append(MissingRow(line, reference, category, start, end, key))

    def _in_care(self, line: int, cells: Cells, start: date) -> list[Fault]:
        """The child's date of birth agrees with the Header, and an episode of care covers
        MIS_START (the Missing table lists looked-after children's episodes only)."""
        reference, table = cells["CHILD"], ssda903.MISSING
        child = self.found.children[reference]
        if cells["DOB"]:
            faults: list[Fault] = []
            born = self._day(table, line, cells, "DOB", faults)
            if not faults and born != child.date_of_birth:
                header = self.mapping.files["header"]
                reason = (
                    f"DOB differs from the child's DOB {child.date_of_birth:%d/%m/%Y} in {header}"
                )
                return [self._fault(table, line, "DOB", cells["DOB"], reason)]
            if faults:
                return faults
        for care in self.found.care.get(reference, []):
            if care.start <= start and (care.end is None or start < care.end):
                return []
        episodes = self.mapping.files["episodes"]
        reason = (
            f"no row of {episodes} covers MIS_START {start:%d/%m/%Y}: CHILD {reference} was not "
            "looked after that day"
        )
        return [self._fault(table, line, "MIS_START", cells["MIS_START"], reason)]


def _start(row: CareRow) -> date:
    return row.start


def _day(value: date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else "blank"
