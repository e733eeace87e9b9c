"""Each calibration figure, measured from the truth files, is within its tolerance."""

from functools import cache
from pathlib import Path

import polars as pl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from missinghub.synth.calibration import Check, run_checks
from missinghub.synth.tests.conftest import Generated

CHECK_NAMES = [
    "episodes_vs_scale",
    "within_24h",
    "within_48h",
    "over_72h",
    "open_at_end",
    "county_lines_duration_ratio",
    "childrens_home_22_to_01",
    "childrens_home_weekend_nights",
    "family_home_weekend_nights",
    "top_decile_share_lowest_year",
    "top_decile_share_highest_year",
    "repeat_gaps_within_7_days",
    "episodes_per_child",
    "top_repeaters_in_family_homes",
    "category_missing",
    "category_absent",
    "category_awol",
    "awol_not_looked_after",
    "looked_after_episode_share",
    "looked_after_child_share",
    "out_of_borough_share",
    "cme_located_closed",
    "cme_per_episode",
    "interview_offered_share",
    "interview_declined_share",
    "interview_contact_within_48h",
    "interview_completed_within_24h",
    "interview_completed_within_48h",
    "interview_completed_within_72h",
    "interview_outcome_no_further_action",
    "interview_outcome_social_care",
    "county_lines_pull_factor",
    "screened_child_share",
    "screening_high_share",
    "caf_outcomes_with_brief_intervention",
    "intervention_child_take_up",
]


@cache
def _checks(folder: Path) -> dict[str, Check]:
    return {check.name: check for check in run_checks(folder)}


def test_every_documented_check_is_computed(generated: Generated) -> None:
    assert sorted(_checks(generated("council", 1))) == sorted(CHECK_NAMES)


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("name", CHECK_NAMES)
def test_council_figure_within_tolerance(generated: Generated, seed: int, name: str) -> None:
    check = _checks(generated("council", seed))[name]
    assert check.low <= check.value <= check.high, f"{name}: {check.value} not in tolerance"


@pytest.mark.slow
def test_region_scale_passes_at_three_seeds(generated: Generated) -> None:
    for seed in (1, 2, 3):
        failed = [c.name for c in run_checks(generated("region", seed)) if not c.passed]
        assert failed == [], f"seed {seed}: {failed}"


def test_check_command_passes_on_a_good_population(
    generated: Generated, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("synth", check=generated("council", 1))
    assert f"All {len(CHECK_NAMES)} calibration checks pass" in capsys.readouterr().out


def test_check_command_fails_when_a_figure_is_off(generated: Generated, tmp_path: Path) -> None:
    source = generated("council", 2) / "truth"
    (tmp_path / "truth").mkdir()
    kept = (
        "manifest.json",
        "cme.csv",
        "return_interviews.csv",
        "screenings.csv",
        "interventions.csv",
    )
    for name in kept:
        (tmp_path / "truth" / name).write_bytes((source / name).read_bytes())
    episodes = pl.read_csv(source / "episodes.csv", infer_schema=False)
    # Every episode a day long: nothing ends within 24 hours any more.
    episodes.with_columns(
        returned_at=pl.col("reported_at")
        .str.to_datetime("%Y-%m-%dT%H:%M:%S%:z")
        .dt.offset_by("30h")
        .dt.convert_time_zone("Europe/London")
        .dt.strftime("%Y-%m-%dT%H:%M:%S%:z")
    ).write_csv(tmp_path / "truth" / "episodes.csv")
    with pytest.raises(CommandError, match="within_24h"):
        call_command("synth", check=tmp_path)
