"""Write the true population to DIR/truth/*.csv: what really happened, for scoring and loading.

Files (layouts in docs/synthetic-data.md): children.csv, placements.csv, legal_statuses.csv,
episodes.csv and cme.csv (the columns of `missinghub_analytics.frames`), episode_details.csv, and
the casework files of `casework_truth.py`.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from missinghub.synth import clock
from missinghub.synth.areas import Areas, assign_areas
from missinghub.synth.clock import MINUTES_PER_DAY, BoolArray, IntArray
from missinghub.synth.cme import GROUNDS
from missinghub.synth.generator import Population
from missinghub.synth.names import load_names
from missinghub.synth.parameters import CATEGORIES, PLACEMENT_TYPES, RETURN_METHODS, RISK_LEVELS
from missinghub.synth.population import NEVER, fictional_postcodes, given_names

# Builds one truth file: a frame, or its rows in chunks (written one after the other).
Build = Callable[[], pl.DataFrame | Iterable[pl.DataFrame]]
AREAS = ("none", "in_borough", "out_of_borough")
SEXES = ("male", "female")
ETHNICITIES = ("asian", "black", "mixed", "white", "other", "not_stated")


@dataclass
class Identifiers:
    """Reference numbers each agency holds; the source extracts use them too."""

    child_id: pl.Series
    police_person_ref: pl.Series  # '' for a child with no episode
    social_care_id: pl.Series  # '' for a child unknown to social care
    upn: pl.Series
    episode_id: pl.Series
    occurrence_ref: pl.Series
    referral_id: pl.Series
    known_to_social_care: BoolArray
    placement_row: IntArray  # (children, slots): row in placements.csv, -1 when none


def numbered(prefix: str, numbers: IntArray, width: int) -> pl.Series:
    """E.g. numbered('C', [1, 2], 7) -> C0000001, C0000002."""
    padded = pl.Series("n", np.asarray(numbers)).cast(pl.String).str.zfill(width)
    return pl.select(pl.lit(prefix) + padded).to_series()


def blank_where(values: pl.Series, where: BoolArray) -> pl.Series:
    return pl.select(
        pl.when(pl.Series(where)).then(pl.lit(None, dtype=pl.String)).otherwise(values)
    ).to_series()


def pick(labels: tuple[str, ...], codes: IntArray) -> pl.Series:
    return pl.Series(list(labels)).gather(np.asarray(codes))


def flag(values: BoolArray) -> pl.Series:
    """'true' or 'false' for each row (gathered: no per-row Python or numpy strings)."""
    return pick(("false", "true"), np.asarray(values, dtype=np.int64))


def text_column(values: np.ndarray) -> pl.Series:
    """A numpy string array as a polars String column (through a list: faster than numpy's)."""
    return pl.Series(values.tolist(), dtype=pl.String)


def _occurrence_refs(population: Population) -> pl.Series:
    """Police occurrence numbers: ND-<yy>-<serial within the year>, in report order."""
    found = population.episodes
    year = clock.year_of_day(clock.utc_to_london(found.reported) // MINUTES_PER_DAY)
    serial = np.arange(found.size) - np.searchsorted(year, year) + 1
    year_text = pl.Series("y", year % 100).cast(pl.String).str.zfill(2)
    serial_text = pl.Series("s", serial).cast(pl.String).str.zfill(7)
    return pl.select(pl.lit("ND-") + year_text + pl.lit("-") + serial_text).to_series()


def _placement_rows(population: Population) -> IntArray:
    children = population.children
    used = (children.placement_type >= 0) & (children.placement_start < population.period[1])
    rows = np.full(used.shape, -1, dtype=np.int64)
    rows[used] = np.arange(int(used.sum()))
    return rows


def make_identifiers(population: Population, rng: np.random.Generator) -> Identifiers:
    children, found = population.children, population.episodes
    count = children.size
    has_episode = np.bincount(found.child, minlength=count) > 0
    ever_in_care = children.care_from < population.period[1]
    known = ever_in_care | (has_episode & (rng.random(count) < 0.4)) | (rng.random(count) < 0.1)
    return Identifiers(
        child_id=numbered("C", 1 + rng.permutation(count), 7),
        police_person_ref=blank_where(
            numbered("PR", 1_000_000 + rng.permutation(count), 8), ~has_episode
        ),
        social_care_id=blank_where(numbered("SC", 100_000 + rng.permutation(count), 7), ~known),
        upn=numbered("Z999", rng.choice(10**9, size=count, replace=False), 9),
        episode_id=numbered("E", np.arange(1, found.size + 1), 8),
        occurrence_ref=_occurrence_refs(population),
        referral_id=numbered("R", np.arange(1, population.referrals.size + 1), 7),
        known_to_social_care=known,
        placement_row=_placement_rows(population),
    )


def areas_of(population: Population) -> Areas:
    params = population.params
    return assign_areas(population.children, params.scale.name, params.seed)


def children_frame(population: Population, ids: Identifiers, areas: Areas) -> pl.DataFrame:
    children = population.children
    in_care = children.care_from < population.period[1]
    return pl.DataFrame(
        {
            "child_id": ids.child_id,
            "given_name": pick(given_names(), children.given_name),
            "family_name": pick(load_names().family, children.family_name),
            "date_of_birth": clock.format_days(children.date_of_birth, "%Y-%m-%d"),
            "sex": pick(SEXES, children.female.astype(np.int64)),
            "ethnicity": pick(ETHNICITIES, children.ethnicity),
            "home_postcode": text_column(children.postcode),
            "home_area": pick(areas.labels(), areas.home),
            "police_person_ref": ids.police_person_ref,
            "social_care_id": ids.social_care_id,
            "upn": ids.upn,
            "looked_after_from": clock.format_days(
                np.where(in_care, children.care_from, 0), "%Y-%m-%d", missing=~in_care
            ),
        }
    )


def placement_ends(population: Population) -> tuple[IntArray, IntArray, IntArray]:
    """(child, slot, end day) of every placement in placements.csv order; end exclusive."""
    children = population.children
    child, slot = np.nonzero(population_rows := _placement_rows(population) >= 0)
    del population_rows
    padded = np.c_[children.placement_start, np.full(children.size, NEVER)]
    finish = np.minimum(padded[child, slot + 1], children.adult_day[child])
    return child, slot, finish


def placements_frame(
    population: Population, ids: Identifiers, rng: np.random.Generator, areas: Areas
) -> pl.DataFrame:
    children, end = population.children, population.period[1]
    child, slot, finish = placement_ends(population)
    area = children.placement_area[child, slot]
    away = fictional_postcodes(rng, "SV", len(child))
    local = fictional_postcodes(rng, "ND", len(child))
    postcode = np.where(slot == 0, children.postcode[child], np.where(area == 2, away, local))
    return pl.DataFrame(
        {
            "placement_id": numbered("P", np.arange(1, len(child) + 1), 8),
            "child_id": ids.child_id.gather(child),
            "placement_type": pick(PLACEMENT_TYPES, children.placement_type[child, slot]),
            "placement_area": pick(AREAS, area),
            "postcode": text_column(postcode),
            "host_area": pick(areas.labels(), areas.codes(areas.host[child, slot])),
            # The council that placed the child (none for the family home): the home council.
            "placing_area": pick(
                areas.labels(), np.where(slot == 0, len(areas.names), areas.home[child])
            ),
            "start_date": clock.format_days(children.placement_start[child, slot], "%Y-%m-%d"),
            "end_date": clock.format_days(
                np.minimum(finish, end), "%Y-%m-%d", missing=finish >= end
            ),
        }
    )


def legal_status_frame(population: Population, ids: Identifiers, areas: Areas) -> pl.DataFrame:
    children, end = population.children, population.period[1]
    child = np.flatnonzero(children.care_from < end)
    finish = children.adult_day[child]
    return pl.DataFrame(
        {
            "child_id": ids.child_id.gather(child),
            "status": pl.Series(["looked_after"] * len(child), dtype=pl.String),
            "responsible_area": pick(areas.labels(), areas.home[child]),
            "start_date": clock.format_days(children.care_from[child], "%Y-%m-%d"),
            "end_date": clock.format_days(
                np.minimum(finish, end), "%Y-%m-%d", missing=finish >= end
            ),
        }
    )


def episodes_frame(population: Population, ids: Identifiers, areas: Areas) -> pl.DataFrame:
    """One row per episode; `responsible_area` is the council whose protocol and published
    figures it counts in, `host_area` the council the child was living in ("" outside)."""
    found = population.episodes
    return pl.DataFrame(
        {
            "child_id": ids.child_id.gather(found.child),
            "episode_id": ids.episode_id,
            "category": pick(CATEGORIES, found.category),
            "placement_type": pick(PLACEMENT_TYPES, found.placement_type),
            "looked_after": flag(found.placement_type != 0),
            "placement_area": pick(AREAS, found.placement_area),
            "reported_at": clock.format_iso(found.reported),
            "returned_at": clock.format_iso(found.returned, missing=found.still_open),
            "county_lines": flag(found.county_lines),
            "responsible_area": pick(areas.labels(), areas.home[found.child]),
            "host_area": pick(areas.labels(), areas.codes(areas.host[found.child, found.slot])),
        }
    )


def episode_details_frame(population: Population, ids: Identifiers) -> pl.DataFrame:
    found = population.episodes
    rows = ids.placement_row[found.child, found.slot]
    return pl.DataFrame(
        {
            "episode_id": ids.episode_id,
            "occurrence_ref": ids.occurrence_ref,
            "last_seen_at": clock.format_iso(found.last_seen),
            "risk_level": pick(RISK_LEVELS, found.risk),
            "return_method": blank_where(
                pick(RETURN_METHODS, found.return_method), found.still_open
            ),
            "placement_id": numbered("P", rows + 1, 8),
        }
    )


def cme_frame(population: Population, ids: Identifiers) -> pl.DataFrame:
    referrals = population.referrals
    return pl.DataFrame(
        {
            "referral_id": ids.referral_id,
            "child_id": ids.child_id.gather(referrals.child),
            "referred_at": clock.format_days(referrals.referred, "%Y-%m-%d"),
            "ground": pick(GROUNDS, referrals.ground),
            "status": pick(("located_closed", "ongoing"), referrals.ongoing.astype(np.int64)),
            "closed_at": clock.format_days(referrals.closed, "%Y-%m-%d", missing=referrals.ongoing),
        }
    )


def write_truth(
    population: Population, ids: Identifiers, out_dir: Path, rng: np.random.Generator
) -> None:
    """Build, write and free each file in turn: one file's columns in memory at a time."""
    folder = out_dir / "truth"
    folder.mkdir(parents=True, exist_ok=True)
    areas = areas_of(population)
    builders: dict[str, Build] = {
        "children.csv": lambda: children_frame(population, ids, areas),
        "placements.csv": lambda: placements_frame(population, ids, rng, areas),
        "legal_statuses.csv": lambda: legal_status_frame(population, ids, areas),
        "episodes.csv": lambda: episodes_frame(population, ids, areas),
        "episode_details.csv": lambda: episode_details_frame(population, ids),
        "cme.csv": lambda: cme_frame(population, ids),
    }
    from missinghub.synth.casework_truth import casework_frames  # it imports this module

    builders.update(casework_frames(population, ids))
    for name, build in builders.items():
        with (folder / name).open("wb") as file:
            built = build()
            chunks = [built] if isinstance(built, pl.DataFrame) else built
            for index, frame in enumerate(chunks):
                frame.write_csv(file, include_header=index == 0)
                del frame  # freed at once: the next chunk or file starts from less
            del built, chunks
