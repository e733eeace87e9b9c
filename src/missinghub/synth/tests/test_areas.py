"""Councils in the synthetic data: council scale is one council; region scale is six, served by
one force, each with a different shipped protocol, with children placed across their borders."""

import json
from pathlib import Path

import polars as pl
import pytest

from missinghub.protocols.registry import SHIPPED_PROTOCOLS_DIR
from missinghub.synth.areas import REGION_COUNCILS
from missinghub.synth.parameters import SCALES, Scale, SynthParameters
from missinghub.synth.run import generate
from missinghub.synth.tests.conftest import Generated


@pytest.fixture(scope="module")
def small_region(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The region's councils and placements on fewer episodes (the rules do not depend on size)."""
    folder = tmp_path_factory.mktemp("small-region")
    scale = Scale("region", 20_000, SCALES["region"].years)
    generate(SynthParameters(scale, 1), folder)
    return folder


def _truth(folder: Path, name: str) -> pl.DataFrame:
    return pl.read_csv(folder / "truth" / name, infer_schema_length=0)


def test_region_councils_each_follow_a_different_shipped_protocol(small_region: Path) -> None:
    areas = json.loads((small_region / "truth" / "manifest.json").read_text())["areas"]
    protocols = [council["protocol"] for council in areas["councils"]]
    assert len(areas["councils"]) == 6 and len(set(protocols)) == 6
    shipped = {path.stem for path in SHIPPED_PROTOCOLS_DIR.glob("*.yaml")}
    assert set(protocols) <= shipped
    assert areas["police_force"]["name"] == "Northdale Police"
    children = _truth(small_region, "children.csv")
    councils = {council["name"] for council in areas["councils"]}
    assert set(children["home_area"].unique()) == councils


def test_region_placements_cross_borders_and_episodes_count_for_the_placing_council(
    small_region: Path,
) -> None:
    placements = _truth(small_region, "placements.csv")
    away = placements.filter(pl.col("placement_area") == "out_of_borough")
    assert away.height > 100
    assert (away["host_area"] != away["placing_area"]).all()
    assert (away["host_area"] != "").all()
    hosts = away.group_by("host_area").agg(pl.col("placing_area").n_unique().alias("placers"))
    assert hosts.height == 6 and (hosts["placers"] == 5).all()  # each hosts the other five
    near = placements.filter(pl.col("placement_area") == "in_borough")
    assert (near["host_area"] == near["placing_area"]).all()
    episodes = _truth(small_region, "episodes.csv")
    homes = _truth(small_region, "children.csv").select("child_id", "home_area")
    joined = episodes.join(homes, on="child_id")
    assert (joined["responsible_area"] == joined["home_area"]).all()
    elsewhere = joined.filter(pl.col("placement_area") == "out_of_borough")
    assert elsewhere.height > 0 and (elsewhere["host_area"] != elsewhere["home_area"]).all()


def test_council_scale_is_one_council_and_out_of_borough_is_outside_it(
    generated: Generated,
) -> None:
    folder = generated("council", 1)
    assert set(_truth(folder, "children.csv")["home_area"].unique()) == {"Northdale"}
    placements = _truth(folder, "placements.csv")
    away = placements.filter(pl.col("placement_area") == "out_of_borough")
    assert away.height > 0 and away["host_area"].fill_null("").eq("").all()
    statuses = _truth(folder, "legal_statuses.csv")
    assert set(statuses["responsible_area"].unique()) == {"Northdale"}


@pytest.mark.django_db(transaction=True)
def test_a_loaded_region_has_its_councils_protocols_and_cross_border_placements(
    small_region: Path,
) -> None:
    from missinghub.accounts.models import Area
    from missinghub.children.models import Placement
    from missinghub.synth.loader import load_population

    load_population(small_region)
    areas = {area.name: area for area in Area.objects.select_related("police_force")}
    assert {name: areas[name].protocol for name in areas} == dict(REGION_COUNCILS)
    assert {area.police_force.name for area in areas.values()} == {"Northdale Police"}
    away = Placement.objects.filter(area="out_of_borough").select_related(
        "host_area", "placing_authority"
    )
    assert away.exists()
    assert all(p.host_area.name != p.placing_authority.area for p in away)
    truth = _truth(small_region, "placements.csv")
    assert away.count() == truth.filter(pl.col("placement_area") == "out_of_borough").height
