"""The children: who they are, where they live, their placements and legal status over time.

Pure numpy, no Django. Every array has one entry per child (or one row per child and a column
per placement slot). Dates are day numbers (see `clock`).
"""

from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt

from missinghub.synth import clock
from missinghub.synth.clock import BoolArray, IntArray
from missinghub.synth.names import load_names
from missinghub.synth.parameters import (
    CARE_PLACEMENT_TYPES,
    PLACEMENT_TYPES,
    SEMI_INDEPENDENT,
    ChildParameters,
    RepeatParameters,
)

DAYS_PER_YEAR = 365.2425
NEVER = np.iinfo(np.int64).max // 4  # an unused placement slot starts "never"
FAMILY_CODE = PLACEMENT_TYPES.index("family_home")
NEVER_IN_CARE, IN_CARE_THROUGHOUT, ENTERS_CARE = 0, 1, 2
IN_BOROUGH, OUT_OF_BOROUGH = 1, 2


@dataclass
class Children:
    date_of_birth: IntArray
    adult_day: IntArray  # 18th birthday: placements and legal status end here
    anchor_day: IntArray  # a day the child is of the age this population is about
    female: BoolArray
    given_name: IntArray  # index into `given_names`
    family_name: IntArray
    ethnicity: IntArray
    postcode: npt.NDArray[np.str_]
    care_path: IntArray
    care_from: IntArray  # day looked after from; NEVER when never in care
    placement_start: IntArray  # (children, slots); NEVER in unused slots
    placement_type: IntArray  # (children, slots); code into PLACEMENT_TYPES; -1 unused
    placement_area: IntArray  # (children, slots); 0 none (family home), 1 in, 2 out
    episode_count: IntArray

    @property
    def size(self) -> int:
        return len(self.date_of_birth)

    def placement_slot(self, child: IntArray, day: IntArray) -> IntArray:
        """Which placement slot each (child, day) falls in."""
        later_starts = self.placement_start[child, 1:]
        return np.asarray((later_starts <= day[:, None]).sum(axis=1), dtype=np.int64)


def given_names() -> tuple[str, ...]:
    names = load_names()
    return names.given_female + names.given_male


def draw_episode_counts(
    rng: np.random.Generator, care_path: IntArray, params: RepeatParameters
) -> IntArray:
    """Episodes over the period: 1 + Poisson(intensity), the repeat children's intensity drawn
    apart from the others' (`RepeatParameters`), more for children in care."""
    count = len(care_path)
    # Exactly the share, not a draw each: a council's share would otherwise swing with it.
    repeat = rng.permutation(count) < round(count * params.repeat_child_share)
    repeaters = rng.lognormal(
        np.log(params.repeat_intensity_median), params.repeat_intensity_sigma, count
    )
    others = rng.lognormal(params.intensity_mu, params.intensity_sigma, count)
    intensity = np.minimum(np.where(repeat, repeaters, others), params.intensity_cap)
    intensity *= np.where(care_path == NEVER_IN_CARE, 1.0, params.looked_after_multiplier)
    return np.asarray(1 + rng.poisson(intensity), dtype=np.int64)


def draw_care_paths(rng: np.random.Generator, count: int, params: ChildParameters) -> IntArray:
    weights = [
        1.0 - params.share_looked_after_throughout - params.share_entering_care,
        params.share_looked_after_throughout,
        params.share_entering_care,
    ]
    return np.asarray(rng.choice(3, size=count, p=weights), dtype=np.int64)


def draw_birth_dates(
    rng: np.random.Generator, start: int, end: int, ages: tuple[float, float], count: int
) -> tuple[IntArray, IntArray]:
    """Dates of birth such that each child is aged within `ages` on an anchor day in the period."""
    anchor = rng.integers(start, end, count)
    age_days = (ages[0] + (ages[1] - ages[0]) * rng.beta(4.0, 2.0, count)) * DAYS_PER_YEAR
    return np.asarray(anchor - age_days.astype(np.int64), dtype=np.int64), anchor


def _care_slots(
    rng: np.random.Generator, entry: IntArray, adult: IntArray, params: ChildParameters
) -> IntArray:
    """Start days of up to `max_care_placements` care placements between entry and 18."""
    count = len(entry)
    span = adult - entry
    moves = 1 + rng.binomial(params.max_care_placements - 1, 0.35, count)
    moves = np.where(span < 120, 1, moves)
    fractions = np.sort(rng.uniform(0.02, 0.98, (count, params.max_care_placements)), axis=1)
    fractions[:, 0] = 0.0
    starts = entry[:, None] + (fractions * span[:, None]).astype(np.int64)
    for slot in range(1, params.max_care_placements):
        starts[:, slot] = np.maximum(starts[:, slot], starts[:, slot - 1] + 1)
    unused = (np.arange(params.max_care_placements)[None, :] >= moves[:, None]) | (
        starts >= adult[:, None]
    )
    return np.asarray(np.where(unused, NEVER, starts), dtype=np.int64)


