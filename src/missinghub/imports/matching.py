"""Which stored child a source row is about. The one seam the linkage service will replace.

Until linkage (src/missinghub/linkage/) exists, a row is matched on its source's own person
reference only: the `ChildIdentifier` of that kind issued by the file's agency (for a UPN, by
any agency: a UPN is national). No names, no dates of birth, no fuzzy matching here.

Linkage replaces `match_children` (the batch form the importer calls, one query per batch);
`match_child` is the one-record form for callers that have a single row.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import connection

from missinghub.children.models import Child, ChildIdentifier, IdentifierKind


@dataclass(frozen=True)
class PersonRecord:
    """What one source row says about the child. `details` holds names, date of birth, sex,
    postcode as read (the most common values across the file's rows for this reference)."""

    reference: str
    identifier_kind: IdentifierKind
    agency_id: int | None  # None: an identifier any agency may have issued (a UPN)
    given_name: str = ""
    family_name: str = ""
    date_of_birth: date | None = None
    extra: dict[str, str] = field(default_factory=dict)


def match_children(records: Sequence[PersonRecord]) -> dict[str, int]:
    """{reference: child id} for every record that names a stored child."""
    found: dict[str, int] = {}
    groups: dict[tuple[IdentifierKind, int | None], set[str]] = {}
    for record in records:
        groups.setdefault((record.identifier_kind, record.agency_id), set()).add(record.reference)
    for (kind, agency_id), references in groups.items():
        for value, child_id in _identifiers(kind, agency_id, references):
            found.setdefault(value, child_id)
    return found


def _identifiers(
    kind: IdentifierKind, agency_id: int | None, references: set[str]
) -> list[tuple[str, int]]:
    """(value, child id) of the identifiers with these values, oldest first."""
    if connection.vendor != "postgresql":
        identifiers = ChildIdentifier.objects.filter(kind=kind, value__in=references)
        if agency_id is not None:
            identifiers = identifiers.filter(agency_id=agency_id)
        return list(identifiers.order_by("id").values_list("value", "child_id"))
    # The same query with the values as one array, not thousands of parameters.
    table = connection.ops.quote_name(str(ChildIdentifier._meta.db_table))
    sql = f"SELECT value, child_id FROM {table} WHERE kind = %s AND value = ANY(%s)"  # noqa: S608
    params: list[Any] = [str(kind), list(references)]
    if agency_id is not None:
        sql += " AND agency_id = %s"
        params.append(agency_id)
    with connection.cursor() as cursor:
        cursor.execute(sql + " ORDER BY id", params)
        return cursor.fetchall()


def match_child(record: PersonRecord) -> Child | None:
    child_id = match_children([record]).get(record.reference)
    return Child.objects.filter(pk=child_id).first() if child_id is not None else None
