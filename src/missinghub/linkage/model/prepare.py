"""Normalise people records into the columns the model compares (polars, no Django).

Input columns: `unique_id`, `source`, `first_name`, `surname`, `dob` (a date or null), `sex`,
`postcode`, any of the identifier columns, and the spec's extra columns. Names are upper-cased
and stripped to letters; the first given name is compared; a family name's spaces and hyphens
are dropped (SMITH-JONES -> SMITHJONES) and its parts kept (`surname_parts`). Derived columns:
`first_name_key` (the formal name a nickname stands for: BILL -> WILLIAM), `first_name_roots`
(every formal name it may stand for, for the nickname level), `first_name_phon` and
`surname_phon` (Soundex codes), `first_initial`, `surname_initial`, `initials` (both initials in
alphabetical order, the same when the names are swapped), `dob` as `YYYY-MM-DD` text,
`dob_swapped` (day and month exchanged, when that is a date), `birth_year`, `birth_md` (month
and day), `postcode_sector`, `postcode_district`.
"""

from functools import cache

import polars as pl

from missinghub.linkage.model.spec import IDENTIFIER_COLUMNS, ModelSpec
from missinghub.linkage.names import nickname_table

SEX_CODES = {"F": "F", "FEMALE": "F", "M": "M", "MALE": "M"}


@cache
def nickname_roots() -> dict[str, tuple[str, ...]]:
    """Upper-case name -> the formal names it may stand for (a formal name maps to itself)."""
    roots: dict[str, set[str]] = {}
    for formal, nicknames in nickname_table().items():
        roots.setdefault(formal.upper(), set()).add(formal.upper())
        for nickname in nicknames:
            roots.setdefault(nickname.upper(), set()).add(formal.upper())
    return {name: tuple(sorted(found)) for name, found in roots.items()}


def name_key(name: str) -> str:
    """The blocking key for a first name: its formal form when it is a known nickname."""
    roots = nickname_roots().get(name)
    if not roots:
        return name
    return name if name in roots else roots[0]


def name_roots(name: str) -> list[str]:
    return list(nickname_roots().get(name, (name,)))


def _name_words(column: str) -> pl.Expr:
    """The name's words: letters only, split at spaces and hyphens (O'NEIL stays one word)."""
    text = pl.col(column).cast(pl.Utf8).str.to_uppercase().str.replace_all(r"[^A-Z \-]", "")
    text = text.str.replace_all("-", " ").str.strip_chars()
    words = text.str.split(" ").list.eval(pl.element().filter(pl.element() != ""))
    return pl.when(words.list.len() > 0).then(words).otherwise(None)


def _clean_name(column: str, first_word: bool) -> pl.Expr:
    words = _name_words(column)
    return words.list.first() if first_word else words.list.join("")


SOUNDEX_CODES = {
    **dict.fromkeys("BFPV", "1"),
    **dict.fromkeys("CGJKQSXZ", "2"),
    **dict.fromkeys("DT", "3"),
    "L": "4",
    **dict.fromkeys("MN", "5"),
    "R": "6",
}


def soundex(name: str) -> str:
    """American Soundex (ROBERT, RUPERT -> R163): the first letter and three consonant codes;
    H and W do not separate two equal codes, vowels do."""
    digits, previous = [], SOUNDEX_CODES.get(name[0], "")
    for char in name[1:]:
        code = SOUNDEX_CODES.get(char, "")
        if code and code != previous:
            digits.append(code)
        if char not in "HW":
            previous = code
    return (name[0] + "".join(digits) + "000")[:4]


def _soundex_column(frame: pl.DataFrame, column: str) -> pl.Series:
    """Soundex of every value, computed once per distinct name."""
    names = frame[column].drop_nulls().unique().to_list()
    codes = {name: soundex(name) for name in names}
    return frame[column].replace_strict(codes, default=None, return_dtype=pl.Utf8)


def _clean_text(column: str) -> pl.Expr:
    text = pl.col(column).cast(pl.Utf8).str.to_uppercase().str.strip_chars()
    return pl.when(text == "").then(None).otherwise(text)