def _care_types(
    rng: np.random.Generator,
    shape: tuple[int, int],
    age_years: npt.NDArray[np.float64],
    params: ChildParameters,
) -> tuple[IntArray, IntArray]:
    weights = np.asarray(params.care_placement_weights) / sum(params.care_placement_weights)
    choice = rng.choice(len(CARE_PLACEMENT_TYPES), size=shape, p=weights)
    semi = CARE_PLACEMENT_TYPES.index(SEMI_INDEPENDENT)
    choice = np.where((choice == semi) & (age_years < 16.0), 0, choice)  # foster before 16
    out_chance = np.asarray(params.out_of_borough_by_type)[choice]
    area = np.where(rng.random(shape) < out_chance, OUT_OF_BOROUGH, IN_BOROUGH)
    types = np.asarray([PLACEMENT_TYPES.index(kind) for kind in CARE_PLACEMENT_TYPES])[choice]
    return np.asarray(types, dtype=np.int64), np.asarray(area, dtype=np.int64)


def draw_placements(
    rng: np.random.Generator,
    children: Children,
    period: tuple[int, int],
    params: ChildParameters,
) -> None:
    """A family home from birth; for children in care, then up to N care placements to 18."""
    count, dob, adult = children.size, children.date_of_birth, children.adult_day
    start, end = period
    path = children.care_path.copy()
    before_period = start - rng.integers(30, 3 * 365, count)
    in_period_low = np.maximum(start, dob + 365)
    in_period_high = np.minimum(end, adult) - 60
    in_period = in_period_low + (
        rng.random(count) * np.maximum(in_period_high - in_period_low, 0)
    ).astype(np.int64)
    entry = np.where(path == IN_CARE_THROUGHOUT, np.maximum(before_period, dob + 30), in_period)
    path = np.where((path == ENTERS_CARE) & (in_period_high <= in_period_low), 0, path)
    path = np.where(entry >= adult - 60, NEVER_IN_CARE, path)
    care = path != NEVER_IN_CARE
    slots = 1 + params.max_care_placements
    starts = np.full((count, slots), NEVER, dtype=np.int64)
    starts[:, 0] = dob
    starts[care, 1:] = _care_slots(rng, entry[care], adult[care], params)
    age_years = (starts[:, 1:] - dob[:, None]) / DAYS_PER_YEAR
    care_types, care_areas = _care_types(rng, (count, slots - 1), age_years, params)
    types = np.full((count, slots), -1, dtype=np.int64)
    areas = np.zeros((count, slots), dtype=np.int64)
    types[:, 0] = FAMILY_CODE
    used = starts[:, 1:] < NEVER
    types[:, 1:] = np.where(used, care_types, -1)
    areas[:, 1:] = np.where(used, care_areas, 0)
    children.care_path = path
    children.care_from = np.where(care, entry, NEVER)
    children.placement_start, children.placement_type, children.placement_area = (
        starts,
        types,
        areas,
    )


def draw_identities(rng: np.random.Generator, children: Children, params: ChildParameters) -> None:
    """Sex, invented names, ethnicity and a fictional Northdale (ND) home postcode."""
    names = load_names()
    count = children.size
    female = rng.random(count) < params.share_female
    n_female, n_male = len(names.given_female), len(names.given_male)
    female_pick = rng.choice(n_female, size=count, p=names.given_weights(n_female))
    male_pick = n_female + rng.choice(n_male, size=count, p=names.given_weights(n_male))
    children.female = female
    children.given_name = np.where(female, female_pick, male_pick)
    children.family_name = rng.choice(
        len(names.family), size=count, p=names.given_weights(len(names.family))
    )
    ethnicity_weights = np.asarray(params.ethnicity_weights) / sum(params.ethnicity_weights)
    children.ethnicity = rng.choice(len(ethnicity_weights), size=count, p=ethnicity_weights)
    children.postcode = fictional_postcodes(rng, "ND", count)


_POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


@cache
def _every_postcode(area: str) -> npt.NDArray[np.str_]:
    """Every postcode of the area, in the order of (district, sector, unit letters)."""
    return np.asarray(
        [
            f"{area}{district} {sector}{first}{second}"
            for district in range(1, 20)
            for sector in range(10)
            for first in _POSTCODE_LETTERS
            for second in _POSTCODE_LETTERS
        ]
    )


def fictional_postcodes(rng: np.random.Generator, area: str, count: int) -> npt.NDArray[np.str_]:
    """Postcodes in a made-up area code (ND Northdale, SV Southvale), e.g. 'ND4 7QB'."""
    district = rng.integers(1, 20, count)
    sector = rng.integers(0, 10, count)
    first = rng.integers(0, 20, count)
    second = rng.integers(0, 20, count)
    return _every_postcode(area)[(((district - 1) * 10 + sector) * 20 + first) * 20 + second]


def empty_children(count: int) -> Children:
    zeros = np.zeros(count, dtype=np.int64)
    return Children(
        date_of_birth=zeros,
        adult_day=zeros,
        anchor_day=zeros,
        female=np.zeros(count, dtype=bool),
        given_name=zeros,
        family_name=zeros,
        ethnicity=zeros,
        postcode=np.full(count, "", dtype=str),
        care_path=zeros,
        care_from=zeros,
        placement_start=np.zeros((count, 1), dtype=np.int64),
        placement_type=np.zeros((count, 1), dtype=np.int64),
        placement_area=np.zeros((count, 1), dtype=np.int64),
        episode_count=zeros,
    )


def adult_days(dob: IntArray) -> IntArray:
    return clock.add_years(dob, 18)
