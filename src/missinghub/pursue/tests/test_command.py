"""Must show 1 at a small scale: a synthetic population with planted exploitation groups, loaded,
then `missinghub pursue groups --evaluate DIR/truth --json`."""

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from missinghub.pursue.models import Entity, EntityLink

pytestmark = pytest.mark.django_db


def test_planted_groups_are_found_with_precision_and_recall_of_at_least_0_9(tmp_path: Path):
    call_command("synth", episodes=1500, seed=3, out=tmp_path, load=True, stdout=io.StringIO())
    with (tmp_path / "truth" / "pursue_links.csv").open(encoding="utf-8") as handle:
        written = [row for row in csv.DictReader(handle) if row["kind"] == "phone"]
    assert any(row["value"].startswith("+44") for row in written)
    assert any(row["value"].startswith("07") for row in written)
    # Many ways of writing one number make one entity each.
    assert Entity.objects.filter(kind="phone").count() == len({row["entity_id"] for row in written})
    assert EntityLink.objects.count() > 0
    out = io.StringIO()
    call_command("pursue", "groups", "--evaluate", str(tmp_path / "truth"), "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert set(result) >= {"groups", "precision", "recall"}
    assert result["precision"] >= 0.9 and result["recall"] >= 0.9
    with (tmp_path / "truth" / "pursue_groups.csv").open(encoding="utf-8") as handle:
        planted = {row["group_id"] for row in csv.DictReader(handle)}
    assert len(result["groups"]) == len(planted) >= 2
    assert all(match["found"] is not None for match in result["groups"])


def test_a_truth_folder_without_the_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"pursue_groups\.csv: no such file"):
        call_command("pursue", "groups", "--evaluate", str(tmp_path), stdout=io.StringIO())
