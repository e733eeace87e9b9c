"""School referrals of children missing education, checked and staged as `CmeReferralRow`.

There is no CME case model yet: casework takes staged rows up (see docs/imports.md). A row is
matched to a stored child by UPN when one is given; no child is created from a referral.
"""

from typing import Any

from missinghub.children.models import IdentifierKind
from missinghub.imports.batch import Batch
from missinghub.imports.matching import PersonRecord, match_children
from missinghub.imports.models import CmeReferralRow
from missinghub.imports.rows import ParsedRow

STAGED_FIELDS = (
    "child_id",
    "upn",
    "given_name",
    "family_name",
    "date_of_birth",
    "sex",
    "home_postcode",
    "referred_on",
    "reason",
    "referring_school",
)


def _wanted(row: ParsedRow, child_id: int | None) -> dict[str, Any]:
    values = row.values
    return {
        "child_id": child_id,
        "upn": values.get("person_reference") or "",
        "given_name": values.get("given_name") or "",
        "family_name": values.get("family_name") or "",
        "date_of_birth": values.get("date_of_birth"),
        "sex": values.get("sex") or "",
        "home_postcode": (values.get("home_postcode") or "").upper(),
        "referred_on": values["referred_on"],
        "reason": values.get("reason") or "",
        "referring_school": values.get("referring_school") or "",
    }


class CmeBatchWriter:
    def __init__(self, batch: Batch, seen_children: set[int]) -> None:
        self.batch = batch
        self.seen = seen_children

    def write(self) -> list[int]:
        rows = self.batch.valid_rows()
        upns = {
            row.values["person_reference"] for row in rows if row.values.get("person_reference")
        }
        children = match_children(
            [PersonRecord(upn, IdentifierKind.SCHOOL_UPN, None) for upn in sorted(upns)]
        )
        new_matches = set(children.values()) - self.seen
        self.batch.counts.children_matched += len(new_matches)
        self.seen.update(new_matches)
        references = {row.values["referral_reference"] for row in rows}
        stored = {
            staged.referral_reference: staged
            for staged in CmeReferralRow.objects.filter(
                agency=self.batch.agency, referral_reference__in=references
            )
        }
        for row in rows:
            self._stage(row, children.get(row.values.get("person_reference") or ""), stored)
        return []

    def _stage(
        self, row: ParsedRow, child_id: int | None, stored: dict[str, CmeReferralRow]
    ) -> None:
        wanted = _wanted(row, child_id)
        reference = row.values["referral_reference"]
        staged = stored.get(reference)
        counts = self.batch.counts
        if staged is None:
            stored[reference] = CmeReferralRow.objects.create(
                agency=self.batch.agency,
                referral_reference=reference,
                run=self.batch.run,
                line=row.line,
                **wanted,
            )
            counts.created += 1
            return
        changed = [name for name in STAGED_FIELDS if getattr(staged, name) != wanted[name]]
        if not changed:
            counts.unchanged += 1
            return
        for name in changed:
            setattr(staged, name, wanted[name])
        staged.run, staged.line = self.batch.run, row.line
        staged.save(update_fields=[*changed, "run", "line"])
        counts.updated += 1
