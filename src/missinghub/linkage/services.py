"""Record linkage writes and the intake seam.

- `link_all_children`: score every child against every other (Splink, DuckDB), merge the
  confident links, queue the uncertain ones for a person (`missinghub link`).
- `accept_pair` / `reject_pair`: a person's decision on a queued pair.
- `merge_children` / `unmerge` (from `merging.py`): reversible, audited merges.
- `candidates_for`: the known children a new record (a notification, an imported row) may be.
"""

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import polars as pl
from django.db import transaction
from django.utils import timezone

from missinghub.accounts.models import User
from missinghub.audit.enums import AuditVerb
from missinghub.audit.services import record_event
from missinghub.children.models import Child
from missinghub.linkage.intake import match_record, match_records, score_pairs
from missinghub.linkage.merging import MergeRefused, merge_children, unmerge
from missinghub.linkage.model.batch import (
    DEFAULT_THRESHOLDS,
    Thresholds,
    automatic_links,
    best_probability,
    cluster_members,
    clusters,
    predict_pairs,
)
from missinghub.linkage.model.intake import Candidate
from missinghub.linkage.model.prepare import prepare
from missinghub.linkage.model.scorer import PairScore
from missinghub.linkage.model.train import SavedModel, current_model, duckdb_api
from missinghub.linkage.models import ReferenceReview, ReviewPair, ReviewStatus
from missinghub.linkage.records import children_records

__all__ = [
    "MergeRefused",
    "accept_pair",
    "candidates_for",
    "candidates_for_each",
    "decide_reference",
    "link_all_children",
    "merge_children",
    "reject_pair",
    "score_named",
    "unmerge",
]


@dataclass(frozen=True)
class IntakeCandidate:
    child_id: int
    match_probability: float
    match_weight: float
    looks_like_twins: bool


def candidates_for(
    *,
    given_name: str | None,
    family_name: str | None,
    date_of_birth: Any,
    sex: str | None = None,
    postcode: str | None = None,
    identifiers: dict[str, str] | None = None,
    floor: float = DEFAULT_THRESHOLDS.review,
    limit: int = 5,
) -> list[IntakeCandidate]:
    """The known children this record may be, most likely first, with probabilities.

    `sex` as `children.models.Sex` ("female", "male", ...) or F/M; `identifiers` maps an
    `IdentifierKind` value to the agency's identifier. Reads only; no audit (the caller shows
    or uses the result and audits that)."""
    found = match_record(
        given_name=given_name,
        family_name=family_name,
        date_of_birth=date_of_birth,
        sex=sex,
        postcode=postcode,
        identifiers=identifiers,
        floor=floor,
        limit=limit,
    )
    return [_intake_candidate(c) for c in found]


def candidates_for_each(
    people: Sequence[Mapping[str, Any]],
    *,
    floor: float = DEFAULT_THRESHOLDS.review,
    limit: int = 5,
) -> list[list[IntakeCandidate]]:
    """`candidates_for` for a batch (e.g. an import batch): one list per person, in order.
    Each person is a mapping of `candidates_for`'s keyword arguments (given_name, family_name,
    date_of_birth, and optionally sex, postcode, identifiers)."""
    found = match_records(people, floor=floor, limit=limit)
    return [[_intake_candidate(c) for c in candidates] for candidates in found]


def score_named(asked: Mapping[str, tuple[Mapping[str, Any], int]]) -> dict[str, PairScore]:
    """The model's score of each person against the stored child an identifier names: {key:
    (the person as `candidates_for`'s keyword arguments, child id)}. Reads only."""
    return score_pairs(asked)


def _intake_candidate(found: Candidate) -> IntakeCandidate:
    return IntakeCandidate(
        child_id=int(found.unique_id),
        match_probability=found.score.match_probability,
        match_weight=found.score.match_weight,
        looks_like_twins=found.looks_like_twins,
    )


@dataclass(frozen=True)
class LinkRunSummary:
    children: int
    pairs_scored: int
    merges: int
    queued: int
    refused: int


def _merge_cluster(members: list[int], probabilities: dict[int, float]) -> tuple[int, list[int]]:
    """Merge every member into the oldest record; returns (merged, refused ids)."""
    kept = Child.objects.get(pk=members[0])
    merged, refused = 0, []
    for child_id in members[1:]:
        try:
            merge_children(
                actor=None,
                kept=kept,
                merged=Child.objects.get(pk=child_id),
                reason="Linked automatically: above the merge threshold.",
                match_probability=probabilities.get(child_id),
                automatic=True,
            )
            merged += 1
        except MergeRefused:
            refused.append(child_id)
    return merged, refused


