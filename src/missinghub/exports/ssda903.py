"""`missinghub export ssda903 --year YYYY --out DIR`: the DfE's SSDA903 tables for one collection
year (1 April YYYY to 31 March YYYY+1), in the return's layout (`kit/ssda903.py`).

- header.csv: each child looked after by the user's agency (a looked-after legal status with it
  as responsible authority) at some time in the year: the children the council returns, those
  who have since left care included (the need-to-know rule of `access` would hide them now).
- episodes.csv: each placement of those children while looked after, overlapping the year
  (DECOM its start; DEC its end when in the year, else blank; RNE S when it began the period of
  care, else P; REC X1 when the next placement began that day). MissingHub does not record the
  legal order, category of need, provider code, reasons or URN: LS, CIN, PLACE_PROVIDER, REC
  (other than X1), REASON_PLACE_CHANGE and URN are left blank for the council's case management
  system to complete. PL_LOCATION (an extra) says in or out of the area.
- missing.csv: each missing and away-from-placement episode reported in the year while the
  child was looked after (MIS_START the day it was reported, MIS_END the day of the return),
  with the extras RHI_OFFERED (a return interview was offered: the child or a carer was
  reached, or the interview held or declined) and RHI_ACCEPTED (held, not declined).

CHILD is the social care id the user's agency holds for the child, else any agency's, else
`MH` and the child's number. Audited like every identifiable export.
"""

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from missinghub.access.roles import Action, may
from missinghub.accounts.models import User
from missinghub.audit.enums import AuditVerb
from missinghub.audit.services import record_event, record_for_each_child
from missinghub.casework.models import ContactAttempt, ContactOutcome, ReturnInterview
from missinghub.children.models import (
    Child,
    ChildIdentifier,
    IdentifierKind,
    LegalStatus,
    LegalStatusKind,
    Placement,
)
from missinghub.episodes.models import Episode
from missinghub.exports.services import ExportRefused
from missinghub.kit import ssda903
from missinghub.security.spreadsheets import csv_text

REACHED = (
    ContactOutcome.SPOKE_TO_CHILD,
    ContactOutcome.SPOKE_TO_CARER,
    ContactOutcome.INTERVIEW_ARRANGED,
    ContactOutcome.DECLINED,
)
Period = tuple[dt.date, dt.date | None]


@dataclass(frozen=True)
class Ssda903Export:
    folder: Path
    rows: dict[str, int]  # file -> data rows


def _day(value: dt.date | None) -> str:
    return value.strftime(ssda903.DATE_FORMAT) if value else ""


