"""Children missing education: school referrals to the council, and whether the child was found.

Pure numpy. Some referrals are about children who also go missing; most are about children the
missing-persons data never sees (moved away, not back after a holiday).
"""

from dataclasses import dataclass

import numpy as np

from missinghub.synth import clock
from missinghub.synth.clock import BoolArray, IntArray
from missinghub.synth.parameters import CmeParameters

# Why the pupil left the roll (the legal grounds a school reports under s.436A / reg. 8).
GROUNDS = (
    "moved_away_address_unknown",
    "not_returned_after_holiday",
    "continuous_absence_20_days",
    "new_school_not_confirmed",
    "home_education_concern",
    "other",
)
GROUND_WEIGHTS = (0.34, 0.18, 0.16, 0.20, 0.07, 0.05)


@dataclass
class Referrals:
    child: IntArray
    referred: IntArray  # day number
    ground: IntArray
    closed: IntArray  # day number; meaningless where `ongoing`
    ongoing: BoolArray

    @property
    def size(self) -> int:
        return len(self.child)


def school_age_referral_days(
    rng: np.random.Generator, dob: IntArray, period: tuple[int, int]
) -> tuple[IntArray, BoolArray]:
    """A day in the period when each child is of compulsory school age (5-16), if there is one."""
    low = np.maximum(period[0], clock.add_years(dob, 5))
    high = np.minimum(period[1], clock.add_years(dob, 16))
    possible = high > low
    day = low + (rng.random(len(dob)) * np.maximum(high - low, 0)).astype(np.int64)
    return np.asarray(day, dtype=np.int64), np.asarray(possible, dtype=bool)


def draw_referrals(
    rng: np.random.Generator,
    child: IntArray,
    referred: IntArray,
    period_end: int,
    params: CmeParameters,
) -> Referrals:
    """Ground and outcome of each referral: located after an exponential wait, or ongoing."""
    count = len(child)
    weights = np.asarray(GROUND_WEIGHTS) / sum(GROUND_WEIGHTS)
    ground = rng.choice(len(GROUNDS), size=count, p=weights)
    wait = 1 + rng.exponential(params.days_to_locate_mean, count).astype(np.int64)
    closed = referred + wait
    never = rng.random(count) < params.share_never_located
    ongoing = never | (closed >= period_end)
    order = np.lexsort((child, referred))
    return Referrals(
        child=child[order],
        referred=referred[order],
        ground=np.asarray(ground[order], dtype=np.int64),
        closed=np.asarray(closed[order], dtype=np.int64),
        ongoing=ongoing[order],
    )
