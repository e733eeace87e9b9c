"""The synthetic generator's faulty agency extracts, with the truth of which child each row is.

Records are the DISTINCT ways each agency wrote a child: rows that repeat exactly (a police
extract repeats a child on every episode; duplicate exports) count once, so pairwise scores
measure the hard links (variant names, swapped dates, other agencies) rather than thousands of
identical police rows. `source_rows.csv` gives each row's child.
"""

import tempfile
from pathlib import Path

import polars as pl

from missinghub.linkage.evaluation.dataset import Dataset
from missinghub.synth.parameters import FAULT_PROFILES, SCALES, SynthParameters
from missinghub.synth.run import generate

DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%b-%Y", "%d.%m.%Y")

# Extract file -> (source, identifier column, {extract column: record column}).
LAYOUTS = {
    "police_extract.csv": (
        "police",
        "id_police",
        {
            "Person Ref": "id_police",
            "Forename": "first_name",
            "Surname": "surname",
            "DOB": "dob",
            "Sex": "sex",
            "Home Postcode": "postcode",
        },
    ),
    "social_care.csv": (
        "social_care",
        "id_social_care",
        {
            "LA Child ID": "id_social_care",
            "First Name(s)": "first_name",
            "Surname": "surname",
            "Date of Birth": "dob",
            "Gender": "sex",
            "Postcode": "postcode",
        },
    ),
    "cme_referrals.csv": (
        "school",
        "id_school",
        {
            "UPN": "id_school",
            "Pupil Forename": "first_name",
            "Pupil Surname": "surname",
            "Date of Birth": "dob",
            "Gender": "sex",
            "Postcode": "postcode",
        },
    ),
}
RECORD_COLUMNS = ["first_name", "surname", "dob", "sex", "postcode"]


def parse_date(column: str) -> pl.Expr:
    """A date written in any of the agencies' formats; null when none fits (30/02/2009)."""
    text = pl.col(column).str.strip_chars()
    return pl.coalesce(*[text.str.strptime(pl.Date, f, strict=False) for f in DATE_FORMATS])


def _extract(folder: Path, file: str) -> pl.DataFrame:
    source, identifier, columns = LAYOUTS[file]
    rows = pl.read_csv(folder / file, infer_schema=False).with_row_index("line", offset=2)
    rows = rows.select(
        pl.col("line").cast(pl.Int64), *[pl.col(c).alias(n) for c, n in columns.items()]
    )
    return rows.with_columns(
        pl.lit(file).alias("file"), pl.lit(source).alias("source"), parse_date("dob").alias("dob")
    ).select("file", "line", "source", identifier, *RECORD_COLUMNS)


def load_extracts(folder: Path, name: str = "synthetic") -> Dataset:
    """Distinct records of every extract in `folder` and the true pairs among them."""
    owners = pl.read_csv(folder / "truth" / "source_rows.csv", infer_schema=False).select(
        "file", pl.col("line").cast(pl.Int64), "child_id"
    )
    frames = [_extract(folder, file).join(owners, on=["file", "line"]) for file in LAYOUTS]
    rows = pl.concat(frames, how="diagonal").drop("file", "line")
    fields = [c for c in rows.columns if c != "child_id"]
    records = rows.unique(subset=[*fields, "child_id"], keep="first", maintain_order=True)
    records = records.with_row_index("unique_id").with_columns(pl.col("unique_id").cast(pl.Int64))
    people = records.select(pl.col("unique_id").alias("a"), "child_id")
    truth = people.join(people.rename({"a": "b"}), on="child_id").filter(pl.col("a") < pl.col("b"))
    return Dataset(
        name=name,
        spec_name="children",
        records=records.drop("child_id"),
        truth=truth.select("a", "b"),
    )


def generate_council(seed: int = 1, faults: str = "standard") -> Dataset:
    """Council scale with the `faults` profile ("standard" or "hard"), generated into a
    temporary folder and read back."""
    name = "synthetic" if faults == "standard" else f"synthetic-{faults}"
    params = SynthParameters(SCALES["council"], seed, faults=FAULT_PROFILES[faults])
    with tempfile.TemporaryDirectory(prefix="missinghub-linkage-") as folder:
        generate(params, Path(folder))
        return load_extracts(Path(folder), name=name)
