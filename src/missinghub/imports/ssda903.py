"""`missinghub import ssda903 FOLDER --mapping mappings/ssda903.yaml`: a council's SSDA903 return.

The Header, Episodes and Missing tables (one CSV each, joined on CHILD, the council's child id)
become: children held by that id (the return has no names), their placements and looked-after
legal status (children services, audited), and the missing and away-from-placement episodes,
through the one intake (`ssda903_episodes.py`). One run, one transaction: all or nothing, with
its ledger row, rejected rows and audit events. Run again, it creates and updates nothing.

Counts: every data row of the three files in exactly one of created, updated, unchanged,
rejected (a Header row by its child, an Episodes row by its placement and legal status, a
Missing row by its episode).
"""

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from missinghub.accounts.models import Agency, User
from missinghub.audit.enums import AuditVerb
from missinghub.audit.services import record_event
from missinghub.children.models import (
    Child,
    ChildIdentifier,
    Ethnicity,
    IdentifierKind,
    LegalStatus,
    LegalStatusKind,
    Placement,
    PlacementArea,
    PlacementType,
    Sex,
)
from missinghub.children.services import (
    add_identifier,
    create_child,
    record_legal_status,
    record_placement,
)
from missinghub.episodes.models import Episode
from missinghub.imports.batch import Counts
from missinghub.imports.limits import ImportRefused
from missinghub.imports.matching import PersonRecord, match_children
from missinghub.imports.models import (
    BatchStatus,
    ImportBatch,
    ImportRejection,
    ImportRun,
    RunStatus,
)
from missinghub.imports.rejections import HEADER
from missinghub.imports.runner import fail_run
from missinghub.imports.ssda903_episodes import EpisodeWriter, Span
from missinghub.imports.ssda903_mapping import KIND, Ssda903Mapping
from missinghub.imports.ssda903_rows import CareRow, ChildRow, Fault, Return, ReturnReader
from missinghub.security.spreadsheets import csv_text

SOCIAL_CARE = IdentifierKind.SOCIAL_CARE_ID
CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


@dataclass
class Imported:
    run: ImportRun
    faults: list[Fault]


def import_ssda903(
    folder: Path, mapping: Ssda903Mapping, *, actor: User | None, apply_protocol: bool = True
) -> Imported:
    """Read, check and load the return in `folder`. Raises `ImportRefused` before writing
    anything when the agency, a file or a needed column is missing."""
    agency = Agency.objects.filter(name=mapping.agency_name).first()
    if agency is None:
        raise ImportRefused(f"the mapping's agency {mapping.agency_name!r} does not exist")
    others = Episode.objects.filter(source_system=mapping.source_system).exclude(
        reporting_agency=agency
    )
    if others.exists():
        raise ImportRefused(
            f"the mapping's source system {mapping.source_system!r} holds episodes of another "
            "agency"
        )
    reader = ReturnReader(folder, mapping)
    found = reader.read()
    run = ImportRun.objects.create(
        kind=KIND,
        file_name=folder.name[:255],
        file_sha256=hashlib.sha256("".join(reader.digests).encode()).hexdigest(),
        mapping_name=mapping.name[:255],
        mapping_sha256=mapping.digest,
        agency=agency,
        started_by=actor if actor is not None and actor.pk else None,
        batch_size=max(found.rows_read, 1),
        apply_protocol=apply_protocol,
    )
    detail = {"kind": KIND, "rows": found.rows_read, "agency_id": agency.pk}
    record_event(verb=AuditVerb.IMPORT_STARTED, actor=actor, target=run, detail=detail)
    counts = Counts(rows_read=found.rows_read, rejected=found.rejected)
    try:
        with transaction.atomic():
            ReturnWriter(run, mapping, agency, actor, found, counts, apply_protocol).write()
            _record(run, actor, found.faults, counts)
    except Exception as error:  # nothing of the return was written: the run says why
        fail_run(run, actor, f"nothing was loaded: {error}", Counts().as_dict())
        raise
    run.status, run.finished_at, run.summary = RunStatus.FINISHED, timezone.now(), summary(counts)
    with transaction.atomic():
        run.save(update_fields=["status", "finished_at", "summary"])
        record_event(verb=AuditVerb.IMPORT_FINISHED, actor=actor, target=run, detail=run.summary)
    return Imported(run, found.faults)


