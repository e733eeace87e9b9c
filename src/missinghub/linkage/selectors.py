"""Reads for the linkage pages, always scoped to what the user may see."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from missinghub.access.policy import visible_child_ids
from missinghub.accounts.models import AgencyKind, User
from missinghub.children.models import (
    Child,
    ChildIdentifier,
    IdentifierKind,
    LegalStatus,
    Placement,
)
from missinghub.episodes.models import Episode
from missinghub.linkage.intake import children_index
from missinghub.linkage.model.prepare import prepare
from missinghub.linkage.model.scorer import score_pair
from missinghub.linkage.models import ChildMerge, ReferenceReview, ReviewPair, ReviewStatus
from missinghub.linkage.records import children_records

FIELD_LABELS = {
    "first_name": "First name",
    "surname": "Last name",
    "dob": "Date of birth",
    "sex": "Sex",
    "postcode": "Home postcode",
    "identifiers": "Agency identifiers",
}


def held_in_area(area: str) -> QuerySet[Any, Any]:
    """Ids of the children some agency of `area` holds: an identifier it issued, an episode it
    reported, a current legal status or placement with it."""
    child = OuterRef("pk")
    held = (
        Exists(ChildIdentifier.objects.filter(child=child, agency__area=area))
        | Exists(Episode.objects.filter(child=child, reporting_agency__area=area))
        | Exists(
            LegalStatus.objects.filter(child=child, end_date=None, responsible_authority__area=area)
        )
        | Exists(Placement.objects.filter(child=child, end_date=None, provider__area=area))
    )
    return Child.objects.filter(held).values("pk")


def _reviewable(user: User) -> Q:
    """A pair a reviewer may decide: each child one the reviewer may see, or one held by an
    agency of the reviewer's area (a pair across agencies, which no one person may see whole:
    the area's missing-team manager and social workers decide it from the compared fields)."""
    visible, area = visible_child_ids(user), user.agency.area
    first = Q(first_child_id__in=visible) | Q(first_child_id__in=held_in_area(area))
    second = Q(second_child_id__in=visible) | Q(second_child_id__in=held_in_area(area))
    return first & second


def pending_pairs(user: User) -> QuerySet[ReviewPair]:
    """Pairs waiting for a decision that the user may decide (`_reviewable`)."""
    return ReviewPair.objects.filter(_reviewable(user), status=ReviewStatus.PENDING)


def _reviewable_reference(user: User) -> Q:
    """A held reference a reviewer may decide: its agency is of the reviewer's area, and the
    child it names is one the reviewer may see or one held in their area."""
    visible, area = visible_child_ids(user), user.agency.area
    named = Q(child_id__in=visible) | Q(child_id__in=held_in_area(area))
    return named & Q(agency__area=area)


def pending_references(user: User) -> QuerySet[ReferenceReview]:
    """References held at the door, waiting for a decision the user may make."""
    reviews = ReferenceReview.objects.filter(_reviewable_reference(user))
    return reviews.filter(status=ReviewStatus.PENDING).select_related("agency")


def reference_for(user: User, review_id: int) -> tuple[ReferenceReview, Child]:
    """The held reference and the child it names, or 404 unless the user may decide it."""
    review = ReferenceReview.objects.filter(_reviewable_reference(user), pk=review_id).first()
    child = children_by_id({review.child_id}).get(review.child_id) if review else None
    if review is None or child is None:
        raise Http404("No held reference you can see has that number.")
    return review, child


def compare_reference(review: ReferenceReview, child: Child) -> list[tuple[str, str, str]]:
    """(field, what the file says, what the child's record says), for the fields compared."""
    born = review.date_of_birth.strftime("%-d %B %Y") if review.date_of_birth else "Not given"
    return [
        ("First name", review.given_name or "Not given", child.given_name),
        ("Last name", review.family_name or "Not given", child.family_name),
        ("Date of birth", born, child.date_of_birth.strftime("%-d %B %Y")),
    ]


def children_by_id(ids: set[int]) -> dict[int, Child]:
    return {c.pk: c for c in Child.objects.filter(pk__in=ids).prefetch_related("identifiers")}


def pair_for(user: User, pair_id: int) -> tuple[ReviewPair, Child, Child]:
    """The pair and its two children, or 404 unless the user may decide it."""
    pair = ReviewPair.objects.filter(_reviewable(user), pk=pair_id).first()
    if pair is None:
        raise Http404("No possible match you can see has that number.")
    found = children_by_id({pair.first_child_id, pair.second_child_id})
    return pair, found[pair.first_child_id], found[pair.second_child_id]


@dataclass(frozen=True)
class FieldComparison:
    label: str
    first: str
    second: str
    outcome: str  # the model's level, in words
    agrees: bool | None  # None: a value is missing, so the field says nothing


def _shown(child: Child, name: str) -> str:
    if name == "first_name":
        return child.given_name
    if name == "surname":
        return child.family_name
    if name == "dob":
        return child.date_of_birth.strftime("%-d %B %Y")
    if name == "sex":
        return child.get_sex_display()
    if name == "postcode":
        return child.home_postcode or "Not recorded"
    held = [f"{IdentifierKind(i.kind).label}: {i.value}" for i in child.identifiers.all()]
    return "; ".join(held) or "None"


def compare_children(first: Child, second: Child) -> list[FieldComparison]:
    """What agrees and what differs, field by field, as the model sees it."""
    index = children_index()
    prepared = prepare(children_records([first.pk, second.pk]), index.spec)
    rows = {row["unique_id"]: row for row in prepared.iter_rows(named=True)}
    score = score_pair(index.spec, index.weights, rows[first.pk], rows[second.pk], index.tf)
    result = []
    for comparison, level, ladder in zip(
        index.spec.comparisons, score.levels, index.weights.levels, strict=True
    ):
        name = comparison.output_name
        weight = ladder[level].weight
        result.append(
            FieldComparison(
                label=FIELD_LABELS.get(name, name),
                first=_shown(first, name),
                second=_shown(second, name),
                outcome=ladder[level].label,
                agrees=None if level == 0 else weight > 0,
            )
        )
    return result


def merges_for(user: User) -> QuerySet[ChildMerge]:
    """Merges whose kept child the user may see, newest first."""
    return ChildMerge.objects.filter(kept_child_id__in=visible_child_ids(user))


def merge_for(user: User, merge_id: int) -> ChildMerge:
    merge = merges_for(user).filter(pk=merge_id).first()
    if merge is None:
        raise Http404("No merge you can see has that number.")
    return merge


def holders(child: Child) -> list[str]:
    """The agencies holding a child's record (identifiers, current legal status), by kind."""
    kinds: set[Any] = set(child.identifiers.values_list("agency__kind", flat=True))
    kinds |= set(
        child.legal_statuses.filter(end_date__isnull=True).values_list(
            "responsible_authority__kind", flat=True
        )
    )
    return sorted(AgencyKind(k).label for k in kinds if k)