def _queue(pairs: pl.DataFrame, model: SavedModel) -> int:
    existing = set(ReviewPair.objects.values_list("first_child_id", "second_child_id"))
    live = set(Child.objects.values_list("pk", flat=True))
    now, new = timezone.now(), []
    for row in pairs.iter_rows(named=True):
        first, second = sorted((int(row["unique_id_l"]), int(row["unique_id_r"])))
        if (first, second) in existing or first not in live or second not in live:
            continue
        existing.add((first, second))
        new.append(
            ReviewPair(
                first_child_id=first,
                second_child_id=second,
                match_probability=row["match_probability"],
                match_weight=row["match_weight"],
                model_label=model.label,
                found_at=now,
            )
        )
    ReviewPair.objects.bulk_create(new)
    return len(new)


def link_all_children(
    *,
    actor: User | None = None,
    model: SavedModel | None = None,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> LinkRunSummary:
    """Score and cluster all children; merge above `thresholds.merge`, queue the rest."""
    model = model or current_model()
    records = children_records()
    prepared = prepare(records, model.spec)
    scored = predict_pairs(duckdb_api(), prepared, model, floor=thresholds.review)
    links = automatic_links(scored, model, merge=thresholds.merge)
    best = best_probability(links)
    merges, refused = 0, 0
    for members in cluster_members(clusters(prepared["unique_id"], links)):
        with transaction.atomic():
            done, failed = _merge_cluster(members, best)
        merges, refused = merges + done, refused + len(failed)
    unmerged = scored.join(links, on=["unique_id_l", "unique_id_r"], how="anti")
    queued = _queue(unmerged, model)
    summary = LinkRunSummary(records.height, scored.height, merges, queued, refused)
    record_event(
        verb=AuditVerb.LINKAGE_RUN,
        actor=actor,
        detail={"model": model.label, **asdict(summary)},
    )
    return summary


def _decide(pair: ReviewPair, status: ReviewStatus, actor: User, reason: str) -> ReviewPair:
    pair = ReviewPair.objects.select_for_update().get(pk=pair.pk)
    if pair.status != ReviewStatus.PENDING:
        raise MergeRefused("This pair has been decided already.")
    pair.status, pair.decided_at, pair.decided_by, pair.reason = (
        status,
        timezone.now(),
        actor,
        reason,
    )
    pair.save()
    return pair


@transaction.atomic
def accept_pair(*, actor: User, pair: ReviewPair, reason: str) -> ReviewPair:
    """The two records are one child: merge the newer record into the older one (audited)."""
    pair = _decide(pair, ReviewStatus.ACCEPTED, actor, reason)
    merge = merge_children(
        actor=actor,
        kept=Child.objects.get(pk=pair.first_child_id),
        merged=Child.objects.get(pk=pair.second_child_id),
        reason=reason,
        match_probability=pair.match_probability,
    )
    pair.merge = merge
    pair.save(update_fields=["merge"])
    record_event(
        verb=AuditVerb.MATCH_ACCEPTED,
        actor=actor,
        target=pair,
        child_id=pair.first_child_id,
        detail={"pair": pair.pk, "merge": merge.pk, "merged_child": pair.second_child_id},
    )
    return pair


@transaction.atomic
def reject_pair(*, actor: User, pair: ReviewPair, reason: str) -> ReviewPair:
    """Different children: the pair is not queued again (audited)."""
    pair = _decide(pair, ReviewStatus.REJECTED, actor, reason)
    for child_id in (pair.first_child_id, pair.second_child_id):
        record_event(
            verb=AuditVerb.MATCH_REJECTED,
            actor=actor,
            target=pair,
            child_id=child_id,
            detail={"pair": pair.pk},
        )
    return pair


@transaction.atomic
def decide_reference(
    *, actor: User, review: ReferenceReview, same_child: bool, reason: str
) -> ReferenceReview:
    """A person's decision on a reference held at the door (audited): the same child, so the
    next import attaches its rows to the child; or a different child, so they stay held."""
    review = ReferenceReview.objects.select_for_update().get(pk=review.pk)
    if review.status != ReviewStatus.PENDING:
        raise MergeRefused("This reference has been decided already.")
    review.status = ReviewStatus.ACCEPTED if same_child else ReviewStatus.REJECTED
    review.decided_at, review.decided_by, review.reason = timezone.now(), actor, reason
    review.save(update_fields=["status", "decided_at", "decided_by", "reason"])
    record_event(
        verb=AuditVerb.MATCH_ACCEPTED if same_child else AuditVerb.MATCH_REJECTED,
        actor=actor,
        target=review,
        child_id=review.child_id,
        detail={"reference_review": review.pk, "reference": review.reference},
    )
    return review
