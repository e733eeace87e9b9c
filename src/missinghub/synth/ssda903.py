"""DIR/ssda903/: the county's truth as the council's SSDA903 return (header.csv, episodes.csv,
missing.csv), in the DfE's layout (`kit/ssda903.py`), for every year of the period at once.

Built from the truth files already written (children, placements, legal statuses, episodes,
return interviews), so it says exactly what they say:
- Header: every child ever looked after in the period, by the council's child id (CHILD = the
  social care id), no names.
- Episodes: one row per care placement (DECOM its start, DEC its end; RNE S for the first, P
  for a move; REC X1 on a move, E5 at 18). Legal status, category of need, provider, reason for
  a move and URN are drawn (the truth holds none of them); PL_POST is the placement's postcode.
- Missing: every missing or away-from-placement episode of a child looked after when it was
  reported; MIS_START is the day it was reported (local), MIS_END the day of the return (blank
  while open). RHI_OFFERED / RHI_ACCEPTED (MissingHub's extras): a return interview was offered
  when the child or a carer was reached, accepted when it was held and not declined.
"""

from pathlib import Path

import numpy as np
import polars as pl

from missinghub.kit import ssda903

FOLDER = "ssda903"
_DAY = "%d/%m/%Y"


def _day(column: str) -> pl.Expr:
    """An ISO date or an ISO time with its London offset -> its local day as dd/mm/yyyy."""
    return pl.col(column).str.slice(0, 10).str.strptime(pl.Date, "%Y-%m-%d").dt.strftime(_DAY)


def _codes(column: str, codes: dict[str, str]) -> pl.Expr:
    return pl.col(column).replace_strict(codes, return_dtype=pl.String)


def header_frame(children: pl.DataFrame) -> pl.DataFrame:
    return children.select(
        CHILD=pl.col("social_care_id"),
        SEX=_codes("sex", ssda903.SEX_OF),
        DOB=_day("date_of_birth"),
        ETHNIC=_codes("ethnicity", ssda903.ETHNIC_OF),
        UPN=pl.col("upn"),
        MOTHER=pl.lit(None, dtype=pl.String),
        MC_DOB=pl.lit(None, dtype=pl.String),
    )


def episodes_frame(
    children: pl.DataFrame, placements: pl.DataFrame, rng: np.random.Generator
) -> pl.DataFrame:
    care = placements.filter(pl.col("placement_type") != "family_home").join(
        children.select("child_id", "social_care_id", "home_postcode", "adult_day"),
        on="child_id",
        maintain_order="left",
    )
    count = care.height
    first = pl.col("start_date") == pl.col("start_date").min().over("child_id")
    at_18 = pl.col("end_date") == pl.col("adult_day")
    moved = pl.col("end_date").is_not_null() & (pl.col("adult_day").is_null() | ~at_18)
    reasons = ["CARPL", "CREQB", "CHILD", "LAREQ", "STAND"]
    return care.with_columns(
        _ls=pl.Series(rng.choice(["C2", "C1", "V2"], count, p=[0.6, 0.1, 0.3])),
        _cin=pl.Series(rng.choice(["N1", "N4", "N5", "N8"], count, p=[0.6, 0.15, 0.15, 0.1])),
        _why=pl.Series(rng.choice(reasons, count)),
        _private=pl.Series(rng.random(count) < 0.5),
    ).select(
        CHILD=pl.col("social_care_id"),
        DECOM=_day("start_date"),
        RNE=pl.when(first).then(pl.lit("S")).otherwise(pl.lit("P")),
        LS=pl.col("_ls").first().over("child_id"),  # one legal status and need per child
        CIN=pl.col("_cin").first().over("child_id"),
        PLACE=_codes("placement_type", ssda903.PLACE_OF),
        PLACE_PROVIDER=pl.when(pl.col("placement_type") == "secure")
        .then(pl.lit("PR1"))
        .when(pl.col("_private"))
        .then(pl.lit("PR4"))
        .otherwise(pl.lit("PR1")),
        DEC=_day("end_date"),
        REC=pl.when(moved)
        .then(pl.lit("X1"))
        .when(pl.col("end_date").is_not_null())
        .then(pl.lit("E5")),
        REASON_PLACE_CHANGE=pl.when(moved).then(pl.col("_why")),
        HOME_POST=pl.col("home_postcode"),
        PL_POST=pl.col("postcode"),
        URN=pl.when(pl.col("placement_type").is_in(["childrens_home", "secure"]))
        .then(pl.lit("SC") + pl.col("placement_id").str.slice(-6))
        .otherwise(pl.lit("XXXXXXX")),
        PL_LOCATION=_codes("placement_area", ssda903.LOCATION_OF),
    )


def missing_frame(
    children: pl.DataFrame, episodes: pl.DataFrame, interviews: pl.DataFrame
) -> pl.DataFrame:
    looked_after = episodes.filter(
        (pl.col("looked_after") == "true") & pl.col("category").is_in(list(ssda903.MISSING_OF))
    )
    offered = pl.col("contacted_at").is_not_null()
    accepted = pl.col("interviewed_at").is_not_null() & (pl.col("declined") != "true")
    return (
        looked_after.join(
            children.select("child_id", "social_care_id", "date_of_birth"),
            on="child_id",
            maintain_order="left",
        )
        .join(
            interviews.select("episode_id", "contacted_at", "declined", "interviewed_at"),
            on="episode_id",
            how="left",
            maintain_order="left",
        )
        .select(
            CHILD=pl.col("social_care_id"),
            DOB=_day("date_of_birth"),
            MISSING=_codes("category", ssda903.MISSING_OF),
            MIS_START=_day("reported_at"),
            MIS_END=_day("returned_at"),
            RHI_OFFERED=_yes_no(offered),
            RHI_ACCEPTED=_yes_no(accepted),
        )
    )


def _yes_no(condition: pl.Expr) -> pl.Expr:
    """Y or N for a returned episode; blank while the child is still missing."""
    answer = pl.when(condition).then(pl.lit("Y")).otherwise(pl.lit("N"))
    return pl.when(pl.col("returned_at").is_not_null()).then(answer)


def _read(folder: Path, name: str) -> pl.DataFrame:
    return pl.read_csv(folder / name, infer_schema_length=0)  # every column as text


def write_ssda903(out_dir: Path, rng: np.random.Generator) -> None:
    truth = out_dir / "truth"
    children = _read(truth, "children.csv")
    in_care = _read(truth, "legal_statuses.csv").select("child_id", "end_date").unique("child_id")
    children = children.join(in_care, on="child_id").with_columns(
        adult_day=pl.col("end_date")  # looked after until 18 (or the period's end)
    )
    folder = out_dir / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    header_frame(children).write_csv(folder / ssda903.HEADER.file)
    placements = _read(truth, "placements.csv")
    episodes_frame(children, placements, rng).write_csv(folder / ssda903.EPISODES.file)
    interviews = _read(truth, "return_interviews.csv")
    missing = missing_frame(children, _read(truth, "episodes.csv"), interviews)
    missing.write_csv(folder / ssda903.MISSING.file)