def _local_day(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localtime(moment).date() if moment else None


def _in_care(periods: list[Period], day: dt.date) -> bool:
    return any(start <= day and (end is None or day < end) for start, end in periods)


class ReturnBuilder:
    def __init__(self, actor: User, year: int) -> None:
        self.actor = actor
        first, after = ssda903.collection_year(year)
        self.first, self.after = dt.date.fromisoformat(first), dt.date.fromisoformat(after)
        self.periods = self._periods()
        self.children = Child.objects.in_bulk(self.periods)
        self.references = self._references()

    def _periods(self) -> dict[int, list[Period]]:
        held = LegalStatus.objects.filter(
            responsible_authority_id=self.actor.agency_id,
            status=LegalStatusKind.LOOKED_AFTER,
            start_date__lt=self.after,
        ).filter(Q(end_date__isnull=True) | Q(end_date__gt=self.first))
        periods: dict[int, list[Period]] = {}
        for child_id, start, end in held.order_by("start_date").values_list(
            "child_id", "start_date", "end_date"
        ):
            periods.setdefault(child_id, []).append((start, end))
        return periods

    def _references(self) -> dict[int, str]:
        ids = ChildIdentifier.objects.filter(
            child_id__in=self.periods, kind=IdentifierKind.SOCIAL_CARE_ID
        ).order_by("id")
        own = self.actor.agency_id
        found: dict[int, str] = {}
        for child_id, agency_id, value in ids.values_list("child_id", "agency_id", "value"):
            if child_id not in found or agency_id == own:
                found[child_id] = value
        return {pk: found.get(pk, f"MH{pk}") for pk in self.periods}

    def header(self) -> list[tuple[Any, ...]]:
        upns = dict(
            ChildIdentifier.objects.filter(
                child_id__in=self.periods, kind=IdentifierKind.SCHOOL_UPN
            ).values_list("child_id", "value")
        )
        return [
            (
                self.references[pk],
                ssda903.SEX_OF[child.sex],
                _day(child.date_of_birth),
                ssda903.ETHNIC_OF[child.ethnicity],
                upns.get(pk, ""),
                "",
                "",
            )
            for pk, child in sorted(
                self.children.items(), key=lambda item: self.references[item[0]]
            )
        ]

    def episodes(self) -> list[tuple[Any, ...]]:
        placements = Placement.objects.filter(child_id__in=self.periods).order_by(
            "child_id", "start_date"
        )
        by_child: dict[int, list[Placement]] = {}
        for placement in placements:
            by_child.setdefault(placement.child_id, []).append(placement)
        rows = []
        for child_id, periods in self.periods.items():
            for start, end in periods:
                rows += self._care(child_id, start, end, by_child.get(child_id, []))
        return rows

    def _care(
        self, child_id: int, start: dt.date, end: dt.date | None, placements: list[Placement]
    ) -> list[tuple[Any, ...]]:
        child, rows = self.children[child_id], []
        for placement in placements:
            begins = max(placement.start_date, start)
            known_ends = [day for day in (placement.end_date, end) if day is not None]
            ends = min(known_ends) if known_ends else None
            if (ends is not None and ends <= begins) or begins >= self.after:
                continue
            if ends is not None and ends <= self.first:
                continue
            moved = ends is not None and any(p.start_date == ends for p in placements)
            shown_end = ends if ends is not None and ends < self.after else None
            rows.append(
                (
                    self.references[child_id],
                    _day(begins),
                    "S" if begins == start else "P",
                    "",
                    "",
                    ssda903.PLACE_OF[placement.placement_type],
                    "",
                    _day(shown_end),
                    "X1" if moved and shown_end else "",
                    "",
                    child.home_postcode,
                    placement.postcode,
                    "",
                    ssda903.LOCATION_OF[placement.area],
                )
            )
        return rows

    def missing(self) -> list[tuple[Any, ...]]:
        episodes = Episode.objects.filter(
            child_id__in=self.periods, category__in=list(ssda903.MISSING_OF)
        ).order_by("reported_at", "id")
        offered, accepted = self._interviews()
        rows = []
        for episode in episodes.only("child_id", "category", "reported_at", "returned_at"):
            day = _local_day(episode.reported_at)
            if day is None or not (self.first <= day < self.after):
                continue
            if not _in_care(self.periods[episode.child_id], day):
                continue
            back = episode.returned_at is not None
            rows.append(
                (
                    self.references[episode.child_id],
                    _day(self.children[episode.child_id].date_of_birth),
                    ssda903.MISSING_OF[episode.category],
                    _day(day),
                    _day(_local_day(episode.returned_at)),
                    ("Y" if episode.pk in offered else "N") if back else "",
                    ("Y" if episode.pk in accepted else "N") if back else "",
                )
            )
        return rows

    def _interviews(self) -> tuple[set[int], set[int]]:
        """Episodes whose return interview was offered, and those where it was held."""
        interviews = ReturnInterview.objects.filter(child_id__in=self.periods)
        reached = set(
            ContactAttempt.objects.filter(
                interview__child_id__in=self.periods, outcome__in=REACHED
            ).values_list("interview__episode_id", flat=True)
        )
        held = interviews.filter(interviewed_at__isnull=False)
        declined = set(interviews.filter(child_declined=True).values_list("episode_id", flat=True))
        accepted = set(held.values_list("episode_id", flat=True)) - declined
        return reached | accepted | declined, accepted


def export_ssda903(*, actor: User, reason: str, year: int, folder: Path) -> Ssda903Export:
    """Write header.csv, episodes.csv and missing.csv into `folder`. Needs the export
    permission (a refusal is audited, outside the export's transaction so that it stays);
    the children are those `actor`'s agency looked after in the year."""
    if not may(actor, Action.EXPORT):
        record_event(verb=AuditVerb.ACCESS_REFUSED, actor=actor, detail={"action": "export"})
        raise ExportRefused("export")
    with transaction.atomic():
        return _export(actor, reason, year, folder)


def _export(actor: User, reason: str, year: int, folder: Path) -> Ssda903Export:
    built = ReturnBuilder(actor, year)
    tables = {
        ssda903.HEADER: built.header(),
        ssda903.EPISODES: built.episodes(),
        ssda903.MISSING: built.missing(),
    }
    rows = {table.file: len(content) for table, content in tables.items()}
    record_event(
        verb=AuditVerb.EXPORT_PRODUCED,
        actor=actor,
        detail={"export": "ssda903", "reason": reason, "year": year, "rows": rows},
    )
    record_for_each_child(
        verb=AuditVerb.CHILDREN_EXPORTED,
        user=actor,
        child_ids=set(built.children),
        detail={"export": "ssda903"},
    )
    folder.mkdir(parents=True, exist_ok=True)
    for table, content in tables.items():
        text = csv_text(table.all_columns, content)
        (folder / table.file).write_text(text, encoding="utf-8")
    return Ssda903Export(folder, rows)
