"""Linkage at the door: the intake's `episodes.match_child` hook (and `match_children`, ready for
imports but not registered yet: see `apps.py`).

A report that names no stored child (a new record typed in the web form) is matched against
every known child with the trained model (`services.candidates_for_each`). Only a sure match
links: exactly one candidate at or above the model's merge threshold that does not look like a
twin. Anything less makes a new record, which the linkage run and its review queue take up.
"""

from typing import TYPE_CHECKING

from missinghub.episodes.intake import Person

if TYPE_CHECKING:
    from missinghub.linkage.services import IntakeCandidate


def match_child(*, person: Person) -> int | None:
    """The `episodes.match_child` hook."""
    return match_children(people={"": person}).get("")


def match_children(*, people: dict[str, Person]) -> dict[str, int]:
    """The `episodes.match_children` hook: {reference: child id} of the sure matches."""
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


def _query(person: Person) -> dict[str, object]:
    return {
        "given_name": person.given_name,
        "family_name": person.family_name,
        "date_of_birth": person.date_of_birth,
        "sex": person.sex or None,
        "postcode": person.postcode or None,
    }


def _sure(candidates: "list[IntakeCandidate]") -> int | None:
    if len(candidates) != 1 or candidates[0].looks_like_twins:
        return None
    return candidates[0].child_id
