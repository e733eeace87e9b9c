"""What a kind's writer gets for one batch, what it counts, and the children it finds or makes."""

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.utils import timezone

from missinghub.accounts.models import Agency, User
from missinghub.children.models import Child, ChildIdentifier, IdentifierKind
from missinghub.children.search import name_keys
from missinghub.episodes.intake import PeopleAtTheDoor, Person, Recognised, recognise_people
from missinghub.imports.bulk import insert_rows, reserve_ids
from missinghub.imports.duplicates import LatestRows
from missinghub.imports.mapping import Mapping
from missinghub.imports.matching import PersonRecord, match_children
from missinghub.imports.models import ImportRun
from missinghub.imports.persons import PersonBook
from missinghub.imports.rows import ParsedRow, Problem


@dataclass
class Counts:
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    skipped: int = 0  # rows a row filter of the mapping skipped (docs/imports.md)
    children_created: int = 0
    children_matched: int = 0
    sent_for_review: int = 0  # rows held: their reference names a child whose details disagree
    superseded: int = 0  # rows of a record that a later row of the same file replaces

    def add(self, other: "Counts | dict[str, int]") -> None:
        values = other if isinstance(other, dict) else asdict(other)
        for name, value in values.items():
            setattr(self, name, getattr(self, name) + value)

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


@dataclass
class Batch:
    run: ImportRun
    mapping: Mapping
    agency: Agency
    actor: User | None
    persons: PersonBook
    apply_protocol: bool
    rows: list[ParsedRow]
    counts: Counts = field(default_factory=Counts)
    number: int = 0  # the batch's number in the file, and its first and last line
    lines: tuple[int, int] = (0, 0)
    rejected: list[tuple[int, Problem]] = field(default_factory=list)
    updated_ids: list[int] = field(default_factory=list)  # stored records this batch changed
    # Children found new, with ids reserved, not yet written (`find_or_make_children(later=)`).
    unwritten_children: list["NewChild"] = field(default_factory=list)
    # Identifiers of the file's agency for stored children linkage recognised, not yet written.
    unwritten_identifiers: list[tuple[Any, ...]] = field(default_factory=list)
    latest: LatestRows | None = None  # the last line of each record in the file
    link: bool = True  # ask linkage at the door (off: the identifiers decide alone)

    def reject(self, row: ParsedRow, problems: Iterable[Problem] = ()) -> None:
        for problem in [*row.problems, *problems]:
            self.rejected.append((row.line, problem))
        self.counts.rejected += 1

    def hold(self, row: ParsedRow, problem: Problem) -> None:
        """The row is sent for review: named in the errors file, counted apart from rejections."""
        self.rejected.append((row.line, problem))
        self.counts.sent_for_review += 1

    def valid_rows(self) -> list[ParsedRow]:
        """Rows with no problem so far; rows with problems are rejected here, and a row that a
        later row of the file replaces (the same record) is named and set aside."""
        valid = []
        for row in self.rows:
            replaced = self.latest.replaced(row) if self.latest is not None else None
            if row.skipped:
                self.counts.skipped += 1
            elif replaced is not None:
                self.rejected.append((row.line, replaced))
                self.counts.superseded += 1
            elif row.problems:
                self.reject(row)
            else:
                valid.append(row)
        return valid


@dataclass
class NewChild:
    reference: str
    kind: IdentifierKind
    details: dict[str, Any]
    child_id: int


def find_or_make_children(
    batch: Batch,
    rows: list[ParsedRow],
    kind: IdentifierKind,
    seen: set[int],
    later: bool = False,
) -> tuple[dict[str, int], list[ParsedRow], set[str]]:
    """Match each row's person reference to a child, creating the unknown ones (bulk).

    Every person of the batch goes through linkage at the door in one call (the intake's
    `recognise_people`): a reference an identifier names is the child's when linkage agrees;
    one whose details disagree is held for review and its rows attach nothing. Returns
    {reference: child id}, the rows still valid and the references created now. A person not
    yet known whose rows give no readable date of birth cannot be created: those rows are
    rejected with the reason.
    `seen` is the run's set of children already counted as matched or created.
    `later` (PostgreSQL): the new children get their ids from the sequence now and are written
    by `write_new_children` (in the batch's own transaction, when the lookup ran in another).
    """
    references = sorted({row.values["person_reference"] for row in rows})
    named = match_children([PersonRecord(ref, kind, batch.agency.pk) for ref in references])
    details = {ref: batch.persons.details(ref) for ref in references}
    answer = _at_the_door(batch, details, named, kind, later)
    found = dict(answer.matched)
    matched = {child_id for child_id in found.values() if child_id not in seen}
    batch.counts.children_matched += len(matched)
    seen.update(matched)
    new = {r: d for r, d in details.items() if r not in found and r not in answer.held}
    makeable = {ref: d for ref, d in new.items() if d.get("date_of_birth") is not None}
    if later:
        found.update(_reserve_children(batch, makeable, kind))
    else:
        found.update(_create_children(batch, makeable, kind))
    seen.update(found[ref] for ref in makeable)
    still_valid = []
    for row in rows:
        reference = row.values["person_reference"]
        if reference in found:
            still_valid.append(row)
        elif reference in answer.held:
            batch.hold(row, _held(batch.mapping, row, answer.held[reference]))
        else:
            batch.reject(row, [_no_birth_date(batch.mapping, row)])
    return found, still_valid, set(makeable)


