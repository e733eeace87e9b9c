"""Children in the database as the model's input records (one row per child)."""

from typing import Any

import polars as pl

from missinghub.children.models import Child, ChildIdentifier, IdentifierKind

IDENTIFIER_KIND_COLUMNS = {
    IdentifierKind.POLICE_PERSON_REFERENCE: "id_police",
    IdentifierKind.SOCIAL_CARE_ID: "id_social_care",
    IdentifierKind.SCHOOL_UPN: "id_school",
    IdentifierKind.NHS_NUMBER: "id_nhs",
}
CHILD_FIELDS = ("pk", "given_name", "family_name", "date_of_birth", "sex", "home_postcode")
RECORD_SCHEMA: dict[str, Any] = {
    "unique_id": pl.Int64,
    "first_name": pl.Utf8,
    "surname": pl.Utf8,
    "dob": pl.Date,
    "sex": pl.Utf8,
    "postcode": pl.Utf8,
}


def record_from_values(
    *,
    unique_id: int,
    given_name: str | None,
    family_name: str | None,
    date_of_birth: Any,
    sex: str | None = None,
    postcode: str | None = None,
    identifiers: dict[str, str] | None = None,
) -> pl.DataFrame:
    """One input record (e.g. a new notification or an imported row). `identifiers` maps an
    `IdentifierKind` value to the identifier."""
    return records_from_values(
        [
            {
                "unique_id": unique_id,
                "given_name": given_name,
                "family_name": family_name,
                "date_of_birth": date_of_birth,
                "sex": sex,
                "postcode": postcode,
                "identifiers": identifiers,
            }
        ]
    )


def records_from_values(people: list[dict[str, Any]]) -> pl.DataFrame:
    """Many input records in one frame: each a mapping of `record_from_values`'s arguments."""
    rows = [_record_row(**person) for person in people]
    columns = dict.fromkeys(column for row in rows for column in row)
    schema = {**RECORD_SCHEMA, **{c: pl.Utf8 for c in columns if c not in RECORD_SCHEMA}}
    return pl.DataFrame(rows, schema=schema)


def _record_row(
    *,
    unique_id: int,
    given_name: str | None,
    family_name: str | None,
    date_of_birth: Any,
    sex: str | None = None,
    postcode: str | None = None,
    identifiers: dict[str, str] | None = None,
) -> dict[str, Any]:
    row: dict[str, Any] = {
        "unique_id": unique_id,
        "first_name": given_name or None,
        "surname": family_name or None,
        "dob": date_of_birth,
        "sex": sex or None,
        "postcode": postcode or None,
    }
    for kind, value in (identifiers or {}).items():
        row[IDENTIFIER_KIND_COLUMNS[IdentifierKind(kind)]] = value
    return row


def children_records(
    child_ids: list[int] | None = None, *, after: int | None = None
) -> pl.DataFrame:
    """Every child (or those in `child_ids`, or those whose id is above `after`) with one
    column per identifier kind."""
    children = Child.objects.order_by("pk")
    identifiers = ChildIdentifier.objects.order_by("pk")
    if child_ids is not None:
        children = children.filter(pk__in=child_ids)
        identifiers = identifiers.filter(child_id__in=child_ids)
    if after is not None:  # one range each: no list of ids to send
        children = children.filter(pk__gt=after)
        identifiers = identifiers.filter(child_id__gt=after)
    rows = list(children.values_list(*CHILD_FIELDS))
    frame = pl.DataFrame(
        rows, schema=list(RECORD_SCHEMA.items()), orient="row", infer_schema_length=None
    )
    found = pl.DataFrame(
        list(identifiers.values_list("child_id", "kind", "value")),
        schema={"unique_id": pl.Int64, "kind": pl.Utf8, "value": pl.Utf8},
        orient="row",
    )
    for kind, column in IDENTIFIER_KIND_COLUMNS.items():
        # A child holding two of one kind keeps the first (the model compares one).
        values = (
            found.filter(pl.col("kind") == kind)
            .group_by("unique_id")
            .agg(pl.col("value").first().alias(column))
        )
        frame = frame.join(values, on="unique_id", how="left")
    return frame
