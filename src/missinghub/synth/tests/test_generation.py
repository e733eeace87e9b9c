"""Determinism, file layouts and the internal consistency of the true population."""

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import polars as pl

from missinghub.synth import clock
from missinghub.synth.parameters import SCALES, SynthParameters
from missinghub.synth.run import generate
from missinghub.synth.tests.conftest import Generated

FILES = (
    "police_extract.csv",
    "social_care.csv",
    "cme_referrals.csv",
    "truth/children.csv",
    "truth/episodes.csv",
    "truth/episode_details.csv",
    "truth/placements.csv",
    "truth/legal_statuses.csv",
    "truth/cme.csv",
    "truth/source_rows.csv",
    "truth/manifest.json",
    "ssda903/header.csv",
    "ssda903/episodes.csv",
    "ssda903/missing.csv",
)


def _read(folder: Path, name: str) -> pl.DataFrame:
    return pl.read_csv(folder / name, infer_schema=False)


def test_same_seed_gives_byte_identical_files(generated: Generated, tmp_path: Path) -> None:
    generate(SynthParameters(SCALES["council"], 1), tmp_path)
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (generated("council", 1) / name).read_bytes(), name


def test_a_different_seed_gives_different_data(generated: Generated) -> None:
    for name in FILES[:-1]:
        first = (generated("council", 1) / name).read_bytes()
        assert first != (generated("council", 2) / name).read_bytes(), name


def test_truth_files_have_the_agreed_columns(generated: Generated) -> None:
    folder = generated("council", 1)
    # Exactly the layouts the issue names, which the analytics and protocol readers expect.
    episodes = "child_id,episode_id,category,placement_type,looked_after,placement_area,reported_at,returned_at,county_lines"  # noqa: E501
    columns = _read(folder, "truth/episodes.csv").columns
    assert columns[:9] == episodes.split(",")
    # Then the areas of the region (issue 25): whose protocol and figures, where placed.
    assert columns[9:] == ["responsible_area", "host_area"]
    assert _read(folder, "truth/cme.csv").columns == (
        ["referral_id", "child_id", "referred_at", "ground", "status", "closed_at"]
    )
    children = _read(folder, "truth/children.csv").columns
    required = "child_id given_name family_name date_of_birth sex ethnicity home_postcode"
    assert set(required.split()) <= set(children)


def test_truth_values_use_the_agreed_codes(generated: Generated) -> None:
    episodes = _read(generated("council", 1), "truth/episodes.csv")
    assert set(episodes["category"]) == {"missing", "absent", "awol"}
    assert set(episodes["placement_area"]) == {"in_borough", "out_of_borough", "none"}
    assert set(episodes["looked_after"]) == {"true", "false"}
    home = episodes.filter(pl.col("placement_type") == "family_home")
    assert set(home["placement_area"]) == {"none"} and set(home["looked_after"]) == {"false"}
    for moment in episodes["reported_at"].head(50):
        assert datetime.fromisoformat(moment).utcoffset() is not None


def test_episodes_happen_inside_their_placement_and_before_18(generated: Generated) -> None:
    folder = generated("council", 3)
    joined = (
        _read(folder, "truth/episodes.csv")
        .join(_read(folder, "truth/episode_details.csv"), on="episode_id")
        .join(_read(folder, "truth/placements.csv"), on="placement_id", suffix="_placement")
        .join(_read(folder, "truth/children.csv"), on="child_id")
    )
    day = joined["reported_at"].str.slice(0, 10)
    assert (joined["child_id"] == joined["child_id_placement"]).all()
    assert (joined["placement_type"] == joined["placement_type_placement"]).all()
    assert (day >= joined["start_date"]).all()
    assert ((day < joined["end_date"]) | joined["end_date"].is_null()).all()
    born = joined["date_of_birth"].str.to_date()
    assert (day.str.to_date() < born.dt.offset_by("18y")).all()


def test_placements_and_episodes_of_a_child_never_overlap(generated: Generated) -> None:
    folder = generated("council", 1)
    placements = _read(folder, "truth/placements.csv").sort("child_id", "start_date")
    clash = placements.with_columns(before=pl.col("end_date").shift(1).over("child_id")).filter(
        pl.col("before").is_not_null() & (pl.col("before") > pl.col("start_date"))
    )
    assert clash.height == 0
    stamp = "%Y-%m-%dT%H:%M:%S%:z"
    episodes = (
        _read(folder, "truth/episodes.csv")
        .join(_read(folder, "truth/episode_details.csv"), on="episode_id")
        .with_columns(pl.col("reported_at", "returned_at", "last_seen_at").str.to_datetime(stamp))
        .sort("child_id", "reported_at")
    )
    assert (episodes["last_seen_at"] <= episodes["reported_at"]).all()
    closed = episodes.filter(pl.col("returned_at").is_not_null())
    assert (closed["returned_at"] >= closed["reported_at"]).all()
    following = episodes.with_columns(next_seen=pl.col("last_seen_at").shift(-1).over("child_id"))
    overlap = following.filter(pl.col("next_seen") < pl.col("returned_at"))
    assert overlap.height == 0


def test_london_offsets_match_the_time_zone_database() -> None:
    rng = np.random.default_rng(5)
    minutes = rng.integers(26 * 365 * 1440, 60 * 365 * 1440, 3000)  # 1996-2030
    offsets = clock.utc_offset_minutes(minutes)
    london = ZoneInfo("Europe/London")
    for minute, offset in zip(minutes.tolist(), offsets.tolist(), strict=True):
        moment = datetime(1970, 1, 1, tzinfo=ZoneInfo("UTC")) + timedelta(minutes=minute)
        assert moment.astimezone(london).utcoffset() == timedelta(minutes=offset)