def _at_the_door(
    batch: Batch,
    details: dict[str, dict[str, Any]],
    named: dict[str, int],
    kind: IdentifierKind,
    later: bool,
) -> Recognised:
    """Linkage's answer for the batch; the people it recognises without an identifier of the
    file's agency get that identifier on their child."""
    door = PeopleAtTheDoor(
        people={ref: _person(d) for ref, d in details.items()},
        named=named,
        agency_id=batch.agency.pk,
        identifier_kind=str(kind),
        source=f"import {batch.run.pk} of {batch.run.file_name}",
    )
    answer = recognise_people(door) if batch.link else Recognised(matched=dict(named))
    linked = {ref: child for ref, child in answer.matched.items() if ref not in named}
    rows = [(child_id, batch.agency.pk, kind, ref) for ref, child_id in sorted(linked.items())]
    if later:
        batch.unwritten_identifiers += rows
    elif rows:
        insert_rows(ChildIdentifier, IDENTIFIER_COLUMNS, rows)
    return answer


def _person(details: dict[str, Any]) -> Person:
    return Person(
        given_name=details.get("given_name") or "",
        family_name=details.get("family_name") or "",
        date_of_birth=details.get("date_of_birth"),
        sex=details.get("sex") or "",
        postcode=details.get("home_postcode") or "",
    )


def _held(mapping: Mapping, row: ParsedRow, why: str) -> Problem:
    column = mapping.columns.get("person_reference", "person reference")
    reference = row.values["person_reference"]
    return Problem(column, reference, f"{column} {reference} {why}")


def _no_birth_date(mapping: Mapping, row: ParsedRow) -> Problem:
    column = mapping.columns.get("date_of_birth", "date of birth")
    return Problem(
        column,
        row.raw.get("date_of_birth", ""),
        f"{column} is blank or unreadable on every row for {row.values['person_reference']}, "
        "who is not yet known: a child cannot be created without a date of birth",
    )


def _reserve_children(
    batch: Batch, details: dict[str, dict[str, Any]], kind: IdentifierKind
) -> dict[str, int]:
    references = sorted(details)
    ids = reserve_ids(Child, len(references))
    batch.unwritten_children = [
        NewChild(reference, kind, details[reference], child_id)
        for reference, child_id in zip(references, ids, strict=True)
    ]
    batch.counts.children_created += len(ids)
    return dict(zip(references, ids, strict=True))


@dataclass
class NewChildRows:
    """The rows that write the children `find_or_make_children(later=True)` gave ids to."""

    ids: list[int]
    children: list[tuple[Any, ...]]
    identifiers: list[tuple[Any, ...]]


def new_child_rows(batch: Batch) -> NewChildRows:
    new, now = batch.unwritten_children, timezone.now()
    return NewChildRows(
        [child.child_id for child in new],
        [(*_child(child.details), now) for child in new],
        [(c.child_id, batch.agency.pk, c.kind, c.reference) for c in new]
        + batch.unwritten_identifiers,
    )


def write_new_children(rows: NewChildRows) -> None:
    if rows.ids:
        insert_rows(Child, CHILD_COLUMNS, rows.children, ids=rows.ids)
    if rows.identifiers:
        insert_rows(ChildIdentifier, IDENTIFIER_COLUMNS, rows.identifiers)


def _create_children(
    batch: Batch, details: dict[str, dict[str, Any]], kind: IdentifierKind
) -> dict[str, int]:
    if not details:
        return {}
    references = sorted(details)
    now = timezone.now()
    ids = insert_rows(
        Child,
        CHILD_COLUMNS,
        [(*_child(details[reference]), now) for reference in references],
    )
    insert_rows(
        ChildIdentifier,
        IDENTIFIER_COLUMNS,
        [
            (child_id, batch.agency.pk, kind, reference)
            for reference, child_id in zip(references, ids, strict=True)
        ],
    )
    batch.counts.children_created += len(ids)
    return dict(zip(references, ids, strict=True))


IDENTIFIER_COLUMNS = ("child_id", "agency_id", "kind", "value")


CHILD_COLUMNS = (
    "given_name",
    "family_name",
    "date_of_birth",
    "date_of_birth_is_approximate",
    "sex",
    "ethnicity",
    "home_postcode",
    "search_name",
    "name_sounds",
    "created_at",
)


def _child(details: dict[str, Any]) -> tuple[Any, ...]:
    given, family = details.get("given_name") or "", details.get("family_name") or ""
    return (
        given,
        family,
        details["date_of_birth"],
        False,
        details.get("sex") or "not_known",
        details.get("ethnicity") or "not_stated",
        (details.get("home_postcode") or "").upper(),
        *name_keys(given, family),  # the search keys the model's fields set on other writes
    )
