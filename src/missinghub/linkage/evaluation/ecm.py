"""The Python Record Linkage Toolkit's ECM classifier on exactly our candidate pairs.

Given the pairs the model's blocking passes find and the same fields, compared the toolkit's way
(Jaro-Winkler >= 0.85 for names and text, exact for the rest), its unsupervised ECM classifier
decides which pairs match. recordlinkage and pandas are development dependencies: imported
inside the function.
"""

import polars as pl

from missinghub.linkage.model.spec import Comparison, ModelSpec

TEXT_KINDS = ("name", "string")


def _features(comparison: Comparison) -> list[tuple[str, str]]:
    """(column, method) for each toolkit feature standing in for one of our comparisons."""
    if comparison.kind == "identifiers":
        return [(column, "exact") for column in comparison.columns]
    method = "jarowinkler" if comparison.kind in TEXT_KINDS else "exact"
    return [(comparison.column, method)]


def ecm_pairs(prepared: pl.DataFrame, candidates: pl.DataFrame, spec: ModelSpec) -> pl.DataFrame:
    """Matching pairs (a, b unique ids, a < b) chosen by the toolkit's ECM classifier."""
    import pandas as pd  # type: ignore[import-untyped]  # development dependency
    import recordlinkage  # type: ignore[import-untyped]

    records = prepared.drop("first_name_roots").to_pandas()
    index = pd.MultiIndex.from_arrays(
        [candidates["left"].to_numpy(), candidates["right"].to_numpy()]
    )
    compare = recordlinkage.Compare()
    for comparison in spec.comparisons:
        for column, method in _features(comparison):
            if method == "exact":
                compare.exact(column, column, label=column)
            else:
                compare.string(column, column, method=method, threshold=0.85, label=column)
    features = compare.compute(index, records)
    matches = recordlinkage.ECMClassifier(binarize=None).fit_predict(features)
    ids = prepared["unique_id"]
    left = ids.gather(matches.get_level_values(0).to_numpy())
    right = ids.gather(matches.get_level_values(1).to_numpy())
    pairs = pl.DataFrame({"l": left, "r": right})
    return pairs.select(
        pl.min_horizontal("l", "r").alias("a"), pl.max_horizontal("l", "r").alias("b")
    ).unique()
