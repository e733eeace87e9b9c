"""The planted exploitation groups (issue #27): their own truth files, the same for the same
seed, groups of county-lines children first, each number written several ways, and noise that is
not a group."""

import csv
import shutil
from collections import Counter, defaultdict
from pathlib import Path

from missinghub.synth.pursue import GROUPS_FILE, LINKS_FILE, write_pursue
from missinghub.synth.tests.conftest import Generated


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_groups_are_disjoint_children_with_episodes_county_lines_first(
    generated: Generated,
) -> None:
    truth = generated("council", 1) / "truth"
    groups = _rows(truth / GROUPS_FILE)
    children = [row["child_id"] for row in groups]
    assert len(children) == len(set(children))
    sizes = Counter(row["group_id"] for row in groups)
    assert len(sizes) >= 5 and all(3 <= size <= 8 for size in sizes.values())
    county_lines = {
        row["child_id"] for row in _rows(truth / "episodes.csv") if row["county_lines"] == "true"
    }
    # Children with county-lines episodes are chosen first: others only once all are used.
    assert county_lines <= set(children) or set(children) <= county_lines
    assert all(row["police_person_ref"] for row in groups)


def test_one_number_is_written_several_ways_and_noise_is_not_a_group(
    generated: Generated,
) -> None:
    links = _rows(generated("council", 1) / "truth" / LINKS_FILE)
    ways: dict[str, set[str]] = defaultdict(set)
    for row in links:
        if row["kind"] == "phone" and row["group_id"]:
            ways[row["entity_id"]].add(row["value"])
    assert max(len(written) for written in ways.values()) >= 3
    noise = [row for row in links if not row["group_id"]]
    assert {row["relationship"] for row in noise} >= {"where found"}
    assert {row["intelligence_assessment"] for row in noise} >= {"D", "E"}


def test_the_same_seed_plants_the_same_groups(generated: Generated, tmp_path: Path) -> None:
    source = generated("council", 1)
    shutil.copytree(source / "truth", tmp_path / "truth")
    write_pursue(tmp_path, 1)
    for name in (GROUPS_FILE, LINKS_FILE):
        assert (tmp_path / "truth" / name).read_bytes() == (source / "truth" / name).read_bytes()
