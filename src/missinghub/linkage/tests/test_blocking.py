"""Blocking survives any one wrong field: a pair that agrees on all but one of first name,
family name, date of birth and postcode is always compared, whichever field is wrong."""

import datetime as dt

import polars as pl
import pytest

from missinghub.linkage.model.blocking import candidate_pairs
from missinghub.linkage.model.prepare import prepare, soundex
from missinghub.linkage.model.spec import CHILD_SPEC

CHILD = {
    "first_name": "Samantha",
    "surname": "Ashcombe",
    "dob": dt.date(2009, 4, 17),
    "sex": "F",
    "postcode": "ND4 7QT",
}
WRONG = {
    "first_name": "Georgina",
    "surname": "Thornbury",
    "dob": dt.date(1987, 12, 2),
    "postcode": "SV19 3XX",
}
# Faults that change more than a character or two, each alone.
VARIANTS = {
    **{f"{field} wholly different": {field: value} for field, value in WRONG.items()},
    **{f"{field} missing": {field: None} for field in WRONG},
    "one digit of the birth year": {"dob": dt.date(2004, 4, 17)},
    "names swapped": {"first_name": "Ashcombe", "surname": "Samantha"},
    "initial only": {"first_name": "S"},
    "nickname": {"first_name": "Sam"},
}


def _compared(change: dict[str, object]) -> bool:
    records = pl.DataFrame(
        [{"unique_id": 1, **CHILD}, {"unique_id": 2, **CHILD, **change}],
        schema_overrides={"dob": pl.Date},
    )
    pairs = candidate_pairs(prepare(records, CHILD_SPEC), CHILD_SPEC)
    return pairs.height == 1


@pytest.mark.parametrize("fault", sorted(VARIANTS))
def test_a_pair_with_one_field_wrong_is_compared(fault: str) -> None:
    assert _compared(VARIANTS[fault])


def test_a_pair_with_everything_different_is_not_compared() -> None:
    assert not _compared({**WRONG})


@pytest.mark.parametrize(
    ("name", "code"),
    [("ROBERT", "R163"), ("RUPERT", "R163"), ("ASHCRAFT", "A261"), ("LEE", "L000")],
)
def test_soundex_gives_the_standard_codes(name: str, code: str) -> None:
    assert soundex(name) == code
