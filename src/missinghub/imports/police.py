"""Police extracts: one episode per occurrence, created or updated in bulk per batch.

The intake's batch form (`episodes.intake.BatchIntake`, `take_reports`) decides who is told,
refuses a second open episode for a child already missing and marks the protocol pending; this
module keeps only the bulk SQL that writes what was decided.

Correction rules (docs/imports.md): a blank last-seen time takes the report time; a row without
a located time never clears a return already recorded; a closed episode stays closed. Rows whose
times contradict each other (located or reported before last seen) are rejected.
"""

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, cast

from django.conf import settings
from django.db import connection, models
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from psycopg.types.datetime import TimestamptzLoader

from missinghub.accounts.models import Agency
from missinghub.children.models import IdentifierKind
from missinghub.episodes.intake import (
    EPISODE_FACT_FIELDS,
    PROTOCOL_WINDOW,
    BatchIntake,
    OpenEpisode,
    protocol_wanted,
    take_reports,
)
from missinghub.episodes.models import (
    Episode,
    EpisodeStatus,
    Notification,
    RiskGrading,
    RiskLevel,
)
from missinghub.episodes.services import REPORT_PURPOSE
from missinghub.imports.batch import (
    Batch,
    NewChildRows,
    find_or_make_children,
    new_child_rows,
    write_new_children,
)
from missinghub.imports.bulk import insert_rows, reserve_ids, update_rows
from missinghub.imports.facts import facts_filled, reported_facts
from missinghub.imports.fields import NOT_RECORDED
from missinghub.imports.models import EpisodeChange
from missinghub.imports.rows import ParsedRow, Problem

EPISODE_FIELDS = (
    "child_id",
    "category",
    "status",
    "last_seen_at",
    "reported_at",
    "returned_at",
    "return_method",
    "police_reference",
    *EPISODE_FACT_FIELDS,
)


def check_times(batch: Batch, rows: list[ParsedRow]) -> list[ParsedRow]:
    columns = batch.mapping.columns
    valid = []
    for row in rows:
        values = row.values
        if values.get("last_seen_at") is None:
            values["last_seen_at"] = values["reported_at"]
        last_seen, returned = values["last_seen_at"], values.get("returned_at")
        if returned is not None and returned < last_seen:
            column = columns["returned_at"]
            batch.reject(row, [Problem(column, row.raw["returned_at"], _before(column, columns))])
        elif values["reported_at"] < last_seen:
            column = columns["reported_at"]
            batch.reject(row, [Problem(column, row.raw["reported_at"], _before(column, columns))])
        else:
            valid.append(row)
    return valid


def _before(column: str, columns: dict[str, str]) -> str:
    last_seen = columns.get("last_seen_at", "the last-seen time")
    return f"{column} is before {last_seen}"


def _wanted(
    row: ParsedRow,
    child_id: int,
    stored: "StoredEpisode | NewEpisode | None",
    filled: set[str],
) -> dict[str, Any]:
    values = row.values
    returned = values.get("returned_at")
    method = values.get("return_method") or ""
    if returned is None and stored is not None and stored.returned_at is not None:
        returned, method = stored.returned_at, method or stored.return_method
    if returned is None:
        status, method = EpisodeStatus.OPEN, ""
    elif stored is not None and stored.status == EpisodeStatus.CLOSED:
        status = EpisodeStatus.CLOSED
    else:
        status = EpisodeStatus.RETURNED
    return {
        "child_id": child_id,
        "category": values["category"],
        "status": status,
        "last_seen_at": values["last_seen_at"],
        "reported_at": values["reported_at"],
        "returned_at": returned,
        "return_method": method,
        "police_reference": values["occurrence_reference"],
        **{
            name: value if name in filled or stored is None else getattr(stored, name)
            for name, value in reported_facts(values).items()
        },
    }