def write_faults(faults: list[Fault], path: Path) -> Path:
    """The errors file: file, line, column, value, reason (as every import's), formula-safe."""
    rows = sorted(faults, key=lambda f: (f.file, f.line, f.column))
    cells = [(f.file, f.line, f.column, f.value, f.reason) for f in rows]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(csv_text(HEADER, cells), encoding="utf-8")
    return path


def summary(counts: Counts) -> dict[str, int]:
    """The counts; `sent_for_review` is always 0: a return has no names, so a child is found
    by the council's child id alone and no person is put to linkage's review."""
    return {**counts.as_dict(), "sent_for_review": 0}


def _record(run: ImportRun, actor: User | None, faults: list[Fault], counts: Counts) -> None:
    ImportRejection.objects.bulk_create(
        [
            ImportRejection(
                run=run,
                line=f.line,
                column=f"{f.file} {f.column}"[:255],
                value=f.value,
                reason=f.reason,
            )
            for f in faults
        ],
        batch_size=1000,
    )
    ledger = ImportBatch.objects.create(
        run=run,
        number=0,
        first_line=2,
        last_line=max(counts.rows_read + 1, 2),
        file_sha256=run.file_sha256,
        status=BatchStatus.COMMITTED,
        counts=counts.as_dict(),
    )
    detail = {"run_id": run.pk, "number": 0, **counts.as_dict()}
    record_event(verb=AuditVerb.IMPORT_BATCH_COMMITTED, actor=actor, target=ledger, detail=detail)


