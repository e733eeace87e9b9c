"""Must show (2): on council-scale synthetic data, loaded into the database, the reports show the
published patterns: over 90% of episodes end within 24 hours, children's homes peak late in the
evening (22:00-01:00), and the top 10% of children account for about half of a year's episodes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from missinghub.reporting.services import build_report
from missinghub.synth.loader import load_population
from missinghub.synth.parameters import SCALES, SynthParameters
from missinghub.synth.run import generate
from missinghub_analytics.frames import Period, load_episodes
from missinghub_analytics.published import published_table

pytestmark = pytest.mark.django_db
# The synthetic council runs 1 April 2021 to 31 March 2025; the last financial year:
YEAR = Period(dt.date(2024, 4, 1), dt.date(2025, 3, 31))


@pytest.fixture
def council(tmp_path: Path) -> Path:
    generate(SynthParameters(SCALES["council"], 1), tmp_path)
    load_population(tmp_path)
    return tmp_path


def test_council_shows_the_published_patterns(council: Path) -> None:
    data = build_report(kind="demand", period=YEAR).data
    assert data["episodes"] > 2000
    assert data["durations"]["all"]["within_24h"] > 0.90
    by_type = {row["placement_type"]: row for row in data["late_evening"]}
    homes, family = by_type["childrens_home"], by_type["family_home"]
    assert homes["busiest_hour"] in (22, 23, 0)
    assert homes["late_evening_share"] > 1.5 * family["late_evening_share"]
    (year,) = data["top_share"]
    assert 0.45 <= year["share"] <= 0.65  # Hertfordshire 2022: 54%
    print(
        json.dumps(
            {
                "within_24h": data["durations"]["all"]["within_24h"],
                "childrens_home_22_01": homes["late_evening_share"],
                "top_10_share": year["share"],
            }
        )
    )


def test_published_table_from_the_database_matches_the_truth_files(council: Path) -> None:
    """The reporting layer (DB rows to frames) loses nothing: same table as the truth files."""
    from_db = build_report(kind="published", period=YEAR).data
    truth = published_table(load_episodes(council / "truth" / "episodes.csv"), None, YEAR)
    assert {k: v for k, v in from_db.items() if k != "cme"} == {
        k: v for k, v in truth.items() if k != "cme"
    }
