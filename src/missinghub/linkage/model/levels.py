"""Which level of each comparison a pair of prepared records falls in, in Python.

The same ladders as `splink_settings.py`, level 0 being the null level; each rule reads as its
SQL does (a null never equals anything). The equivalence with Splink's own scores is tested.
"""

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from missinghub.linkage.model.spec import JW_CLOSE, JW_SIMILAR, Comparison
from missinghub.linkage.model.strings import jaro_winkler, levenshtein

Record = Mapping[str, Any]


def _equal(a: object, b: object) -> bool:
    return a is not None and b is not None and a == b


def _first(checks: Sequence[bool]) -> int:
    """The level of the first check that holds (checks start at level 1), else the last level."""
    for index, check in enumerate(checks, start=1):
        if check:
            return index
    return len(checks) + 1


def _initial_only(a: str, b: str) -> bool:
    return (len(a) == 1 or len(b) == 1) and a[0] == b[0]


def _shares(left: Record, right: Record, column: str) -> bool:
    a, b = left[column], right[column]
    return bool(a is not None and b is not None and set(a) & set(b))


def name_level(c: Comparison, left: Record, right: Record) -> int:
    a, b = left[c.column], right[c.column]
    if a is None or b is None:
        return 0
    similarity = jaro_winkler(a, b)
    checks = [a == b]
    if c.nicknames:
        checks.append(_shares(left, right, f"{c.column}_roots"))
    swapped = _equal(a, right[c.swap_with]) or _equal(b, left[c.swap_with])
    checks += [similarity >= JW_CLOSE, swapped]
    if c.parts:
        checks.append(_shares(left, right, f"{c.column}_parts"))
    phonetic = f"{c.column}_phon"
    checks += [
        _equal(left[phonetic], right[phonetic]),
        similarity >= JW_SIMILAR,
        _initial_only(a, b),
    ]
    return _first(checks)


def _year_apart(left: Record, right: Record) -> bool:
    if not _equal(left["birth_md"], right["birth_md"]):
        return False
    return abs(int(left["birth_year"]) - int(right["birth_year"])) == 1


def dob_level(c: Comparison, left: Record, right: Record) -> int:
    a, b = left[c.column], right[c.column]
    if a is None or b is None:
        return 0
    distance = levenshtein(a, b)
    swapped = _equal(a, right[f"{c.column}_swapped"])
    return _first([a == b, swapped, _year_apart(left, right), distance <= 1, distance <= 2])


def postcode_level(c: Comparison, left: Record, right: Record) -> int:
    a, b = left[c.column], right[c.column]
    if a is None or b is None:
        return 0
    sector, district = f"{c.column}_sector", f"{c.column}_district"
    return _first(
        [a == b, _equal(left[sector], right[sector]), _equal(left[district], right[district])]
    )


def exact_level(c: Comparison, left: Record, right: Record) -> int:
    a, b = left[c.column], right[c.column]
    if a is None or b is None:
        return 0
    return _first([a == b])


def string_level(c: Comparison, left: Record, right: Record) -> int:
    a, b = left[c.column], right[c.column]
    if a is None or b is None:
        return 0
    similarity = jaro_winkler(a, b)
    return _first([a == b, similarity >= JW_CLOSE, similarity >= JW_SIMILAR])


def identifier_level(c: Comparison, left: Record, right: Record) -> int:
    shared = [(left[col], right[col]) for col in c.columns]
    shared = [(a, b) for a, b in shared if a is not None and b is not None]
    if not shared:
        return 0
    return _first([any(a == b for a, b in shared), any(levenshtein(a, b) <= 2 for a, b in shared)])


LEVEL_FUNCTIONS: dict[str, Callable[[Comparison, Record, Record], int]] = {
    "name": name_level,
    "dob": dob_level,
    "postcode": postcode_level,
    "exact": exact_level,
    "string": string_level,
    "identifiers": identifier_level,
}


def comparison_levels(comparisons: Sequence[Comparison], left: Record, right: Record) -> list[int]:
    return [LEVEL_FUNCTIONS[c.kind](c, left, right) for c in comparisons]
