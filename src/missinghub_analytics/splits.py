"""Service figures split by the child's age band, sex and ethnicity, with small groups
suppressed as published statistics suppress them.

A group with fewer than `SMALLEST_GROUP` returns in the period shows no figure (its count is
given as "fewer than 10" and its shares are withheld): a share of three children can identify a
child and says nothing about the service. Groups with no return in the period are left out.
"""

from __future__ import annotations

import polars as pl

from missinghub_analytics.frames import LONDON_NAME, Period
from missinghub_analytics.service import INTERVIEW_SCHEMA, check_schema, interview_measures

CHILD_SCHEMA: dict[str, pl.DataType] = {
    "child_id": pl.String(),
    "sex": pl.String(),
    "ethnicity": pl.String(),
    "date_of_birth": pl.Date(),
}
# Age at the return, in whole years: (lowest age, band), each band up to the next one's lowest.
AGE_BANDS: tuple[tuple[int, str], ...] = (
    (0, "Under 11"),
    (11, "11 to 13"),
    (14, "14 and 15"),
    (16, "16 and 17"),
    (18, "18 and over"),
)
SMALLEST_GROUP = 10
SPLITS = ("age_band", "sex", "ethnicity")
SHARES = ("offered_share", "accepted_share", "completed_within_72h")


def _age_band(returned: pl.Expr, born: pl.Expr) -> pl.Expr:
    return age_band_on(returned.dt.convert_time_zone(LONDON_NAME).dt.date(), born)


def age_band_on(local: pl.Expr, born: pl.Expr) -> pl.Expr:
    """The age band (AGE_BANDS) of a child born on `born` on the UK date `local`."""
    before_birthday = (local.dt.month() < born.dt.month()) | (
        (local.dt.month() == born.dt.month()) & (local.dt.day() < born.dt.day())
    )
    age = local.dt.year() - born.dt.year() - before_birthday.cast(pl.Int32)
    band = pl.lit("Not recorded")
    for lowest, label in AGE_BANDS:
        band = pl.when(age >= lowest).then(pl.lit(label)).otherwise(band)
    return pl.when(born.is_null()).then(pl.lit("Not recorded")).otherwise(band)


def with_child_groups(interviews: pl.DataFrame, children: pl.DataFrame) -> pl.DataFrame:
    """The interview rows with the child's age band at the return, sex and ethnicity."""
    check_schema(interviews, INTERVIEW_SCHEMA, "interviews")
    check_schema(children, CHILD_SCHEMA, "children")
    joined = interviews.join(children.select(list(CHILD_SCHEMA)), on="child_id", how="left")
    return joined.with_columns(
        age_band=_age_band(pl.col("returned_at"), pl.col("date_of_birth")),
        sex=pl.col("sex").fill_null("not_known"),
        ethnicity=pl.col("ethnicity").fill_null("not_known"),
    )


def in_split_order(split: str, values: list[str]) -> list[str]:
    if split != "age_band":
        return sorted(values)
    ranks = {label: rank for rank, (_, label) in enumerate(AGE_BANDS)}
    return sorted(values, key=lambda value: ranks.get(value, len(ranks)))


def interview_measures_by(
    grouped: pl.DataFrame, period: Period, split: str, smallest: int = SMALLEST_GROUP
) -> list[dict[str, object]]:
    """One row per group of `split`: returns due an offer and the shares offered, accepted and
    completed within 72 hours; a group with fewer than `smallest` returns is suppressed."""
    rows: list[dict[str, object]] = []
    for value in in_split_order(split, grouped.get_column(split).unique().to_list()):
        measures = interview_measures(grouped.filter(pl.col(split) == value), period)
        returns = int(measures["returns"])  # type: ignore[call-overload]
        if returns == 0:
            continue
        suppressed = returns < smallest
        row: dict[str, object] = {"group": value, "suppressed": suppressed}
        row["returns"] = None if suppressed else returns
        row |= {share: None if suppressed else measures[share] for share in SHARES}
        rows.append(row)
    return rows
