"""The same record twice in one file: the last row wins, the earlier ones load nothing.

A record is what a file's key names: a police occurrence, a CME referral (a social-care file
holds several rows per child by design and has no such key). The first pass over the file
(`runner.prepare`) notes the last line of every key, so the answer does not depend on batch
boundaries and a re-import of the same file writes the same last rows again: nothing changes.
Each earlier row is named in the errors file with the line that replaced it.
"""

from missinghub.imports.fields import FileKind
from missinghub.imports.mapping import Mapping
from missinghub.imports.rows import ParsedRow, Problem

KEY_FIELDS = {FileKind.POLICE: "occurrence_reference", FileKind.CME: "referral_reference"}


class LatestRows:
    """The last line of each record key in the file (keys read as the file writes them)."""

    def __init__(self, mapping: Mapping) -> None:
        field = KEY_FIELDS.get(FileKind(mapping.kind))
        self.field = field or ""
        self.column = mapping.columns.get(field, "") if field else ""
        self.last: dict[str, int] = {}

    def add(self, line: int, source: dict[str, str]) -> None:
        if self.column:
            key = (source.get(self.column) or "").strip()
            if key:
                self.last[key] = line

    def replaced(self, row: ParsedRow) -> Problem | None:
        """Why the row loads nothing when a later row of the file holds the same record."""
        key = (row.raw.get(self.field) or "").strip() if self.field else ""
        later = self.last.get(key, row.line)
        if later <= row.line:
            return None
        return Problem(
            self.column,
            key,
            f"{self.column} {key} appears again on line {later}: the last row of a record "
            "wins, so this row loaded nothing",
        )
