"""The Missing table's rows to episodes, through the one intake's batch form.

Each row is one episode keyed (mapping's source system, CHILD/MIS_START/number that day). The
return holds days, not times: last seen and reported are the local midnight that begins
MIS_START, returned the one that begins MIS_END. The episode went missing from the placement
of the Episodes table that covers MIS_START. `episodes.intake.BatchIntake` decides who is told
and refuses a second open episode; `take_reports` writes what was decided (this module's SQL).
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from missinghub.accounts.models import Agency
from missinghub.episodes.intake import PROTOCOL_WINDOW, BatchIntake, protocol_wanted, take_reports
from missinghub.episodes.models import Episode, EpisodeStatus, Notification
from missinghub.episodes.services import REPORT_PURPOSE
from missinghub.imports.batch import Counts
from missinghub.imports.models import EpisodeChange, ImportRun
from missinghub.imports.ssda903_rows import Fault, MissingRow
from missinghub.kit import ssda903

COMPARED = (
    "child_id",
    "category",
    "status",
    "last_seen_at",
    "reported_at",
    "returned_at",
    "missing_from_id",
)
Span = tuple[date, date | None, int]  # a placement: start, end (exclusive), id


def covering(placements: list[Span], day: date) -> int | None:
    for start, end, pk in placements:
        if start <= day and (end is None or day < end):
            return pk
    return None


@dataclass
class EpisodeWriter:
    """Decides each Missing row against the stored episodes, then writes (`take_reports`)."""

    run: ImportRun
    agency: Agency
    source_system: str
    zone: ZoneInfo
    counts: Counts
    faults: list[Fault]
    apply_protocol: bool
    missing_file: str
    new: list[Episode] = field(default_factory=list)
    changed: list[tuple[Episode, int, dict[str, list[Any]]]] = field(default_factory=list)
    protocol_pending: bool = False
    intake: BatchIntake | None = None

    def decide(
        self, rows: list[MissingRow], children: dict[str, int], care: dict[str, list[Span]]
    ) -> None:
        keys = [row.key for row in rows]
        stored = {
            episode.source_reference: episode
            for episode in Episode.objects.filter(
                source_system=self.source_system, source_reference__in=keys
            )
        }
        intake = self.intake = BatchIntake(reporting_agency=self.agency)
        intake.look_up({children[row.reference] for row in rows if row.reference in children})
        since = timezone.now() - PROTOCOL_WINDOW
        for row in rows:
            child_id = children.get(row.reference)
            if child_id is None:
                self._refuse(row, "CHILD", row.reference, "the child's Header row was not loaded")
                continue
            wanted = self._wanted(row, child_id, care.get(row.reference, []), stored)
            in_the_way = intake.admit(
                key=(self.source_system, row.key),
                child_id=child_id,
                opens=wanted["returned_at"] is None,
                last_seen_at=wanted["last_seen_at"],
            )
            if in_the_way is not None:
                self._refuse(
                    row, "CHILD", row.reference, f"CHILD {row.reference} {in_the_way.refusal()}"
                )
                continue
            pending = self.apply_protocol and protocol_wanted(
                wanted["reported_at"], wanted["returned_at"], since
            )
            self._merge(row, stored.get(row.key), wanted, pending)

    def _refuse(self, row: MissingRow, column: str, value: str, reason: str) -> None:
        self.faults.append(Fault(self.missing_file, row.line, column, value, reason))
        self.counts.rejected += 1

    def _midnight(self, day: date) -> datetime:
        return datetime.combine(day, time(), tzinfo=self.zone)

    def _wanted(
        self, row: MissingRow, child_id: int, care: list[Span], stored: dict[str, Episode]
    ) -> dict[str, Any]:
        began = self._midnight(row.start)
        returned = self._midnight(row.end) if row.end is not None else None
        before = stored.get(row.key)
        if returned is None:
            status = EpisodeStatus.OPEN
        elif before is not None and before.status == EpisodeStatus.CLOSED:
            status = EpisodeStatus.CLOSED
        else:
            status = EpisodeStatus.RETURNED
        return {
            "child_id": child_id,
            "category": row.category,
            "status": status,
            "last_seen_at": began,
            "reported_at": began,
            "returned_at": returned,
            "missing_from_id": covering(care, row.start),
        }

    def _merge(
        self, row: MissingRow, episode: Episode | None, wanted: dict[str, Any], pending: bool
    ) -> None:
        if episode is None:
            self.new.append(
                Episode(
                    **wanted,
                    reporting_agency=self.agency,
                    source_system=self.source_system,
                    source_reference=row.key,
                    protocol_pending=pending,
                )
            )
            self.protocol_pending |= pending
            self.counts.created += 1
            return
        changes = {
            name: [_text(getattr(episode, name)), _text(wanted[name])]
            for name in COMPARED
            if getattr(episode, name) != wanted[name]
        }
        if not changes:
            self.counts.unchanged += 1
            return
        for name in changes:
            setattr(episode, name, wanted[name])
        episode.protocol_pending = episode.protocol_pending or pending
        self.protocol_pending |= pending
        self.changed.append((episode, row.line, changes))
        self.counts.updated += 1

    def save(self) -> list[int]:
        """Returns first, then new episodes (one open episode per child at every moment)."""
        for episode, _, changes in self.changed:
            episode.save(update_fields=[*_fields(changes), "protocol_pending", "updated_at"])
        EpisodeChange.objects.bulk_create(
            EpisodeChange(episode=e, run=self.run, line=line, changes=changes)
            for e, line, changes in self.changed
        )
        created = Episode.objects.bulk_create(self.new, batch_size=1000)
        Notification.objects.bulk_create(self._notifications(created), batch_size=1000)
        return [e.pk for e in created] + [e.pk for e, _, _ in self.changed]

    def write(self) -> list[int]:
        return take_reports(self)

    def _notifications(self, created: list[Episode]) -> list[Notification]:
        """Each new episode is told to the agencies of the intake's rule."""
        assert self.intake is not None  # noqa: S101 (decided before written)
        days = timedelta(days=settings.MISSINGHUB_NOTIFICATION_DAYS)
        return [
            Notification(
                child_id=episode.child_id,
                episode=episode,
                from_agency=self.agency,
                to_agency_id=to,
                purpose=REPORT_PURPOSE,
                lawful_basis=settings.MISSINGHUB_NOTIFICATION_LAWFUL_BASIS,
                sent_at=episode.reported_at,
                expires_at=episode.reported_at + days,
            )
            for episode in created
            for to in sorted(self.intake.recipients(episode.child_id))
        ]


def _fields(changes: dict[str, list[Any]]) -> list[str]:
    return [name.removesuffix("_id") if name == "missing_from_id" else name for name in changes]


def _text(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.strftime(f"{ssda903.DATE_FORMAT} %H:%M %z")
    return value