def _text(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def _diff(episode: "StoredEpisode | NewEpisode", wanted: dict[str, Any]) -> dict[str, list[Any]]:
    changes = {}
    for name in EPISODE_FIELDS:
        before = getattr(episode, name)
        if before != wanted[name]:
            changes[name] = [_text(before), _text(wanted[name])]
            setattr(episode, name, wanted[name])
    return changes


class _Episode:
    """An episode's fields as plain attributes (cheaper than a model instance)."""

    __slots__ = (*EPISODE_FIELDS, "pk")
    pk: int
    child_id: int
    category: str
    status: str
    last_seen_at: datetime
    reported_at: datetime
    returned_at: datetime | None
    return_method: str
    police_reference: str

    looked_after_when_missing: bool | None
    reported_placement_type: str
    reported_placement_area: str
    responsible_authority: str
    exploitation_flag: bool
    where_found: str
    reported_by: str

    def __init__(self, pk: int, values: Sequence[Any]) -> None:
        self.pk = pk
        for name, value in zip(EPISODE_FIELDS, values, strict=True):
            setattr(self, name, value)


class StoredEpisode(_Episode):
    """A stored episode this batch may change, read as values (no model instance)."""

    __slots__ = ()


class NewEpisode(_Episode):
    """An episode this batch creates, before it has an id."""

    __slots__ = ("occurrence",)

    def __init__(self, occurrence: str, wanted: dict[str, Any]) -> None:
        super().__init__(0, [wanted[name] for name in EPISODE_FIELDS])
        self.occurrence = occurrence


NEW_EPISODE_COLUMNS = (
    *EPISODE_FIELDS,
    "reporting_agency_id",
    "source_system",
    "source_reference",
    "created_at",
    "updated_at",
    "protocol_pending",  # an import applies the protocol itself (or is told not to)
)
GRADING_COLUMNS = ("episode_id", "level", "graded_at", "graded_by_name", "reason")
CHANGE_COLUMNS = ("episode_id", "run_id", "line", "changes", "changed_at")
NOTIFICATION_COLUMNS = (
    "child_id",
    "episode_id",
    "from_agency_id",
    "to_agency_id",
    "purpose",
    "lawful_basis",
    "sent_at",
    "expires_at",
)


def _times(episode: "_Episode") -> tuple[datetime, datetime | None]:
    return episode.reported_at, episode.returned_at


def _period(episode: NewEpisode, days: timedelta) -> tuple[datetime, datetime]:
    return episode.reported_at, episode.reported_at + days


def stored_episodes(source_system: str, occurrences: set[str]) -> list[tuple[Any, ...]]:
    """(id, occurrence, latest risk level or None, *EPISODE_FIELDS) of each stored episode."""
    latest = RiskGrading.objects.filter(episode_id=OuterRef("pk")).order_by("-graded_at", "-id")
    if connection.vendor != "postgresql":
        episodes = Episode.objects.filter(
            source_system=source_system, source_reference__in=occurrences
        ).annotate(latest_risk=Subquery(latest.values("level")[:1]))
        return list(episodes.values_list("pk", "source_reference", "latest_risk", *EPISODE_FIELDS))
    # The same query with the occurrences as one array, not thousands of parameters, and times
    # read by psycopg's own (compiled) loader rather than Django's.
    quote, meta = connection.ops.quote_name, Episode._meta
    fields = [cast(models.Field, meta.get_field(name)) for name in EPISODE_FIELDS]
    columns = ", ".join(f"e.{quote(str(field.column))}" for field in fields)
    gradings = quote(str(RiskGrading._meta.db_table))
    sql = (  # names from the models, quoted; values are parameters
        f"SELECT e.id, e.source_reference, (SELECT g.level FROM {gradings} g"  # noqa: S608
        " WHERE g.episode_id = e.id ORDER BY g.graded_at DESC, g.id DESC LIMIT 1),"
        f" {columns} FROM {quote(str(meta.db_table))} e"
        " WHERE e.source_system = %s AND e.source_reference = ANY(%s)"
    )
    with connection.cursor() as cursor:
        cursor.cursor.adapters.register_loader("timestamptz", TimestamptzLoader)
        cursor.execute(sql, [source_system, list(occurrences)])
        return cursor.fetchall()


class PoliceBatchWriter:
    def __init__(self, batch: Batch, seen_children: set[int]) -> None:
        self.batch = batch
        self.seen = seen_children
        self.source_system = batch.mapping.source_system
        self.new: dict[str, NewEpisode] = {}
        self.changed: dict[str, StoredEpisode] = {}
        self.risk: dict[str, str] = {}  # occurrence -> risk level wanted
        self.risk_changed: set[str] = set()
        self.history: list[tuple[StoredEpisode | NewEpisode, int, dict[str, list[Any]]]] = []
        self.children: dict[str, int] = {}  # person reference -> child id
        self.rows: list[ParsedRow] = []  # rows still valid after the look-up
        self.stored: dict[str, StoredEpisode] = {}
        self.episode_ids: list[int] = []  # reserved for the new episodes (`look_up(later=)`)
        self.episode_rows: list[tuple[Any, ...]] = []
        self.intake = BatchIntake(reporting_agency=batch.agency)  # the rules (look_up)
        self.protocol_pending = False  # some episode of the batch wants the area protocol
        self.pending_ids: list[int] = []  # stored episodes changed that want it
        self.child_rows = NewChildRows([], [], [])
        self.update_rows: list[tuple[Any, ...]] = []
        self.grading_rows: list[tuple[Any, ...]] = []
        self.history_rows: list[tuple[Any, ...]] = []
        self.notification_rows: list[tuple[Any, ...]] = []
        self.now = timezone.now()
        run = batch.run
        self.graded_by = f"{batch.agency.name} (imported)"
        source = f"(import {run.pk}, {run.file_name})"
        self.reasons = {
            level: f"Graded {str(label).lower()} in the police record {source}."
            for level, label in RiskLevel.choices
        }
        self.reasons[NOT_RECORDED] = f"No risk grading in the police record {source}."
        self.filled = facts_filled(batch.mapping)

    def write(self) -> list[int]:
        """Look up, decide and write the batch in one go, in the caller's transaction."""
        self.look_up()
        self.decide()
        return take_reports(self)

    def look_up(self, later: bool = False) -> None:
        """The database reads: the rows' children and stored episodes.

        With `later` (PostgreSQL), new children and episodes get their ids from the sequences
        here and nothing is written until `save`, which may run in a later transaction.
        """
        rows = check_times(self.batch, self.batch.valid_rows())
        kind = IdentifierKind.POLICE_PERSON_REFERENCE
        self.children, self.rows, _ = find_or_make_children(
            self.batch, rows, kind, self.seen, later
        )
        occurrences = {row.values["occurrence_reference"] for row in self.rows}
        self.stored = self._stored(occurrences)
        names = self.batch.mapping.notify  # added to the intake's rule, never replacing it
        added = Agency.objects.filter(name__in=names).values_list("pk", flat=True)
        self.intake = BatchIntake(reporting_agency=self.batch.agency, added=added)
        self.intake.look_up(set(self.children.values()))
        if later:  # one new episode per occurrence not stored
            self.episode_ids = reserve_ids(Episode, len(occurrences - self.stored.keys()))

    def decide(self) -> None:
        """What each row creates or changes: plain Python, no database."""
        for row in self.rows:
            self._merge(row, self.children[row.values["person_reference"]], self.stored)
        self.now = timezone.now()
        since = self.now - PROTOCOL_WINDOW
        apply = self.batch.apply_protocol
        self.pending_ids = [
            e.pk for e in self.changed.values() if apply and protocol_wanted(*_times(e), since)
        ]
        self.episode_rows = [self._row(e, self.now, since) for e in self.new.values()]
        self.protocol_pending = bool(self.pending_ids) or any(row[-1] for row in self.episode_rows)
        self.update_rows = [
            (e.pk, *(getattr(e, name) for name in EPISODE_FIELDS), self.now)
            for e in self.changed.values()
        ]
        self.child_rows = new_child_rows(self.batch)
        if self.episode_ids:  # reserved at look-up (`later`); otherwise given when written
            # A row refused here (a child already missing) leaves its reserved id unused, as
            # a rolled-back insert does.
            self.episode_ids = self.episode_ids[: len(self.new)]
            for episode, pk in zip(self.new.values(), self.episode_ids, strict=True):
                episode.pk = pk
            self._rows_naming_episodes()

    def _stored(self, occurrences: set[str]) -> dict[str, "StoredEpisode"]:
        """The stored episodes of these occurrences, with their latest risk level (one query)."""
        stored = {}
        for pk, occurrence, risk, *values in stored_episodes(self.source_system, occurrences):
            stored[occurrence] = StoredEpisode(pk, values)
            if risk is not None:
                self.risk[occurrence] = risk
        return stored

    def _merge(self, row: ParsedRow, child_id: int, stored: dict[str, "StoredEpisode"]) -> None:
        occurrence = row.values["occurrence_reference"]
        episode: StoredEpisode | NewEpisode | None = self.new.get(occurrence) or stored.get(
            occurrence
        )
        counts = self.batch.counts
        wanted = _wanted(row, child_id, episode, self.filled)
        # No grade in the row: "not recorded", which never replaces a grade already held (R6).
        risk = row.values.get("risk_level") or self.risk.get(occurrence) or NOT_RECORDED
        in_the_way = self.intake.admit(
            key=(self.source_system, occurrence),
            child_id=child_id,
            opens=wanted["returned_at"] is None,
            last_seen_at=wanted["last_seen_at"],
        )
        if in_the_way is not None:
            self.batch.reject(row, [self._already_missing(row, in_the_way)])
            return
        if episode is None:
            self.new[occurrence] = NewEpisode(occurrence, wanted)
            self.risk[occurrence] = risk
            counts.created += 1
            return
        changes = _diff(episode, wanted)
        if self.risk.get(occurrence) != risk:
            changes["risk_level"] = [self.risk.get(occurrence), risk]
            self.risk[occurrence] = risk
            self.risk_changed.add(occurrence)
        if not changes:
            counts.unchanged += 1
            return
        counts.updated += 1
        self.history.append((episode, row.line, changes))
        if isinstance(episode, StoredEpisode):
            self.changed[occurrence] = episode

    def _rows_naming_episodes(self) -> None:
        """The rows that hold the new episodes' ids: gradings, change history, notifications."""
        now, new, changed = self.now, list(self.new.values()), self.changed
        gradings = [self._grading(e.pk, e.occurrence, e.reported_at) for e in new]
        gradings += [
            self._grading(e.pk, o, now) for o, e in changed.items() if o in self.risk_changed
        ]
        self.grading_rows = gradings
        run_id = self.batch.run.pk
        self.history_rows = [
            (e.pk, run_id, line, changes, now) for e, line, changes in self.history
        ]
        self.notification_rows = self._notifications(new)

    def _already_missing(self, row: ParsedRow, open_one: OpenEpisode) -> Problem:
        column = self.batch.mapping.columns["person_reference"]
        reference = row.values["person_reference"]
        return Problem(column, reference, f"{column} {reference} {open_one.refusal()}")

    def save(self) -> list[int]:
        """Write what `decide` found: children, episodes, gradings, history, notifications.
        Called through `episodes.intake.take_reports`. Returns are written before the new
        episodes, so a return and a new report of one child in one batch keep one open."""
        write_new_children(self.child_rows)
        update_rows(Episode, (*EPISODE_FIELDS, "updated_at"), self.update_rows)
        if self.pending_ids:
            Episode.objects.filter(pk__in=self.pending_ids).update(protocol_pending=True)
        new = list(self.new.values())
        ids = insert_rows(Episode, NEW_EPISODE_COLUMNS, self.episode_rows, self.episode_ids or None)
        if not self.episode_ids:  # ids given now: the rows that hold them are made now
            for episode, pk in zip(new, ids, strict=True):
                episode.pk = pk
            self._rows_naming_episodes()
        self.batch.updated_ids = sorted(episode.pk for episode in self.changed.values())
        insert_rows(RiskGrading, GRADING_COLUMNS, self.grading_rows)
        insert_rows(EpisodeChange, CHANGE_COLUMNS, self.history_rows)
        insert_rows(Notification, NOTIFICATION_COLUMNS, self.notification_rows)
        return [*ids, *self.batch.updated_ids]

    def _row(self, episode: NewEpisode, now: datetime, since: datetime) -> tuple[Any, ...]:
        values = [getattr(episode, name) for name in EPISODE_FIELDS]
        agency_id, source = self.batch.agency.pk, self.source_system
        pending = self.batch.apply_protocol and protocol_wanted(*_times(episode), since)
        return (*values, agency_id, source, episode.occurrence, now, now, pending)

    def _grading(self, episode_id: int, occurrence: str, when: datetime) -> tuple[Any, ...]:
        level = self.risk[occurrence]
        return (episode_id, level, when, self.graded_by, self.reasons[level])

    def _notifications(self, created: list[NewEpisode]) -> list[tuple[Any, ...]]:
        """Every new episode is told to the agencies of the intake's rule (and those added)."""
        days = timedelta(days=settings.MISSINGHUB_NOTIFICATION_DAYS)
        basis = settings.MISSINGHUB_NOTIFICATION_LAWFUL_BASIS
        sender, recipients = self.batch.agency.pk, self.intake.recipients
        return [
            (e.child_id, e.pk, sender, to, REPORT_PURPOSE, basis, *_period(e, days))
            for e in created
            for to in sorted(recipients(e.child_id))
        ]
