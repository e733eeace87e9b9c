"""Plain Splink 5 settings, the peer every evaluation runs beside MissingHub's model.

What a newcomer would write from Splink's tutorial, with Splink's own comparison defaults and
no tuning: first name and family name (`NameComparison`), date of birth
(`DateOfBirthComparison`), postcode where the data has one (`PostcodeComparison` for UK
postcodes, exact otherwise); blocking on each of those fields alone; the prior from first name,
family name and date of birth equal; u by random sampling; m by EM on names, then date of birth.
"""

from typing import Any

import polars as pl
import splink.comparison_library as cl
from splink import SettingsCreator, block_on
from splink.internals.comparison_creator import ComparisonCreator

from missinghub.linkage.model.spec import BlockingPass, ModelSpec
from missinghub.linkage.model.train import duckdb_api, new_linker, register

FIELDS = ("first_name", "surname", "dob", "postcode")
U_SAMPLE_PAIRS = 1e6


def _has_postcodes(prepared: pl.DataFrame) -> bool:
    return prepared["postcode"].drop_nulls().len() > 0


def blocking_passes(prepared: pl.DataFrame) -> tuple[BlockingPass, ...]:
    fields = FIELDS if _has_postcodes(prepared) else FIELDS[:3]
    return tuple(BlockingPass((field,)) for field in fields)


def _postcode(prepared: pl.DataFrame) -> ComparisonCreator:
    # A UK postcode has letters in its outward part (ND4 2AB); FEBRL's are four digits.
    codes = prepared["postcode"].drop_nulls()
    uk = codes.str.contains("^[A-Z]").sum()
    return cl.PostcodeComparison("postcode") if uk * 2 > codes.len() else cl.ExactMatch("postcode")


def settings(prepared: pl.DataFrame, spec: ModelSpec) -> SettingsCreator:
    comparisons: list[ComparisonCreator | dict[str, Any]] = [
        cl.NameComparison("first_name"),
        cl.NameComparison("surname"),
        cl.DateOfBirthComparison("dob", input_is_string=True),
    ]
    if _has_postcodes(prepared):
        comparisons.append(_postcode(prepared))
    return SettingsCreator(
        link_type=spec.link_type,
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=[
            block_on(*rule.columns) for rule in blocking_passes(prepared)
        ],
    )


def splink_links(prepared: pl.DataFrame, spec: ModelSpec, *, threshold: float) -> pl.DataFrame:
    """Scored pairs at or above `threshold` (`unique_id_l`, `unique_id_r`, ...)."""
    frame = prepared.select("unique_id", "source", *FIELDS)
    frame = frame.with_columns(
        # PostcodeComparison reads the postcode as written, with its space.
        pl.when(pl.col("postcode").str.len_chars() >= 5)
        .then(
            pl.col("postcode").str.slice(0, pl.col("postcode").str.len_chars() - 3)
            + " "
            + pl.col("postcode").str.slice(-3)
        )
        .otherwise(pl.col("postcode"))
        .alias("postcode")
    )
    api = duckdb_api()
    linker = new_linker(register(api, frame, spec), settings(prepared, spec))
    training = linker.training
    training.estimate_probability_two_random_records_match(
        [block_on("first_name", "surname", "dob")], recall=0.7
    )
    training.estimate_u_using_random_sampling(max_pairs=U_SAMPLE_PAIRS, seed=1)
    training.estimate_parameters_using_expectation_maximisation(block_on("first_name", "surname"))
    training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    scored = linker.inference.predict(threshold_match_probability=threshold)
    table = pl.from_arrow(scored.as_pyarrow_table())
    if not isinstance(table, pl.DataFrame):
        raise TypeError("Splink returned something other than a table")
    return table
