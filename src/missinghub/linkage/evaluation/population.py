"""A large register of synthetic children with known duplicates, made fast (numpy, polars).

For the linkage benchmark: `count` records, of which about `duplicate_share` are second records
of a child already in the register, written with one fault each (a nickname, a typo in the
family name, day and month swapped, a missing postcode, or clean). Names come from the
generator's invented lists (Zipf-like popularity), postcodes from the made-up ND and SV areas.
`person` holds the truth (which child a record is).
"""

import numpy as np
import numpy.typing as npt
import polars as pl

from missinghub.synth.names import load_names

LETTERS = {i: chr(65 + i) for i in range(26)}
FAULTS = ("clean", "nickname", "typo", "swap", "no_postcode")


def _pick(rng: np.random.Generator, values: tuple[str, ...], size: int) -> npt.NDArray[np.str_]:
    weights = 1.0 / np.arange(1, len(values) + 1) ** 0.7
    chosen = rng.choice(len(values), size, p=weights / weights.sum())
    return np.asarray(values)[chosen]


def people(count: int, rng: np.random.Generator) -> pl.DataFrame:
    names = load_names()
    female = rng.random(count) < 0.47
    given = np.where(
        female, _pick(rng, names.given_female, count), _pick(rng, names.given_male, count)
    )
    frame = pl.DataFrame(
        {
            "person": np.arange(count, dtype=np.int64),
            "first_name": given,
            "surname": _pick(rng, names.family, count),
            "_days": rng.integers(0, 18 * 365, count),
            "sex": np.where(female, "F", "M"),
            "_area": np.where(rng.random(count) < 0.5, "ND", "SV"),
            "_district": rng.integers(1, 30, count),
            "_sector": rng.integers(1, 10, count),
            "_unit": rng.integers(0, 26 * 26, count),
        }
    )
    return frame.select(
        "person",
        "first_name",
        "surname",
        (pl.date(2006, 1, 1) + pl.duration(days=pl.col("_days"))).alias("dob"),
        "sex",
        pl.format(
            "{}{} {}{}{}",
            "_area",
            "_district",
            "_sector",
            (pl.col("_unit") // 26).replace_strict(LETTERS, return_dtype=pl.Utf8),
            (pl.col("_unit") % 26).replace_strict(LETTERS, return_dtype=pl.Utf8),
        ).alias("postcode"),
    )


def _nickname_table() -> pl.DataFrame:
    rows = [(name, nick) for name, nicks in load_names().nicknames.items() for nick in nicks]
    table = pl.DataFrame(rows, schema=["first_name", "nickname"], orient="row")
    return table.group_by("first_name").agg(pl.col("nickname").first())


def with_faults(copies: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    """Each copy with one fault from `FAULTS`, chosen at random."""
    fault = np.asarray(FAULTS)[rng.integers(0, len(FAULTS), copies.height)]
    cut = rng.integers(1, 4, copies.height)
    frame = copies.with_columns(pl.Series("fault", fault), pl.Series("_cut", cut))
    frame = frame.join(_nickname_table(), on="first_name", how="left", maintain_order="left")
    is_ = pl.col("fault").eq
    surname = pl.col("surname")
    typo = surname.str.slice(0, pl.col("_cut")) + surname.str.slice(pl.col("_cut") + 1)
    dob = pl.col("dob")
    swapped = pl.date(dob.dt.year(), dob.dt.day(), dob.dt.month())
    can_swap = (dob.dt.day() <= 12) & (dob.dt.day() != dob.dt.month())
    return frame.select(
        "person",
        pl.when(is_("nickname") & pl.col("nickname").is_not_null())
        .then(pl.col("nickname"))
        .otherwise(pl.col("first_name"))
        .alias("first_name"),
        pl.when(is_("typo")).then(typo).otherwise(surname).alias("surname"),
        pl.when(is_("swap") & can_swap).then(swapped).otherwise(dob).alias("dob"),
        "sex",
        pl.when(is_("no_postcode")).then(None).otherwise(pl.col("postcode")).alias("postcode"),
    )


def register(count: int, *, duplicate_share: float = 0.1, seed: int = 1) -> pl.DataFrame:
    """`count` records with `unique_id` 0..count-1 and the `person` each really is."""
    rng = np.random.default_rng(seed)
    copies = int(count * duplicate_share)
    originals = people(count - copies, rng)
    chosen = rng.choice(originals.height, copies, replace=False)
    duplicates = with_faults(originals[chosen], rng)
    records = pl.concat([originals, duplicates]).sample(fraction=1.0, shuffle=True, seed=seed)
    return records.with_row_index("unique_id").with_columns(pl.col("unique_id").cast(pl.Int64))
