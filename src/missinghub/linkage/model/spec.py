"""What the model compares and how it blocks, as plain data (no Splink, no Django).

One description feeds three things: the Splink settings (`splink_settings.py`, DuckDB or
Spark), the numpy intake scorer (`scorer.py`) and the benchmark's ECM features. Every
comparison is a short ladder of levels, best first; each level is computed the same way in SQL
and in Python so the trained m and u probabilities mean the same thing in both.
"""

from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["name", "dob", "postcode", "exact", "string", "identifiers"]

# Jaro-Winkler thresholds for "nearly the same" (a typo) and "similar" name levels.
JW_CLOSE = 0.92
JW_SIMILAR = 0.80


@dataclass(frozen=True)
class Comparison:
    """One field compared between two records.

    `name`: null, exact (term-frequency adjusted), nickname (if `nicknames`), Jaro-Winkler >=
    0.92, given and family name swapped, Jaro-Winkler >= 0.80, else. `dob`: null, exact, day
    and month swapped, one character apart (a mistyped digit), two apart, else. `postcode`:
    null, exact, same sector, same district, else.
    `exact`: null, exact, else. `string`: null, exact, Jaro-Winkler >= 0.92, >= 0.80, else.
    `identifiers`: null (no kind held by both), one shared identifier equal, one differing by
    one or two characters, else.
    """

    kind: Kind
    column: str
    term_frequency: bool = False
    nicknames: bool = False
    columns: tuple[str, ...] = ()
    # For a name: the other name column, to spot given name and family name swapped.
    swap_with: str = ""

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
    prior_rule: tuple[str, ...]
    prior_recall: float = 0.7
    link_type: Literal["dedupe_only", "link_only"] = "dedupe_only"
    extra_columns: tuple[str, ...] = field(default=())
    # Pairs that look like twins (see `batch.twins_expr`) go to a person, however high their
    # score: on for children, where twins in one family and one placement are common.
    twins_need_review: bool = True


IDENTIFIER_COLUMNS = ("id_police", "id_social_care", "id_school", "id_nhs")

# The comparisons every MissingHub model uses for people.
PERSON_COMPARISONS = (
    Comparison("name", "first_name", term_frequency=True, nicknames=True, swap_with="surname"),
    Comparison("name", "surname", term_frequency=True, swap_with="first_name"),
    Comparison("dob", "dob"),
    Comparison("exact", "sex"),
    Comparison("postcode", "postcode"),
)

CHILD_SPEC = ModelSpec(
    name="children",
    comparisons=(
        *PERSON_COMPARISONS,
        Comparison("identifiers", "identifiers", columns=IDENTIFIER_COLUMNS),
    ),
    blocking_passes=passes(
        ("surname", "dob"),
        ("first_name_key", "dob"),
        ("first_name_key", "surname", "birth_year"),
        BlockingPass(("first_name_key", "surname"), one_dob_missing=True),
        ("dob", "postcode"),
        ("id_police",),
        ("id_social_care",),
        ("id_school",),
        ("id_nhs",),
    ),
    training_passes=(("surname", "dob"), ("first_name_key", "surname", "birth_year")),
    prior_rule=("first_name", "surname", "dob"),
    link_type="dedupe_only",
)

# FEBRL4 (two files, addresses as well as names): the same person comparisons (FEBRL has no
# sex) plus the address fields, with the social security number as the agency identifier.
FEBRL_SPEC = ModelSpec(
    name="febrl",
    comparisons=(
        Comparison("name", "first_name", term_frequency=True, nicknames=True, swap_with="surname"),
        Comparison("name", "surname", term_frequency=True, swap_with="first_name"),
        Comparison("dob", "dob"),
        Comparison("postcode", "postcode"),
        Comparison("identifiers", "identifiers", columns=("id_nhs",)),
        Comparison("string", "street_number"),
        Comparison("string", "address_1"),
        Comparison("string", "suburb"),
        Comparison("exact", "state"),
    ),
    # 5,000 records a side: single-field passes stay small and miss almost nothing.
    blocking_passes=passes(
        ("first_name_key",), ("surname",), ("dob",), ("postcode",), ("address_1",), ("id_nhs",)
    ),
    training_passes=(("surname", "dob"), ("first_name_key", "surname", "birth_year")),
    prior_rule=("first_name", "surname", "dob"),
    link_type="link_only",
    extra_columns=("street_number", "address_1", "suburb", "state"),
    # FEBRL's duplicates are corrupted copies of independent people: it has no twins, and its
    # first names are often corrupted beyond recognition while everything else agrees.
    twins_need_review=False,
)

SPECS = {spec.name: spec for spec in (CHILD_SPEC, FEBRL_SPEC)}
