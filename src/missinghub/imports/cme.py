"""Referrals of children missing education, created and updated as `CmeReferral`s.

One referral per (file's agency, referral reference): a re-import updates it in place, and an
unchanged row changes nothing. A row's child is the stored child with its UPN (a UPN is national:
any agency's); else a new child with the UPN; a row without a UPN keeps the child its referral
already has, or makes a new child from its names and date of birth. The referring agency is the
stored agency of that name (of any kind) when there is one; its name is kept either way.

A row's outcome must agree with its closing date: an ongoing referral has none, a closed one
(located, or closed without locating) has one, not before the referral (docs/imports.md).
"""

from datetime import date
from typing import Any

from django.db.models.functions import Lower

from missinghub.accounts.models import Agency
from missinghub.casework.models import CmeGround, CmeReferral, CmeStatus
from missinghub.children.models import IdentifierKind
from missinghub.children.services import store_child
from missinghub.imports.batch import Batch, find_or_make_children
from missinghub.imports.matching import PersonRecord, match_children
from missinghub.imports.rows import ParsedRow, Problem

REFERRAL_FIELDS = (
    "child_id",
    "referred_on",
    "ground",
    "status",
    "closed_on",
    "where_located",
    "school_id",
    "referrer_name",
    "referred_to_id",
)


def _day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


class CmeBatchWriter:
    def __init__(self, batch: Batch, seen_children: set[int]) -> None:
        self.batch = batch
        self.seen = seen_children
        self.columns = batch.mapping.columns

    def write(self) -> list[int]:
        rows = [row for row in self.batch.valid_rows() if self._outcome_agrees(row)]
        references = {row.values["referral_reference"] for row in rows}
        stored = {
            referral.source_reference: referral
            for referral in CmeReferral.objects.filter(
                source_agency=self.batch.agency, source_reference__in=references
            )
        }
        children, rows = self._children(rows, stored)
        agencies = self._referrers(rows)
        touched = []
        for row in rows:
            reference = row.values["referral_reference"]
            child_id = children.get(reference)
            if child_id is None:
                continue  # rejected: no child could be found or made
            touched.append(self._save(row, child_id, agencies, stored))
        return [pk for pk in touched if pk]

    def _outcome_agrees(self, row: ParsedRow) -> bool:
        values = row.values
        status = values.get("status") or CmeStatus.ONGOING
        closed = values.get("closed_on")
        status_column = self.columns.get("status", "the outcome")
        closed_column = self.columns.get("closed_on", "the closing date")
        reason = ""
        if status == CmeStatus.ONGOING and closed is not None:
            reason = f"{closed_column} gives a closing date but {status_column} says ongoing"
        elif status != CmeStatus.ONGOING and closed is None:
            reason = f"{status_column} says closed but {closed_column} is blank"
        elif closed is not None and closed < values["referred_on"]:
            reason = f"{closed_column} {_day(closed)} is before the referral"
        if not reason:
            return True
        column = closed_column if closed is not None else status_column
        self.batch.reject(row, [Problem(column, row.raw.get("closed_on", ""), reason)])
        return False

    def _children(
        self, rows: list[ParsedRow], stored: dict[str, CmeReferral]
    ) -> tuple[dict[str, int], list[ParsedRow]]:
        """{referral reference: child id}, and the rows still valid."""
        upns = sorted({row.values["person_reference"] for row in rows if _upn(row)})
        national = match_children(
            [PersonRecord(upn, IdentifierKind.SCHOOL_UPN, None) for upn in upns]
        )
        unknown = [row for row in rows if _upn(row) and _upn(row) not in national]
        new_matches = set(national.values()) - self.seen
        self.batch.counts.children_matched += len(new_matches)
        self.seen.update(new_matches)
        made, kept, _ = (
            find_or_make_children(self.batch, unknown, IdentifierKind.SCHOOL_UPN, self.seen)
            if unknown
            else ({}, [], set())
        )
        by_upn = {**national, **made}
        children: dict[str, int] = {}
        still = [row for row in rows if not _upn(row) or _upn(row) in national]
        for row in [*still, *kept]:
            reference = row.values["referral_reference"]
            if _upn(row):
                children[reference] = by_upn[_upn(row)]
            elif reference in stored:
                children[reference] = stored[reference].child_id
            else:
                child_id = self._new_child(row)
                if child_id is not None:
                    children[reference] = child_id
        return children, [*still, *kept]

    def _new_child(self, row: ParsedRow) -> int | None:
        """A child for a referral that names no UPN: from the row's own details."""
        values = row.values
        if values.get("date_of_birth") is None:
            column = self.columns.get("date_of_birth", "date of birth")
            upn = self.columns.get("person_reference", "UPN")
            reason = (
                f"{column} is blank or unreadable and {upn} is blank: a child cannot be "
                "created without a date of birth"
            )
            self.batch.reject(row, [Problem(column, row.raw.get("date_of_birth", ""), reason)])
            return None
        child = store_child(
            given_name=values.get("given_name") or "",
            family_name=values.get("family_name") or "",
            home_postcode=values.get("home_postcode") or "",
            date_of_birth=values["date_of_birth"],
            sex=values.get("sex") or "not_known",
        )
        self.batch.counts.children_created += 1
        self.seen.add(child.pk)
        return child.pk

    def _referrers(self, rows: list[ParsedRow]) -> dict[str, int]:
        """{name folded: agency id} of the referring agencies MissingHub holds."""
        names = {(row.values.get("referring_school") or "").casefold() for row in rows}
        names.discard("")
        found = Agency.objects.annotate(folded=Lower("name")).filter(folded__in=names)
        return dict(found.values_list("folded", "pk"))

    def _wanted(self, row: ParsedRow, child_id: int, agencies: dict[str, int]) -> dict[str, Any]:
        values = row.values
        status = values.get("status") or CmeStatus.ONGOING
        where = values.get("outcome") or ""
        if status == CmeStatus.LOCATED_CLOSED and not where:
            where = f"Located (as recorded by {self.batch.agency.name})"
        referrer = values.get("referring_school") or ""
        return {
            "child_id": child_id,
            "referred_on": values["referred_on"],
            "ground": values.get("ground") or CmeGround.OTHER,
            "status": status,
            "closed_on": values.get("closed_on"),
            "where_located": where,
            "school_id": agencies.get(referrer.casefold()),
            "referrer_name": referrer,
            "referred_to_id": self.batch.agency.pk,
        }

    def _save(
        self,
        row: ParsedRow,
        child_id: int,
        agencies: dict[str, int],
        stored: dict[str, CmeReferral],
    ) -> int:
        """Create or update the row's referral; its id when written, else 0."""
        wanted = self._wanted(row, child_id, agencies)
        reference = row.values["referral_reference"]
        counts = self.batch.counts
        referral = stored.get(reference)
        if referral is None:
            stored[reference] = referral = CmeReferral.objects.create(
                source_agency=self.batch.agency, source_reference=reference, **wanted
            )
            counts.created += 1
            return referral.pk
        changed = [name for name in REFERRAL_FIELDS if getattr(referral, name) != wanted[name]]
        if not changed:
            counts.unchanged += 1
            return 0
        for name in changed:
            setattr(referral, name, wanted[name])
        referral.save(update_fields=changed)
        counts.updated += 1
        self.batch.updated_ids.append(referral.pk)
        return referral.pk


def _upn(row: ParsedRow) -> str:
    return str(row.values.get("person_reference") or "")
