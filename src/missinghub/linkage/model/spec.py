"""What the model compares and how it blocks, as plain data (no Splink, no Django).

One description feeds three things: the Splink settings (`splink_settings.py`, DuckDB or
Spark), the numpy intake scorer (`scorer.py`) and the benchmark's ECM features. Every
comparison is a short ladder of levels, best first; each level is computed the same way in SQL
and in Python so the trained m and u probabilities mean the same thing in both.
"""

from dataclasses import dataclass, field, replace
from typing import Literal

Kind = Literal["name", "dob", "postcode", "exact", "string", "identifiers"]

# Jaro-Winkler thresholds for "nearly the same" (a typo) and "similar" name levels.
JW_CLOSE = 0.92
JW_SIMILAR = 0.80


@dataclass(frozen=True)
class Comparison:
    """One field compared between two records.

    `name`: null, exact (term-frequency adjusted), nickname (if `nicknames`), Jaro-Winkler >=
    0.92, given and family name swapped, sharing a part (if `parts`: a hyphenated or
    double-barrelled family name), sounds the same (`<column>_phon`), Jaro-Winkler >= 0.80,
    initial only (one side is a single letter, the other starts with it), else. `dob`: null,
    exact, day and month swapped, one year apart with day and month equal, one digit
    different, two characters apart, else. `postcode`: null, exact, same sector, same district,
    else. `exact`: null, exact, else. `string`: null, exact, Jaro-Winkler >= 0.92, >= 0.80,
    else. `identifiers`: null (no kind held by both), one shared identifier equal, one differing
    by one or two characters, else. A null level has weight 0: a missing value is never evidence
    either way.
    """

    kind: Kind
    column: str
    term_frequency: bool = False
    nicknames: bool = False
    columns: tuple[str, ...] = ()
    # For a name: the other name column, to spot given name and family name swapped.
    swap_with: str = ""
    # For a family name: compare the parts of a hyphenated or double-barrelled name.
    parts: bool = False

    @property
    def output_name(self) -> str:
        return self.column


@dataclass(frozen=True)
class BlockingPass:
    """Compare two records when all `columns` are equal and not null; with `one_dob_missing`,
    only when at least one of the two has no date of birth (names alone would be too wide)."""

    columns: tuple[str, ...]
    one_dob_missing: bool = False


def passes(*specs: tuple[str, ...] | BlockingPass) -> tuple[BlockingPass, ...]:
    return tuple(s if isinstance(s, BlockingPass) else BlockingPass(s) for s in specs)


@dataclass(frozen=True)
class ModelSpec:
    name: str
    comparisons: tuple[Comparison, ...]
    # A pair is compared when any one pass finds it.
    blocking_passes: tuple[BlockingPass, ...]
    # Passes for expectation maximisation: tight, so most pairs in them are matches.
    training_passes: tuple[tuple[str, ...], ...]
    # A deterministic rule used to estimate the prior (two random records match).
    # Deterministic rules (any one finds a pair) for the prior (two random records match); each
    # leaves one field free, so a pair with one error is still found.
    prior_rules: tuple[tuple[str, ...], ...]
    prior_recall: float = 0.8
    link_type: Literal["dedupe_only", "link_only"] = "dedupe_only"
    extra_columns: tuple[str, ...] = field(default=())
    # Pairs that look like twins (see `batch.twins_expr`) go to a person, however high their
    # score: on for children, where twins in one family and one placement are common.
    twins_need_review: bool = True


IDENTIFIER_COLUMNS = ("id_police", "id_social_care", "id_school", "id_nhs")

# The comparisons every MissingHub model uses for people.
NAME_COMPARISONS = (
    Comparison("name", "first_name", term_frequency=True, nicknames=True, swap_with="surname"),
    Comparison("name", "surname", term_frequency=True, swap_with="first_name", parts=True),
    Comparison("dob", "dob"),
)
PERSON_COMPARISONS = (
    *NAME_COMPARISONS,
    Comparison("exact", "sex"),
    Comparison("postcode", "postcode"),
)

# A pair that agrees on all but one of first name, family name, date of birth and postcode is
# found by at least one pass. Date of birth wrong: the names (first-name key, so a nickname
# agrees) with the year, or with the day and month, or alone when a date of birth is missing.
# A name wrong: the date of birth with the other name, or with both initials in either order
# (names swapped). Both names wrong: the date of birth and postcode. The postcode with an
# initial or both initials (date of birth wrong or missing as well); both names' sounds with
# the day and month of birth (typos in the names and in the year). Every pass joins on two or
# three fields, so blocks stay small: about 5 million candidate pairs for 1,000,000 synthetic
# children (names from short lists, so blocks larger than a real register's).
PERSON_PASSES = (
    *passes(
        ("first_name_key", "surname", "birth_year"),
        ("first_name_key", "surname", "birth_md"),
    ),
    BlockingPass(("first_name_key", "surname"), one_dob_missing=True),
    *passes(
        ("surname_phon", "first_name_phon", "birth_md"),
        ("dob", "surname"),
        ("dob", "first_name_key"),
        ("dob", "initials"),
        ("dob", "postcode"),
        ("postcode", "first_initial"),
        ("postcode", "surname_initial"),
        ("postcode", "initials"),
    ),
)
PERSON_TRAINING_PASSES = (
    ("first_name_key", "surname"),
    ("dob", "surname_initial"),
    ("dob", "first_initial"),
)
PERSON_PRIOR_RULES = (
    ("first_name_key", "surname", "dob"),
    ("first_name_key", "surname", "postcode"),
    ("first_name_key", "dob", "postcode"),
    ("surname", "dob", "postcode"),
)

CHILD_SPEC = ModelSpec(
    name="children",
    comparisons=(
        *PERSON_COMPARISONS,
        Comparison("identifiers", "identifiers", columns=IDENTIFIER_COLUMNS),
    ),
    blocking_passes=(
        *PERSON_PASSES,
        *passes(*[(column,) for column in IDENTIFIER_COLUMNS]),
    ),
    training_passes=PERSON_TRAINING_PASSES,
    prior_rules=PERSON_PRIOR_RULES,
    link_type="dedupe_only",
)

# The FEBRL benchmarks (addresses as well as names): the same person comparisons, blocking and
# training (FEBRL has no sex) plus the address fields, with the social security number as the
# agency identifier. FEBRL4 links two files; FEBRL1-3 deduplicate one (`febrl_dedupe`).
FEBRL_SPEC = ModelSpec(
    name="febrl",
    comparisons=(
        *NAME_COMPARISONS,
        Comparison("postcode", "postcode"),
        Comparison("identifiers", "identifiers", columns=("id_nhs",)),
        Comparison("string", "street_number"),
        Comparison("string", "address_1"),
        Comparison("string", "suburb"),
        Comparison("exact", "state"),
    ),
    blocking_passes=(*PERSON_PASSES, *passes(("id_nhs",))),
    training_passes=PERSON_TRAINING_PASSES,
    prior_rules=PERSON_PRIOR_RULES,
    link_type="link_only",
    extra_columns=("street_number", "address_1", "suburb", "state"),
    # FEBRL's duplicates are corrupted copies of independent people: it has no twins, and its
    # first names are often corrupted beyond recognition while everything else agrees.
    twins_need_review=False,
)
FEBRL_DEDUPE_SPEC = replace(FEBRL_SPEC, name="febrl_dedupe", link_type="dedupe_only")

SPECS = {spec.name: spec for spec in (CHILD_SPEC, FEBRL_SPEC, FEBRL_DEDUPE_SPEC)}
