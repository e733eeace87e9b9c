"""Linkage at the door: the intake's `episodes.match_child` and `episodes.match_children` hooks.

A report that names no stored child (a new record typed in the web form, a person an import's
agency has not identified before) is matched against every known child with the trained model
(`services.candidates_for_each`, all the people of a batch in one pass of the index). Only a
sure match links: exactly one candidate at or above the model's merge threshold that does not
look like a twin. Anything less makes a new record, which the linkage run and its review queue
take up.

A person an identifier of the file's agency names is checked against the child it names: when
the details agree (the same names and date of birth) the identifier decides; otherwise the pair
is scored with the same model, identifier included, and below the review threshold the
reference is held (`ReferenceReview`): its rows attach nothing until a person decides.
"""

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from missinghub.children.models import Child
from missinghub.episodes.intake import PeopleAtTheDoor, Person, Recognised
from missinghub.linkage.models import ReferenceReview, ReviewStatus

if TYPE_CHECKING:
    from missinghub.linkage.services import IntakeCandidate


def match_child(*, person: Person) -> int | None:
    """The `episodes.match_child` hook."""
    return _recognise_new({"": person}).get("")


def match_children(*, door: PeopleAtTheDoor) -> Recognised:
    """The `episodes.match_children` hook: one batch's people, recognised in one pass."""
    matched, disagreeing = _check_named(door, door.named)
    held = {}
    decided = _decisions(door, disagreeing)
    for ref, review in decided.items():
        if review.status == ReviewStatus.ACCEPTED:  # a reviewer said the reference is theirs
            matched[ref] = review.child_id
        else:
            held[ref] = _held_reason(review)
    for review in _hold(door, {r: d for r, d in disagreeing.items() if r not in decided}):
        held[review.reference] = _held_reason(review)
    unknown = {ref: p for ref, p in door.people.items() if ref not in door.named}
    matched.update(_recognise_new(unknown))
    return Recognised(matched=matched, held=held)


def _decisions(door: PeopleAtTheDoor, disagreeing: dict[str, Any]) -> dict[str, ReferenceReview]:
    """The reviews already queued for these references and the children they name."""
    if not disagreeing:
        return {}
    reviews = ReferenceReview.objects.filter(
        agency_id=door.agency_id,
        identifier_kind=door.identifier_kind,
        reference__in=list(disagreeing),
    ).exclude(status=ReviewStatus.SUPERSEDED)
    return {r.reference: r for r in reviews if door.named[r.reference] == r.child_id}


def _agrees(person: Person, stored: "Stored") -> bool:
    given, family, born = stored
    return (
        person.given_name.strip().upper() == given.strip().upper()
        and person.family_name.strip().upper() == family.strip().upper()
        and person.date_of_birth == born
    )


Stored = tuple[str, str, date | None]  # a stored child's given and family name, date of birth


def _check_named(
    door: PeopleAtTheDoor, named: dict[str, int]
) -> tuple[dict[str, int], dict[str, tuple[int, Any, Stored]]]:
    """(agreeing {reference: child}, disagreeing {reference: (child, score, stored details)}).
    One query for the children named; the model scores only the pairs whose details differ."""
    fields = ("pk", "given_name", "family_name", "date_of_birth")
    children = Child.objects.filter(pk__in=set(named.values())).values_list(*fields)
    stored: dict[int, Stored] = {pk: (given, family, born) for pk, given, family, born in children}
    agreeing, to_score = {}, {}
    for ref, child_id in named.items():
        person = door.people.get(ref)
        if person is None or _agrees(person, stored[child_id]):
            agreeing[ref] = child_id
        else:
            to_score[ref] = child_id
    if not to_score:
        return agreeing, {}
    from missinghub.linkage.model.batch import DEFAULT_THRESHOLDS
    from missinghub.linkage.services import score_named

    kind = door.identifier_kind
    asked = {ref: (_query(door.people[ref], [(kind, ref)]), c) for ref, c in to_score.items()}
    scores = score_named(asked)
    disagreeing = {}
    for ref, child_id in to_score.items():
        if scores[ref].match_probability >= DEFAULT_THRESHOLDS.review:
            agreeing[ref] = child_id
        else:
            disagreeing[ref] = (child_id, scores[ref], stored[child_id])
    return agreeing, disagreeing


def _hold(
    door: PeopleAtTheDoor, disagreeing: dict[str, tuple[int, Any, Stored]]
) -> list[ReferenceReview]:
    """Queue each disagreeing reference once (a re-import finds it queued and adds nothing)."""
    if not disagreeing:
        return []
    from missinghub.linkage.model.train import current_model

    label, now = current_model().label, timezone.now()
    reviews = []
    for ref, (child_id, score, stored) in sorted(disagreeing.items()):
        person = door.people[ref]
        reviews.append(
            ReferenceReview(
                agency_id=door.agency_id,
                identifier_kind=door.identifier_kind,
                reference=ref,
                child_id=child_id,
                given_name=person.given_name[:100],
                family_name=person.family_name[:100],
                date_of_birth=person.date_of_birth,
                differing=_differing(person, stored),
                source=door.source[:300],
                match_probability=score.match_probability,
                match_weight=score.match_weight,
                model_label=label,
                found_at=now,
            )
        )
    ReferenceReview.objects.bulk_create(reviews, ignore_conflicts=True)
    return reviews


def _differing(person: Person, stored: Stored) -> str:
    """The details the file gives that are not the stored child's, as a caseworker says them."""
    given, family, born = stored
    names = [
        label
        for label, said, held in (
            ("given name", person.given_name, given),
            ("family name", person.family_name, family),
        )
        if said and said.strip().upper() != held.strip().upper()
    ]
    if person.date_of_birth is not None and person.date_of_birth != born:
        names.append("date of birth")
    return ", ".join(names) or "other details"


def _held_reason(review: ReferenceReview) -> str:
    if review.status == ReviewStatus.REJECTED:
        return (
            "names a child record a reviewer decided is another child: correct the reference "
            "in the source system"
        )
    return (
        f"names a child record whose {review.differing} differ "
        f"(match probability {review.match_probability:.0%}): sent for review, the row waits "
        "until a person decides in the matches to review"
    )


def _recognise_new(people: dict[str, Person]) -> dict[str, int]:
    """{reference: child id} of the people no identifier names who surely are a stored child."""
    complete = {
        ref: p
        for ref, p in people.items()
        if p.given_name and p.family_name and p.date_of_birth is not None
    }
    if not complete:
        return {}
    # Here, not at the top: the model's libraries (Polars, NumPy) load on the first report of a
    # new record, not in every process that starts Django (the importer, the worker).
    from missinghub.linkage.model.batch import DEFAULT_THRESHOLDS
    from missinghub.linkage.services import candidates_for_each

    found = candidates_for_each(
        [_query(person) for person in complete.values()],
        floor=DEFAULT_THRESHOLDS.merge,
        limit=2,
    )
    sure = {ref: _sure(candidates) for ref, candidates in zip(complete, found, strict=True)}
    return {ref: child_id for ref, child_id in sure.items() if child_id is not None}


def _query(person: Person, identifiers: Iterable[tuple[str, str]] = ()) -> dict[str, object]:
    return {
        "given_name": person.given_name,
        "family_name": person.family_name,
        "date_of_birth": person.date_of_birth,
        "sex": person.sex or None,
        "postcode": person.postcode or None,
        "identifiers": dict(identifiers) or None,
    }


def _sure(candidates: "list[IntakeCandidate]") -> int | None:
    if len(candidates) != 1 or candidates[0].looks_like_twins:
        return None
    return candidates[0].child_id
