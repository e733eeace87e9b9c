"""Candidate pairs from the spec's blocking passes, in polars (the same pairs Splink compares).

Used to give the toolkit's ECM classifier exactly the blocks the model sees, and to count
comparisons before a run.
"""

from collections.abc import Sequence

import polars as pl

from missinghub.linkage.model.spec import BlockingPass, ModelSpec


def _pass_pairs(frame: pl.DataFrame, rule: BlockingPass, link_only: bool) -> pl.DataFrame:
    columns = list(rule.columns)
    extra = [c for c in ("source", "dob") if c not in columns]
    keep = frame.select("_i", *extra, *columns).drop_nulls(columns)
    pairs = keep.join(keep, on=columns, suffix="_r")
    pairs = pairs.filter(pl.col("_i") < pl.col("_i_r"))
    if link_only:
        pairs = pairs.filter(pl.col("source") != pl.col("source_r"))
    if rule.one_dob_missing:  # "dob" is never a column of such a pass
        pairs = pairs.filter(pl.col("dob").is_null() | pl.col("dob_r").is_null())
    return pairs.select(pl.col("_i").alias("left"), pl.col("_i_r").alias("right"))


def candidate_pairs(
    prepared: pl.DataFrame, spec: ModelSpec, rules: Sequence[BlockingPass] | None = None
) -> pl.DataFrame:
    """Row positions `left` < `right` of every pair at least one pass (the spec's, or `rules`)
    finds, once each."""
    frame = prepared.with_row_index("_i").with_columns(pl.col("_i").cast(pl.Int64))
    link_only = spec.link_type == "link_only"
    found = [_pass_pairs(frame, rule, link_only) for rule in rules or spec.blocking_passes]
    return pl.concat(found).unique().sort("left", "right")


def comparisons_per_pass(prepared: pl.DataFrame, spec: ModelSpec) -> dict[str, int]:
    """How many pairs each blocking pass makes (before removing pairs another pass found):
    the sum over its blocks of n(n-1)/2, counted without building the pairs."""
    counts = {}
    for rule in spec.blocking_passes:
        sizes = prepared.drop_nulls(list(rule.columns)).group_by(list(rule.columns)).len()
        n = sizes["len"].cast(pl.Int64)
        counts["+".join(rule.columns)] = int((n * (n - 1) // 2).sum())
    return counts
