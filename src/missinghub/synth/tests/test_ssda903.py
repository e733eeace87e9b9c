"""DIR/ssda903: the county's truth as the SSDA903 return, in the DfE's columns and codes."""

from pathlib import Path

import polars as pl

from missinghub.kit import ssda903
from missinghub.synth.tests.conftest import Generated


def _read(folder: Path, name: str) -> pl.DataFrame:
    return pl.read_csv(folder / "ssda903" / name, infer_schema=False)


def test_the_tables_have_the_returns_columns_and_codes(generated: Generated) -> None:
    folder = generated("council", 1)
    for table in ssda903.TABLES:
        frame = _read(folder, table.file)
        assert tuple(frame.columns) == table.all_columns
        for column in set(frame.columns) & set(ssda903.CODES):
            used = set(frame[column].drop_nulls())
            assert used <= set(ssda903.CODES[column]), (table.name, column, used)
        for column in {"DOB", "DECOM", "DEC", "MIS_START", "MIS_END"} & set(frame.columns):
            days = frame[column].drop_nulls()
            assert days.str.strptime(pl.Date, ssda903.DATE_FORMAT).len() == days.len()


def test_the_missing_table_is_every_looked_after_missing_or_away_episode(
    generated: Generated,
) -> None:
    folder = generated("council", 1)
    truth = pl.read_csv(folder / "truth" / "episodes.csv", infer_schema=False)
    looked_after = truth.filter(
        (pl.col("looked_after") == "true") & pl.col("category").is_in(["missing", "awol"])
    )
    missing = _read(folder, "missing.csv")
    assert missing.height == looked_after.height > 1000
    assert (missing["MISSING"] == "A").sum() == (looked_after["category"] == "awol").sum()
    header = _read(folder, "header.csv")
    assert set(missing["CHILD"]) <= set(header["CHILD"])
    assert header["CHILD"].is_unique().all()
    children = pl.read_csv(folder / "truth" / "children.csv", infer_schema=False)
    assert header.height == children["looked_after_from"].drop_nulls().len()
