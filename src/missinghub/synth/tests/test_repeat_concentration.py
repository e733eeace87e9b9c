"""Hertfordshire (seed 002): the 10% of children who went missing most often in a year
accounted for 54% of that year's incidents. Counted here independently of
`synth.calibration` (the csv module over truth/episodes.csv, years from the manifest's start
date): every full year within 3 points, in whole points as the figure is published (51%
to 57%), at two seeds."""

import csv
import json
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from missinghub.synth.tests.conftest import Generated

HERTFORDSHIRE_PERCENT = 54


def yearly_top_decile_shares(folder: Path) -> dict[date, float]:
    """{first day of each full year of the period: share of that year's episodes reported
    for the tenth of that year's children with the most (rounded up)}."""
    manifest = json.loads((folder / "truth" / "manifest.json").read_text())
    start, end = (date.fromisoformat(manifest[key]) for key in ("start_date", "end_date"))
    years = [start.replace(year=start.year + n) for n in range(end.year - start.year + 1)]
    years = [first for first in years if first.replace(year=first.year + 1) <= end]
    counts: dict[date, Counter[str]] = {first: Counter() for first in years}
    with (folder / "truth" / "episodes.csv").open(newline="") as file:
        for row in csv.DictReader(file):
            day = date.fromisoformat(row["reported_at"][:10])
            began = [first for first in years if first <= day < first.replace(year=first.year + 1)]
            if began:
                counts[began[0]][row["child_id"]] += 1
    shares = {}
    for year, per_child in counts.items():
        ordered = sorted(per_child.values(), reverse=True)
        top = -(-len(ordered) // 10)
        shares[year] = sum(ordered[:top]) / sum(ordered)
    return shares


@pytest.mark.parametrize("seed", [1, 2])
def test_each_full_year_within_three_points_of_hertfordshire(
    generated: Generated, seed: int
) -> None:
    shares = yearly_top_decile_shares(generated("council", seed))
    assert len(shares) == 4
    for year, share in shares.items():
        assert abs(round(share * 100) - HERTFORDSHIRE_PERCENT) <= 3, (year, share)
