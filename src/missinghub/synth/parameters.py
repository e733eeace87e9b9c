"""Every knob of the synthetic population, with the published figure it is calibrated to.

Nothing here imports Django. Each parameter is documented in docs/synthetic-data.md; the
defaults reproduce the shape of the published figures in seeds 002-004 (Hertfordshire 2019-2022,
Lancashire 2002, Hartlepool 2017/18).
"""

from dataclasses import dataclass, field, replace
from datetime import date

# Placement types, as `children.models.PlacementType` values.
FAMILY_HOME = "family_home"
FOSTER = "foster"
CHILDRENS_HOME = "childrens_home"
SEMI_INDEPENDENT = "semi_independent"
SECURE = "secure"
OTHER = "other"
PLACEMENT_TYPES = (FAMILY_HOME, FOSTER, CHILDRENS_HOME, SEMI_INDEPENDENT, SECURE, OTHER)
CARE_PLACEMENT_TYPES = PLACEMENT_TYPES[1:]

CATEGORIES = ("missing", "absent", "awol")
RISK_LEVELS = ("very_low", "low", "medium", "high", "no_apparent_risk")
RETURN_METHODS = ("found_by_police", "returned_by_self", "found_by_family", "other")

HOUR_WEIGHTS: dict[str, tuple[int, ...]] = {
    # hour: 0  1  2  3  4  5  6  7  8  9 10 11 12 13 14 15 16 17 18 19 20 21 22 23
    FAMILY_HOME: (3, 2, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 4, 6, 7, 8, 8, 8, 7, 6, 5, 4),
    FOSTER: (4, 3, 2, 1, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 5, 6, 6, 7, 7, 7, 7, 6, 5),
    CHILDRENS_HOME: (8, 5, 3, 2, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 3, 4, 4, 5, 5, 6, 7, 10, 11),
    SEMI_INDEPENDENT: (6, 4, 3, 2, 1, 1, 1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 8, 8),
    SECURE: (2, 1, 1, 1, 1, 1, 2, 3, 4, 5, 5, 5, 5, 5, 5, 5, 5, 5, 4, 4, 3, 3, 2, 2),
    OTHER: (3, 2, 2, 1, 1, 1, 1, 2, 3, 3, 3, 3, 3, 3, 4, 5, 6, 6, 6, 6, 5, 5, 4, 4),
}


@dataclass(frozen=True)
class Scale:
    """How big a population to make: episodes over the period, and the period's length."""

    name: str
    episodes: int
    years: int


SCALES: dict[str, Scale] = {
    "council": Scale("council", 10_000, 4),  # Hertfordshire: 9,184 incidents 2019-2022
    "region": Scale("region", 250_000, 4),
    "national": Scale("national", 5_000_000, 10),
}

DEFAULT_END_DATE = date(2025, 4, 1)


@dataclass(frozen=True)
class ChildParameters:
    """Who the children are and where they live."""

    # Care path shares: never looked after, looked after throughout, enters care in the period.
    share_looked_after_throughout: float = 0.20
    share_entering_care: float = 0.10
    # Care placement mix (foster, children's home, semi-independent, secure, other).
    care_placement_weights: tuple[float, ...] = (0.42, 0.38, 0.12, 0.02, 0.06)
    # Chance a care placement is out of borough, by care placement type (same order).
    out_of_borough_by_type: tuple[float, ...] = (0.30, 0.42, 0.35, 0.60, 0.30)
    max_care_placements: int = 3
    # Age (years) at the centre of a burst of missing: 8 + 10 * Beta(a, b), peak about 15.
    burst_age_beta: tuple[float, float] = (4.0, 2.0)
    share_female: float = 0.47
    # Census 2021 groups: asian, black, mixed, white, other, not_stated.
    ethnicity_weights: tuple[float, ...] = (0.08, 0.06, 0.07, 0.74, 0.02, 0.03)


@dataclass(frozen=True)
class RepeatParameters:
    """How often a child goes missing, and how the episodes bunch into bursts."""

    # Episodes per child over the period: 1 + Poisson(min(intensity, cap) * multiplier), the
    # intensity lognormal(log(repeat_median), repeat_sigma) for the repeat children (exactly
    # this share of them) and lognormal(mu, sigma) for the others. Two groups, not one heavy
    # tail: the 10% missing most often then account for about 54% of a year's episodes
    # (Hertfordshire) every year, where one heavy tail swung 6 points from year to year on a
    # council's ~800 children a year (a few children with ~100 episodes decided the share).
    repeat_child_share: float = 0.10
    repeat_intensity_median: float = 15.0
    repeat_intensity_sigma: float = 0.5
    intensity_mu: float = -1.6
    intensity_sigma: float = 0.9
    intensity_cap: float = 100.0  # at most ~100 expected episodes (Lancashire: 300 a year)
    looked_after_multiplier: float = 2.0
    # Chance that each further episode starts a new burst rather than continuing the last one.
    new_burst_chance: float = 0.10
    # Days between episodes in a burst: 1 + Geometric(1 / mean).
    burst_gap_mean_days: float = 2.5