def _dob_columns() -> list[pl.Expr]:
    dob = pl.col("dob").cast(pl.Date)
    day, month = dob.dt.day(), dob.dt.month()
    swapped = (
        pl.when((day <= 12) & (day != month))
        .then(pl.date(dob.dt.year(), day, month).dt.strftime("%Y-%m-%d"))
        .otherwise(None)
    )
    return [
        dob.dt.strftime("%Y-%m-%d").alias("dob"),
        swapped.alias("dob_swapped"),
        dob.dt.year().cast(pl.Utf8).alias("birth_year"),
        dob.dt.strftime("%m-%d").alias("birth_md"),
    ]


def _postcode_columns() -> list[pl.Expr]:
    code = pl.col("postcode").cast(pl.Utf8).str.to_uppercase().str.replace_all(r"[^A-Z0-9]", "")
    code = pl.when(code.str.len_chars() >= 4).then(code).otherwise(None)
    # A UK postcode's inward part is its last three characters; shorter codes have no parts.
    outward = pl.when(code.str.len_chars() >= 5).then(code.str.slice(0, code.str.len_chars() - 3))
    return [
        code.alias("postcode"),
        (outward + " " + code.str.slice(-3, 1)).alias("postcode_sector"),
        outward.alias("postcode_district"),
    ]


def prepare(records: pl.DataFrame, spec: ModelSpec) -> pl.DataFrame:
    """The records with normalised and derived columns, in the spec's column order."""
    frame = records
    for column in ("source", "sex", "postcode", *IDENTIFIER_COLUMNS, *spec.extra_columns):
        if column not in frame.columns:
            frame = frame.with_columns(pl.lit(None, dtype=pl.Utf8).alias(column))
    if "dob" not in frame.columns:
        frame = frame.with_columns(pl.lit(None, dtype=pl.Date).alias("dob"))
    frame = frame.with_columns(
        _clean_name("first_name", first_word=True).alias("first_name"),
        _clean_name("surname", first_word=False).alias("surname"),
        _name_words("surname").alias("surname_parts"),
        _clean_text("sex").replace_strict(SEX_CODES, default=None).alias("sex"),
        *[_clean_text(column).alias(column) for column in IDENTIFIER_COLUMNS],
        *[_clean_text(column).alias(column) for column in spec.extra_columns],
        *_dob_columns(),
        *_postcode_columns(),
    )
    table = nickname_frame()
    frame = frame.join(
        table, left_on="first_name", right_on="_name", how="left", maintain_order="left"
    )
    initials = [pl.col(c).str.slice(0, 1) for c in ("first_name", "surname")]
    return frame.with_columns(
        pl.coalesce("_key", "first_name").alias("first_name_key"),
        pl.when(pl.col("first_name").is_null())
        .then(None)
        .otherwise(pl.coalesce("_roots", pl.concat_list("first_name")))
        .alias("first_name_roots"),
        _soundex_column(frame, "first_name").alias("first_name_phon"),
        _soundex_column(frame, "surname").alias("surname_phon"),
        initials[0].alias("first_initial"),
        initials[1].alias("surname_initial"),
        pl.min_horizontal(initials).add(pl.max_horizontal(initials)).alias("initials"),
    ).select(model_columns(spec))


@cache
def nickname_frame() -> pl.DataFrame:
    names = sorted(nickname_roots())
    return pl.DataFrame(
        {
            "_name": names,
            "_key": [name_key(name) for name in names],
            "_roots": [name_roots(name) for name in names],
        },
        schema={"_name": pl.Utf8, "_key": pl.Utf8, "_roots": pl.List(pl.Utf8)},
    )


def model_columns(spec: ModelSpec) -> list[str]:
    return [
        "unique_id",
        "source",
        "first_name",
        "first_name_key",
        "first_name_roots",
        "first_name_phon",
        "first_initial",
        "surname",
        "surname_parts",
        "surname_phon",
        "surname_initial",
        "initials",
        "dob",
        "dob_swapped",
        "birth_year",
        "birth_md",
        "sex",
        "postcode",
        "postcode_sector",
        "postcode_district",
        *IDENTIFIER_COLUMNS,
        *spec.extra_columns,
    ]
