"""Must-show 1 and 3 of issue 22, at a small scale: the synthetic county's social-care, police and
CME files imported into an empty database (its agencies only), then `missinghub report published`
for the last full financial year, against the table computed from `truth/`.

Without faults every cell is exact, the looked-after and CME cells included, through either
police layout (`synthetic-police.yaml` or `police-niche-style.yaml`); each file imported again
creates and updates nothing. With the default faults every cell is within 1% of the truth, or
off by no more than the records of that cell that have a faulty row (a rejected row is a lost
episode). The council-scale figures are in the issue's report, run by hand.
"""

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from django.core.management import call_command

from missinghub.imports.tests.conftest import Importer
from missinghub.synth.parameters import FaultRates, Scale, SynthParameters
from missinghub.synth.run import generate
from missinghub_analytics.frames import Period, load_cme, load_episodes
from missinghub_analytics.published import published_table

pytestmark = pytest.mark.django_db(transaction=True)
SMALL = Scale("small", 1200, 2)  # two years to 31 March 2025: the last full year is 2024-25
YEAR = Period(dt.date(2024, 4, 1), dt.date(2025, 3, 31))
POLICE = {
    "synthetic-police.yaml": "police_extract.csv",
    "police-niche-style.yaml": "police_niche.xlsx",
}


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("small-clean")
    generate(SynthParameters(SMALL, 7, faults=FaultRates().scaled(0)), folder)
    return folder


@pytest.fixture(scope="module")
def faulty(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("small-faulty")
    generate(SynthParameters(SMALL, 7), folder)
    return folder


def _truth(folder: Path) -> dict[str, Any]:
    truth = folder / "truth"
    table = published_table(
        load_episodes(truth / "episodes.csv"), load_cme(truth / "cme.csv"), YEAR
    )
    return json.loads(json.dumps(table))


def _published() -> dict[str, Any]:
    out = io.StringIO()
    call_command(
        "report", "published", "--from", "2024-04-01", "--to", "2025-03-31", "--format", "json",
        stdout=out,
    )  # fmt: skip
    table: dict[str, Any] = json.loads(out.getvalue())
    return table


def _import_all(run_import: Importer, folder: Path, police: str) -> list[dict[str, Any]]:
    files = [
        ("social-care", "social_care.csv", "synthetic-social-care.yaml"),
        ("police", POLICE[police], police),
        ("cme", "cme_referrals.csv", "synthetic-cme.yaml"),
    ]
    return [run_import(kind, folder / name, mapping) for kind, name, mapping in files]


def _cells(table: dict[str, Any]) -> dict[str, int]:
    cells = {}
    for group in ("all", "lac_in_borough", "lac_out_of_borough"):
        for category, (episodes, children) in table[group].items():
            cells[f"{group}/{category}/episodes"] = episodes
            cells[f"{group}/{category}/children"] = children
    cells.update({f"cme/{name}": value for name, value in table["cme"].items()})
    return cells


@pytest.mark.parametrize("police", list(POLICE))
def test_without_faults_every_cell_equals_the_truth_and_a_second_import_changes_nothing(
    run_import: Importer, clean: Path, police: str
) -> None:
    firsts = _import_all(run_import, clean, police)
    assert all(summary["rejected"] == 0 for summary in firsts)
    published, truth = _published(), _truth(clean)
    assert truth["lac_out_of_borough"]["missing"][0] > 0 and truth["cme"]["referrals"] > 0
    assert published == truth
    for summary in _import_all(run_import, clean, police):
        assert (summary["created"], summary["updated"], summary["children_created"]) == (0, 0, 0)
    assert _published() == truth


def _faulty_per_cell(folder: Path) -> dict[str, int]:
    """How many of each cell's episodes, children or referrals have a faulty source row."""
    rows = pl.read_csv(folder / "truth" / "source_rows.csv", infer_schema=False)
    faulty = rows.filter(pl.col("fault") != "none")
    bad_episodes = set(faulty["episode_id"].drop_nulls())
    bad_referrals = set(faulty["referral_id"].drop_nulls())
    episodes = load_episodes(folder / "truth" / "episodes.csv").filter(
        pl.col("episode_id").is_in(list(bad_episodes))
    )
    cme = load_cme(folder / "truth" / "cme.csv").filter(
        pl.col("referral_id").is_in(list(bad_referrals))
    )
    return _cells(json.loads(json.dumps(published_table(episodes, cme, YEAR))))


def test_with_faults_every_cell_is_within_one_percent_or_exact_but_for_its_faulty_rows(
    run_import: Importer, faulty: Path
) -> None:
    """`truth/source_rows.csv` names the faulty rows of the CSV files (the police extract's)."""
    summaries = _import_all(run_import, faulty, "synthetic-police.yaml")
    assert sum(summary["rejected"] for summary in summaries) > 0  # the faults are there
    published, truth = _cells(_published()), _cells(_truth(faulty))
    touched = _faulty_per_cell(faulty)
    for cell, expected in truth.items():
        allowed = max(0.01 * expected, touched[cell])
        assert abs(published[cell] - expected) <= allowed, (cell, published[cell], expected)