@dataclass(frozen=True)
class EpisodeParameters:
    """Category, timing, duration and county-lines flags of each episode."""

    # Category mix (missing, absent, awol): AWOL only for looked-after children.
    looked_after_category_weights: tuple[float, float, float] = (0.84, 0.05, 0.11)
    family_home_category_weights: tuple[float, float, float] = (0.92, 0.08, 0.0)
    # Duration (hours, report to return): lognormal with this median and sigma.
    duration_median_hours: float = 4.5
    duration_sigma: float = 1.05
    # Episodes with no later episode that become long-term missing (14-365 days, log-uniform).
    long_term_share_of_last: float = 0.025
    # Children's homes: share of episodes moved to a Friday or Saturday night.
    childrens_home_weekend_pull: float = 0.25
    # Report delay after last seen (minutes): exponential with these means.
    report_delay_minutes_care: float = 90.0
    report_delay_minutes_home: float = 180.0
    # County lines: share of repeat children (3+ episodes) involved; share of their episodes
    # flagged; duration multiplier (lognormal median).
    county_lines_child_share: float = 0.10
    county_lines_episode_share: float = 0.65
    county_lines_duration_multiplier: float = 5.0
    county_lines_min_age: float = 12.0
    # Relative chance of being reported at each local hour 00..23, by placement type.
    # Children's homes peak 22:00-01:00 (Hertfordshire); family homes in the early evening.
    hour_weights: dict[str, tuple[int, ...]] = field(default_factory=lambda: dict(HOUR_WEIGHTS))
    # Risk grading shares (high, medium, low) for missing episodes; absent is "no apparent risk",
    # AWOL is graded low or very low; county-lines episodes are always high.
    missing_risk_weights: tuple[float, float, float] = (0.14, 0.58, 0.28)
    # How episodes end: found by police, returned by self, found by family or carers, other.
    return_method_weights: tuple[float, ...] = (0.25, 0.55, 0.15, 0.05)


@dataclass(frozen=True)
class CmeParameters:
    """Children missing education referrals (Hartlepool: 103 referrals, 101 closed)."""

    referrals_per_episode: float = 0.15
    share_of_missing_children: float = 0.25
    days_to_locate_mean: float = 21.0
    share_never_located: float = 0.01


@dataclass(frozen=True)
class InterviewParameters:
    """Return interviews: one due after every return (DfE statutory guidance 2014), offered,
    accepted or declined, held, and an outcome. Shares are of returns unless said."""

    # Returns where the team reaches the child or a carer (offers range from under 30% to over
    # 90% between councils, 2023/24; assumption: a team doing its statutory duty, 0.90).
    offered_share: float = 0.90
    # Offers the child declines (carers are asked instead; assumption, no published figure).
    declined_share: float = 0.20
    # Hours from return to the first contact that reaches someone: lognormal (median, sigma).
    # Plymouth's key measure is contact within 48 hours, ideally 24: about 0.85 of returns.
    contact_median_hours: float = 12.0
    contact_sigma: float = 0.9
    # Hours from that contact to the interview: lognormal. Together these give about 63% of
    # returns interviewed within 72 hours (councils' average, 2023/24).
    interview_gap_median_hours: float = 12.0
    interview_gap_sigma: float = 1.1
    # Failed attempts (no answer, message left) before the one that reaches someone: 0, 1, 2.
    failed_attempt_weights: tuple[float, float, float] = (0.55, 0.30, 0.15)
    # Outcomes (seed 001's list): no further action, signposting, early help, CAF and brief
    # intervention, referral to social care, child protection. Assumption on the mix.
    outcome_weights: tuple[float, ...] = (0.45, 0.22, 0.13, 0.10, 0.08, 0.02)
    # Chance each push or pull factor (casework.yaml codes) is named at an interview; a code not
    # listed here has `other_factor_chance`. County lines episodes name `county_lines` mostly.
    factor_chances: dict[str, float] = field(
        default_factory=lambda: {
            "conflict_at_home": 0.30,
            "placement_unhappy": 0.25,
            "friends": 0.45,
            "parties": 0.20,
            "older_adults": 0.08,
            "county_lines": 0.02,
        }
    )
    other_factor_chance: float = 0.08
    county_lines_factor_chance: float = 0.65


