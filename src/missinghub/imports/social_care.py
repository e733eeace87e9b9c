"""Social care child lists: the child, their social care ID, legal status and latest placement.

Written row by row inside the batch's transaction (a child list is one row per child, so it is
small); one audit event per batch. A placement that would overlap one already stored is rejected
with the overlap named; an open placement that began earlier ends the day the new one starts
(as `children.services.record_placement` does).
"""

from datetime import date

from django.utils import timezone

from missinghub.children.models import (
    IdentifierKind,
    LegalStatus,
    LegalStatusKind,
    Placement,
)
from missinghub.imports.batch import Batch, find_or_make_children
from missinghub.imports.rows import ParsedRow, Problem

PLACEMENT_PARTS = ("placement_type", "placement_start", "placement_area")


def _day(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else "now"


class SocialCareBatchWriter:
    def __init__(self, batch: Batch, seen_children: set[int]) -> None:
        self.batch = batch
        self.seen = seen_children
        self.today = timezone.localdate()

    def write(self) -> list[int]:
        rows = [row for row in self.batch.valid_rows() if self._placement_complete(row)]
        children, rows, created = find_or_make_children(
            self.batch, rows, IdentifierKind.SOCIAL_CARE_ID, self.seen
        )
        for row in rows:
            reference = row.values["person_reference"]
            self._write_row(row, children[reference], is_new=reference in created)
            created.discard(reference)  # a second row for the same child is not a new child
        return sorted(set(children.values()))

    def _placement_complete(self, row: ParsedRow) -> bool:
        given = [name for name in PLACEMENT_PARTS if row.values.get(name)]
        if given and len(given) < len(PLACEMENT_PARTS):
            missing = [name for name in PLACEMENT_PARTS if name not in given]
            columns = self.batch.mapping.columns
            problems = [
                Problem(
                    columns.get(name, name),
                    "",
                    f"{columns.get(name, name)} is blank but the row gives a placement",
                )
                for name in missing
            ]
            self.batch.reject(row, problems)
            return False
        return True

    def _write_row(self, row: ParsedRow, child_id: int, *, is_new: bool) -> None:
        overlaps, placement = self._placement_plan(row, child_id)
        if overlaps:
            return
        changed = self._legal_status(row, child_id)
        changed = self._placement(row, child_id, placement) or changed
        counts = self.batch.counts
        if is_new:
            counts.created += 1
        elif changed:
            counts.updated += 1
        else:
            counts.unchanged += 1

    def _placement_plan(self, row: ParsedRow, child_id: int) -> tuple[bool, Placement | None]:
        """(True, None) if the row's placement overlaps a stored one (the row is rejected);
        else (False, the stored placement this row describes, or None for a new one)."""
        start = row.values.get("placement_start")
        if start is None:
            return False, None
        for placement in Placement.objects.filter(child_id=child_id).order_by("start_date"):
            if placement.start_date == start:
                return False, placement
            ends_after = placement.end_date is None or placement.end_date > start
            if placement.start_date > start or (ends_after and placement.end_date is not None):
                column = self.batch.mapping.columns["placement_start"]
                reason = (
                    f"{column} {_day(start)} overlaps the placement stored from "
                    f"{_day(placement.start_date)} to {_day(placement.end_date)}"
                )
                self.batch.reject(row, [Problem(column, row.raw["placement_start"], reason)])
                return True, None
        return False, None

    def _placement(self, row: ParsedRow, child_id: int, stored: Placement | None) -> bool:
        values = row.values
        if values.get("placement_start") is None:
            return False
        kind, area = values["placement_type"], values["placement_area"]
        if stored is not None:
            if (stored.placement_type, stored.area) == (kind, area):
                return False
            stored.placement_type, stored.area = kind, area
            stored.save(update_fields=["placement_type", "area"])
            return True
        Placement.objects.filter(
            child_id=child_id, end_date__isnull=True, start_date__lt=values["placement_start"]
        ).update(end_date=values["placement_start"])
        Placement.objects.create(
            child_id=child_id,
            placement_type=kind,
            area=area,
            placing_authority=self.batch.agency,
            start_date=values["placement_start"],
        )
        return True

    def _legal_status(self, row: ParsedRow, child_id: int) -> bool:
        wanted = row.values["legal_status"]
        current = LegalStatus.objects.filter(
            child_id=child_id, end_date__isnull=True, responsible_authority=self.batch.agency
        ).first()
        if current is not None and current.status == wanted:
            return False
        start = self.today
        if wanted == LegalStatusKind.LOOKED_AFTER and row.values.get("placement_start"):
            start = min(row.values["placement_start"], self.today)
        if current is not None:
            if current.start_date < self.today:
                current.end_date = self.today
                current.save(update_fields=["end_date"])
                start = self.today
            else:
                current.status = wanted
                current.save(update_fields=["status"])
                return True
        LegalStatus.objects.create(
            child_id=child_id,
            status=wanted,
            start_date=start,
            responsible_authority=self.batch.agency,
        )
        return True
