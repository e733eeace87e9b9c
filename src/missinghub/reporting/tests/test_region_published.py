"""Must show (#25, 2): on region-scale synthetic data, loaded, `missinghub report published
--area COUNCIL` equals that council's table counted from truth/episodes.csv (the episodes its
council is responsible for), for every council of the region."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from pathlib import Path

import polars as pl
import pytest
from django.core.management import call_command

from missinghub.synth.areas import REGION_COUNCILS
from missinghub.synth.loader import load_population
from missinghub.synth.parameters import SCALES, Scale, SynthParameters
from missinghub.synth.run import generate
from missinghub_analytics.frames import Period, load_episodes
from missinghub_analytics.published import published_table

pytestmark = pytest.mark.django_db
YEAR = Period(dt.date(2024, 4, 1), dt.date(2025, 3, 31))


@pytest.fixture
def region(tmp_path: Path) -> Path:
    """Six councils on fewer episodes than the region scale (the counting is the same)."""
    generate(SynthParameters(Scale("region", 6_000, SCALES["region"].years), 1), tmp_path)
    load_population(tmp_path)
    return tmp_path


def _truth_table(folder: Path, council: str, into: Path) -> dict[str, object]:
    episodes = pl.read_csv(folder / "truth" / "episodes.csv", infer_schema_length=0)
    ours = into / f"{council}.csv"
    episodes.filter(pl.col("responsible_area") == council).write_csv(ours)
    table = published_table(load_episodes(ours), None, YEAR)
    return json.loads(json.dumps({k: v for k, v in table.items() if k != "cme"}))


def test_each_councils_published_table_equals_its_count_from_truth(
    region: Path, tmp_path: Path
) -> None:
    totals = 0
    for council, _ in REGION_COUNCILS:
        out = StringIO()
        call_command(
            "report",
            "published",
            "--from",
            "2024-04-01",
            "--to",
            "2025-03-31",
            "--area",
            council,
            "--format",
            "json",
            stdout=out,
        )
        from_db = json.loads(out.getvalue())
        expected = _truth_table(region, council, tmp_path)
        assert {k: v for k, v in from_db.items() if k != "cme"} == expected, council
        totals += sum(episodes for episodes, _ in from_db["all"].values())
    everyone = pl.read_csv(region / "truth" / "episodes.csv", infer_schema_length=0)
    in_year = everyone.filter(
        pl.col("reported_at")
        .str.slice(0, 10)
        .is_between(pl.lit("2024-04-01"), pl.lit("2025-03-31"))
    )
    assert totals > 1000 and abs(totals - in_year.height) <= in_year.height * 0.01
    _each_council_replays_under_its_own_protocol(region)


def _each_council_replays_under_its_own_protocol(region: Path) -> None:
    """`missinghub protocol replay --area COUNCIL` (recorded history, and the truth files) uses
    that council's protocol, on the episodes that council is responsible for."""
    interviews = {}
    for council, protocol in REGION_COUNCILS:
        for history in ([], ["--history", str(region)]):
            out = StringIO()
            call_command(
                "protocol",
                "replay",
                "--area",
                council,
                "--from",
                "2024-04-01",
                "--to",
                "2025-03-31",
                "--json",
                *history,
                stdout=out,
            )
            replayed = json.loads(out.getvalue())
            assert replayed["protocol"] == replayed["compared_with"]["protocol"] == protocol
            interviews[council, bool(history)] = sum(m["interviews"] for m in replayed["months"])
    for council, _ in REGION_COUNCILS:  # the database and the truth files agree
        assert interviews[council, False] == interviews[council, True] > 0