@dataclass(frozen=True)
class ScreeningParameters:
    """Exploitation screenings (CSE / CCE) done at a completed interview. Assumptions: every
    county-lines episode screened for CCE; a child's first interview in the period screened
    with some chance; later interviews rarely."""

    county_lines_chance: float = 0.90
    first_interview_chance: float = 0.35
    later_interview_chance: float = 0.05
    cse_share_otherwise: float = 0.55
    # Level shares (low, medium, high) with and without a county-lines flag.
    county_lines_level_weights: tuple[float, float, float] = (0.15, 0.35, 0.50)
    other_level_weights: tuple[float, float, float] = (0.70, 0.22, 0.08)


@dataclass(frozen=True)
class InterventionParameters:
    """Interventions after an interview: every CAF outcome starts a brief intervention (up to
    the casework.yaml maximum); some early-help outcomes start another kind of support."""

    early_help_chance: float = 0.50
    # one_to_one, family_support, mentoring, group_work (after early help).
    early_help_type_weights: tuple[float, float, float, float] = (0.35, 0.35, 0.20, 0.10)
    start_delay_mean_days: float = 5.0
    other_length_days: tuple[int, int] = (42, 120)
    # Northamptonshire pilot: 75% took up further support.
    child_take_up: float = 0.75
    family_take_up_if_child: float = 0.80
    family_take_up_otherwise: float = 0.30
    # End reasons when taken up: completed, disengaged, stepped_up, moved_away, other.
    taken_up_end_weights: tuple[float, ...] = (0.70, 0.08, 0.12, 0.06, 0.04)


@dataclass(frozen=True)
class FaultRates:
    """Chance that one source row carries each fault (at most one fault per row)."""

    typo: float = 0.03
    nickname: float = 0.04
    dob_day_month_swapped: float = 0.015
    missing_field: float = 0.03
    mixed_date_format: float = 0.05
    impossible_date: float = 0.005
    duplicate_export: float = 0.02
    # The "hard" profile's faults (`HARD_FAULTS`), off by default.
    ocr: float = 0.0
    dob_digit: float = 0.0
    missing_dob: float = 0.0
    surname_change: float = 0.0
    names_swapped: float = 0.0
    initial_only: float = 0.0

    def scaled(self, factor: float) -> "FaultRates":
        return replace(self, **{name: getattr(self, name) * factor for name in FAULT_NAMES})

    def with_rate(self, name: str, rate: float) -> "FaultRates":
        if name not in FAULT_NAMES:
            raise ValueError(f"Unknown fault {name!r}; known: {', '.join(FAULT_NAMES)}")
        if not 0.0 <= rate <= 1.0:
            raise ValueError(f"Fault rate for {name} must be between 0 and 1")
        return replace(self, **{name: rate})


FAULT_NAMES = (
    "typo",
    "nickname",
    "dob_day_month_swapped",
    "missing_field",
    "mixed_date_format",
    "impossible_date",
    "duplicate_export",
    "ocr",
    "dob_digit",
    "missing_dob",
    "surname_change",
    "names_swapped",
    "initial_only",
)

# A second error profile, for linkage never to be judged only on the faults it was built beside:
# OCR-like letter substitutions, one digit of a date of birth wrong, a fifth of dates of birth
# missing, family names changed, given and family names swapped, initials for given names.
HARD_FAULTS = FaultRates(
    typo=0.03,
    nickname=0.04,
    dob_day_month_swapped=0.015,
    missing_field=0.02,
    mixed_date_format=0.03,
    impossible_date=0.005,
    ocr=0.08,
    dob_digit=0.08,
    missing_dob=0.20,
    surname_change=0.04,
    names_swapped=0.04,
    initial_only=0.05,
)
FAULT_PROFILES = {"standard": FaultRates(), "hard": HARD_FAULTS}


@dataclass(frozen=True)
class SynthParameters:
    scale: Scale
    seed: int
    end_date: date = DEFAULT_END_DATE
    children: ChildParameters = field(default_factory=ChildParameters)
    repeats: RepeatParameters = field(default_factory=RepeatParameters)
    episodes: EpisodeParameters = field(default_factory=EpisodeParameters)
    cme: CmeParameters = field(default_factory=CmeParameters)
    interviews: InterviewParameters = field(default_factory=InterviewParameters)
    screenings: ScreeningParameters = field(default_factory=ScreeningParameters)
    interventions: InterventionParameters = field(default_factory=InterventionParameters)
    faults: FaultRates = field(default_factory=FaultRates)

    @property
    def start_date(self) -> date:
        """The first day of the period: `years` years before the (exclusive) end date."""
        end = self.end_date
        try:
            return end.replace(year=end.year - self.scale.years)
        except ValueError:  # 29 February
            return end.replace(year=end.year - self.scale.years, day=28)