class ReturnWriter:
    def __init__(
        self,
        run: ImportRun,
        mapping: Ssda903Mapping,
        agency: Agency,
        actor: User | None,
        found: Return,
        counts: Counts,
        apply_protocol: bool,
    ) -> None:
        self.run, self.mapping, self.agency, self.actor = run, mapping, agency, actor
        self.found, self.counts, self.apply_protocol = found, counts, apply_protocol

    def write(self) -> None:
        children = self._children()
        self._look_up(set(children.values()))
        care = {
            reference: self._care(rows, children) for reference, rows in self.found.care.items()
        }
        episodes = EpisodeWriter(
            self.run,
            self.agency,
            self.mapping.source_system,
            self.mapping.zone,
            self.counts,
            self.found.faults,
            self.apply_protocol,
            self.mapping.files["missing"],
        )
        episodes.decide(self.found.missing, children, care)
        episodes.write()

    def _reject(self, table: str, line: int, column: str, value: str, reason: str) -> None:
        self.found.faults.append(Fault(self.mapping.files[table], line, column, value, reason))
        self.counts.rejected += 1

    def _look_up(self, child_ids: set[int]) -> None:
        """The children's stored placements and looked-after statuses (two queries)."""
        self.placements: dict[int, dict[date, Placement]] = {}
        for placement in Placement.objects.filter(child_id__in=child_ids):
            self.placements.setdefault(placement.child_id, {})[placement.start_date] = placement
        self.statuses = {
            (held.child_id, held.start_date): held
            for held in LegalStatus.objects.filter(
                child_id__in=child_ids, status=LegalStatusKind.LOOKED_AFTER
            )
        }

    # Header rows: children ------------------------------------------------------------------

    def _children(self) -> dict[str, int]:
        """{CHILD: child id} of the children loaded (found by the council's id, or created)."""
        rows = self.found.children
        records = [PersonRecord(ref, SOCIAL_CARE, self.agency.pk) for ref in rows]
        found = match_children(records)
        stored = Child.objects.in_bulk(set(found.values()))
        loaded: dict[str, int] = {}
        for reference, row in rows.items():
            child = stored.get(found.get(reference, 0))
            if child is None:
                loaded[reference] = self._new_child(row).pk
            elif child.date_of_birth != row.date_of_birth:
                reason = (
                    f"DOB differs from the date of birth {child.date_of_birth:%d/%m/%Y} of the "
                    f"child MissingHub holds as CHILD {reference}: nothing attached (check which "
                    "record is right)"
                )
                self._reject("header", row.line, "DOB", f"{row.date_of_birth:%d/%m/%Y}", reason)
            else:
                self._known_child()
                loaded[reference] = child.pk
        return loaded

    def _new_child(self, row: ChildRow) -> Child:
        child = create_child(
            actor=self.actor,
            given_name="",
            family_name="",
            date_of_birth=row.date_of_birth,
            sex=Sex(row.sex),  # values the mapping checked
            ethnicity=Ethnicity(row.ethnicity),
        )
        add_identifier(
            actor=self.actor, child=child, agency=self.agency, kind=SOCIAL_CARE, value=row.reference
        )
        upn = IdentifierKind.SCHOOL_UPN
        if row.upn and not ChildIdentifier.objects.filter(kind=upn, value=row.upn).exists():
            add_identifier(
                actor=self.actor, child=child, agency=self.agency, kind=upn, value=row.upn
            )
        self.counts.created += 1
        self.counts.children_created += 1
        return child

    def _known_child(self) -> None:
        """A child found by the council's id: its stored details are never changed by an
        import (docs/imports.md), so its Header row is unchanged."""
        self.counts.children_matched += 1
        self.counts.unchanged += 1

    # Episodes rows: placements and looked-after legal status ----------------------------------

    def _care(self, rows: list[CareRow], children: dict[str, int]) -> list[Span]:
        """The child's placements (one per row) and looked-after periods; their spans."""
        child_id = children.get(rows[0].reference)
        if child_id is None:
            for row in rows:
                reason = "the child's Header row was not loaded"
                self._reject("episodes", row.line, "CHILD", row.reference, reason)
            return []
        stored = self.placements.get(child_id, {})
        spans: list[Span] = []
        kept: list[tuple[CareRow, str]] = []  # (row, created|updated|unchanged)
        for row in rows:
            placement, outcome = self._placement(row, Child(pk=child_id), stored)
            if placement is not None:
                spans.append((row.start, row.end, placement.pk))
                kept.append((row, outcome))
        outcomes = {row.line: outcome for row, outcome in kept}
        for first, end in _periods([row for row, _ in kept]):
            if self._looked_after(child_id, first.start, end) and outcomes[first.line] == UNCHANGED:
                outcomes[first.line] = UPDATED  # the row's legal status changed
        for outcome in outcomes.values():
            setattr(self.counts, outcome, getattr(self.counts, outcome) + 1)
        return spans

    def _placement(
        self, row: CareRow, child: Child, stored: dict[date, Placement]
    ) -> tuple[Placement | None, str]:
        wanted = (row.placement_type, row.area, row.end, row.postcode)
        same = stored.get(row.start)
        if same is not None:
            if (same.placement_type, same.area, same.end_date, same.postcode) == wanted:
                return same, UNCHANGED
            same.placement_type, same.area, same.end_date, same.postcode = wanted
            same.save(update_fields=["placement_type", "area", "end_date", "postcode"])
            return same, UPDATED
        clash = _clash(row, list(stored.values()))
        if clash is not None:
            reason = (
                f"DECOM {row.start:%d/%m/%Y} overlaps the placement MissingHub holds from "
                f"{clash.start_date:%d/%m/%Y} to {_day(clash.end_date)}"
            )
            self._reject("episodes", row.line, "DECOM", f"{row.start:%d/%m/%Y}", reason)
            return None, ""
        placement = record_placement(
            actor=self.actor,
            child=child,
            placement_type=PlacementType(row.placement_type),
            area=PlacementArea(row.area),
            start_date=row.start,
            end_date=row.end,
            placing_authority=self.agency,
            postcode=row.postcode,
        )
        stored[row.start] = placement
        return placement, CREATED

    def _looked_after(self, child_id: int, start: date, end: date | None) -> bool:
        """The looked-after period as the return says; True when stored anew or changed."""
        held = self.statuses.get((child_id, start))
        if held is None:
            record_legal_status(
                actor=self.actor,
                child=Child(pk=child_id),
                status=LegalStatusKind.LOOKED_AFTER,
                start_date=start,
                end_date=end,
                responsible_authority=self.agency,
            )
            return False  # the row that began it counts as created (its new placement)
        if held.end_date == end:
            return False
        held.end_date = end
        held.save(update_fields=["end_date"])
        return True


def _periods(rows: list[CareRow]) -> list[tuple[CareRow, date | None]]:
    """Unbroken runs of care (each episode beginning the day the last ended): (first, end)."""
    runs: list[tuple[CareRow, date | None]] = []
    for row in rows:
        if runs and runs[-1][1] == row.start:
            runs[-1] = (runs[-1][0], row.end)
        else:
            runs.append((row, row.end))
    return runs


def _clash(row: CareRow, stored: list[Placement]) -> Placement | None:
    """A stored placement the row's overlaps (an open one begun earlier is ended instead)."""
    for placement in stored:
        ends_after = placement.end_date is None or placement.end_date > row.start
        begins_before = row.end is None or placement.start_date < row.end
        if (
            ends_after
            and begins_before
            and not (placement.end_date is None and placement.start_date < row.start)
        ):
            return placement
    return None


def _day(value: date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else "now"
