"""Score a pair with the trained model in Python: the same sum of match weights as Splink.

`ScoringWeights` reads every level's match weight (log2 m/u, as Splink computes it, defaults and
clamps included) from the saved Splink settings, so the Python sum equals Splink's `match_weight`
for the same pair (tested). Term-frequency adjustment: on an exact name match, the weight uses
how common that name is (`log2(u_exact) - log2(frequency)`) instead of the average.
"""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from splink import SettingsCreator

from missinghub.linkage.model.levels import Record, comparison_levels
from missinghub.linkage.model.spec import ModelSpec

TermFrequencies = Mapping[str, Mapping[str, float]]


@dataclass(frozen=True)
class LevelWeight:
    label: str
    weight: float
    # Set on a term-frequency adjusted level: (column, log2 of the exact level's u).
    tf_column: str | None = None
    log2_u_exact: float = 0.0


@dataclass(frozen=True)
class ScoringWeights:
    prior_weight: float
    # Per comparison, level 0 (null) first, in the spec's order.
    levels: tuple[tuple[LevelWeight, ...], ...]


def _level_weight(level: Any, levels: Sequence[Any]) -> LevelWeight:
    label = str(level.label_for_charts)
    if level.is_null_level:
        return LevelWeight(label, 0.0)
    if not level._has_tf_adjustments:
        return LevelWeight(label, float(level._match_weight))
    u_exact = level._u_probability_corresponding_to_exact_match(levels)
    column = level._tf_adjustment_input_column.unquote().name
    return LevelWeight(label, float(level._match_weight), column, math.log2(u_exact))


def scoring_weights(splink_settings: dict[str, Any], spec: ModelSpec) -> ScoringWeights:
    settings = SettingsCreator.from_path_or_dict(splink_settings).get_settings("duckdb")
    names = [c.output_column_name for c in settings.comparisons]
    if names != [c.output_name for c in spec.comparisons]:
        raise ValueError(f"The model's comparisons {names} are not the spec's")
    prior = settings._probability_two_random_records_match
    return ScoringWeights(
        prior_weight=math.log2(prior / (1 - prior)),
        levels=tuple(
            tuple(_level_weight(level, c.comparison_levels) for level in c.comparison_levels)
            for c in settings.comparisons
        ),
    )


def _tf_adjustment(level: LevelWeight, left: Record, right: Record, tf: TermFrequencies) -> float:
    if level.tf_column is None:
        return 0.0
    table = tf.get(level.tf_column, {})
    found = [table.get(side[level.tf_column]) for side in (left, right)]
    known = [value for value in found if value is not None]
    if not known:
        return 0.0
    return level.log2_u_exact - math.log2(max(known))


@dataclass(frozen=True)
class PairScore:
    match_weight: float
    match_probability: float
    levels: tuple[int, ...]


def probability(match_weight: float) -> float:
    if match_weight > 1000:
        return 1.0
    odds = 2.0**match_weight
    return odds / (1.0 + odds)


def score_pair(
    spec: ModelSpec, weights: ScoringWeights, left: Record, right: Record, tf: TermFrequencies
) -> PairScore:
    levels = comparison_levels(spec.comparisons, left, right)
    total = weights.prior_weight
    for index, ladder in zip(levels, weights.levels, strict=True):
        level = ladder[index]
        total += level.weight + _tf_adjustment(level, left, right, tf)
    return PairScore(total, probability(total), tuple(levels))


def term_frequencies(prepared: Any, spec: ModelSpec) -> dict[str, dict[str, float]]:
    """Share of non-null values each name takes, for every term-frequency adjusted column
    (as Splink computes it from the records it was given)."""
    import polars as pl

    tables: dict[str, dict[str, float]] = {}
    for comparison in spec.comparisons:
        if not comparison.term_frequency:
            continue
        values = prepared[comparison.column].drop_nulls()
        counts = values.value_counts()
        shares = counts.with_columns((pl.col("count") / values.len()).alias("share"))
        tables[comparison.column] = dict(
            zip(shares[comparison.column].to_list(), shares["share"].to_list(), strict=True)
        )
    return tables
