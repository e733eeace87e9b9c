"""The Splink settings for a `ModelSpec`: comparisons as SQL levels, blocking passes as rules.

The SQL uses only functions that DuckDB has built in and that Splink provides on Spark
(`jaro_winkler_similarity`/`jaro_winkler`, `levenshtein`, array intersection), so the same
settings run on either backend.
"""

from typing import Any

import splink.comparison_level_library as cll
from splink import SettingsCreator
from splink.blocking_rule_library import CustomRule
from splink.internals.comparison_creator import ComparisonCreator
from splink.internals.comparison_level_creator import ComparisonLevelCreator
from splink.internals.comparison_library import CustomComparison

from missinghub.linkage.model.spec import JW_CLOSE, JW_SIMILAR, BlockingPass, Comparison, ModelSpec


def _name_levels(comparison: Comparison) -> list[ComparisonLevelCreator]:
    column, other = comparison.column, comparison.swap_with
    initial = "first_initial" if column == "first_name" else f"{column}_initial"
    exact = cll.ExactMatchLevel(column, term_frequency_adjustments=comparison.term_frequency)
    levels: list[ComparisonLevelCreator] = [cll.NullLevel(column), exact]
    if comparison.nicknames:
        nickname = cll.ArrayIntersectLevel(f"{column}_roots", min_intersection=1)
        levels.append(nickname.configure(label_for_charts="Nickname of the same name"))
    levels += [
        cll.JaroWinklerLevel(column, JW_CLOSE),
        cll.CustomLevel(
            f'"{column}_l" = "{other}_r" OR "{column}_r" = "{other}_l"',
            label_for_charts="Given and family names swapped",
        ),
    ]
    if comparison.parts:
        parts = cll.ArrayIntersectLevel(f"{column}_parts", min_intersection=1)
        levels.append(parts.configure(label_for_charts="Share a part of a double-barrelled name"))
    levels += [
        cll.ExactMatchLevel(f"{column}_phon").configure(label_for_charts="Sound the same"),
        cll.JaroWinklerLevel(column, JW_SIMILAR),
        cll.CustomLevel(
            f'(length("{column}_l") = 1 OR length("{column}_r") = 1) '
            f'AND "{initial}_l" = "{initial}_r"',
            label_for_charts="Initial only",
        ),
        cll.ElseLevel(),
    ]
    return levels


def _dob_levels(comparison: Comparison) -> list[ComparisonLevelCreator]:
    column = comparison.column
    swapped = cll.CustomLevel(
        f'"{column}_l" = "{column}_swapped_r"', label_for_charts="Day and month swapped"
    )
    year_apart = cll.CustomLevel(
        '"birth_md_l" = "birth_md_r" AND '
        'abs(CAST("birth_year_l" AS INTEGER) - CAST("birth_year_r" AS INTEGER)) = 1',
        label_for_charts="One year apart, same day and month",
    )
    return [
        cll.NullLevel(column),
        cll.ExactMatchLevel(column),
        swapped,
        year_apart,
        cll.LevenshteinLevel(column, 1).configure(label_for_charts="One digit different"),
        cll.LevenshteinLevel(column, 2),
        cll.ElseLevel(),
    ]


def _postcode_levels(comparison: Comparison) -> list[ComparisonLevelCreator]:
    column = comparison.column
    return [
        cll.NullLevel(column),
        cll.ExactMatchLevel(column),
        cll.ExactMatchLevel(f"{column}_sector").configure(label_for_charts="Same sector"),
        cll.ExactMatchLevel(f"{column}_district").configure(label_for_charts="Same district"),
        cll.ElseLevel(),
    ]


def _string_levels(comparison: Comparison) -> list[ComparisonLevelCreator]:
    column = comparison.column
    return [
        cll.NullLevel(column),
        cll.ExactMatchLevel(column),
        cll.JaroWinklerLevel(column, JW_CLOSE),
        cll.JaroWinklerLevel(column, JW_SIMILAR),
        cll.ElseLevel(),
    ]


def _identifier_levels(comparison: Comparison) -> list[ComparisonLevelCreator]:
    both = " OR ".join(f'("{c}_l" IS NOT NULL AND "{c}_r" IS NOT NULL)' for c in comparison.columns)
    equal = " OR ".join(f'"{c}_l" = "{c}_r"' for c in comparison.columns)
    near = " OR ".join(f'levenshtein("{c}_l", "{c}_r") <= 2' for c in comparison.columns)
    return [
        cll.CustomLevel(f"NOT ({both})", label_for_charts="No identifier held by both").configure(
            is_null_level=True
        ),
        cll.CustomLevel(equal, label_for_charts="An agency identifier is the same"),
        cll.CustomLevel(near, label_for_charts="An identifier differs by one or two characters"),
        cll.ElseLevel(),
    ]


LEVELS = {
    "name": _name_levels,
    "dob": _dob_levels,
    "postcode": _postcode_levels,
    "exact": lambda c: [cll.NullLevel(c.column), cll.ExactMatchLevel(c.column), cll.ElseLevel()],
    "string": _string_levels,
    "identifiers": _identifier_levels,
}


def splink_comparison(comparison: Comparison) -> ComparisonCreator:
    levels: list[ComparisonLevelCreator | dict[str, Any]] = [*LEVELS[comparison.kind](comparison)]
    return CustomComparison(levels, output_column_name=comparison.output_name)


def blocking_sql(rule: BlockingPass) -> str:
    sql = " AND ".join(f'l."{column}" = r."{column}"' for column in rule.columns)
    if rule.one_dob_missing:
        sql += ' AND (l."dob" IS NULL OR r."dob" IS NULL)'
    return sql


def settings_for(spec: ModelSpec, *, prior: float = 1e-4) -> SettingsCreator:
    return SettingsCreator(
        link_type=spec.link_type,
        comparisons=[splink_comparison(c) for c in spec.comparisons],
        blocking_rules_to_generate_predictions=[
            CustomRule(blocking_sql(rule)) for rule in spec.blocking_passes
        ],
        probability_two_random_records_match=prior,
        retain_matching_columns=True,
        retain_intermediate_calculation_columns=False,
        max_iterations=20,
    )


def training_rules(spec: ModelSpec) -> list[Any]:
    return [CustomRule(blocking_sql(BlockingPass(cols))) for cols in spec.training_passes]
