"""Fast inserts and updates for large imports: COPY on PostgreSQL, prepared statements on SQLite.

`insert_rows(Model, names, rows)` inserts tuples of values (in the order of `names`, field
attnames such as `child_id`) and returns the new ids in order. On PostgreSQL it reserves the
ids from the table's sequence and streams the rows with binary COPY, each value sent as its
column's own type (asked of the database once): no model instances, no SQL building and no
text formatting per value, which is where an ORM import of a million rows spends its time.
On SQLite each row is one prepared INSERT (its id read back), or `bulk_create` when a column
not named has a default or is required. Columns not named must be nullable (PostgreSQL) or
have a model default (elsewhere). JSON values are given as Python objects.
"""

import sqlite3
from collections.abc import Sequence
from typing import Any, cast

from django.db import connection, models

ORM_BATCH = 500


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """PostgreSQL: `count` new ids from the table's sequence, for rows to be inserted later."""
    if count == 0:
        return []
    meta = model._meta
    pk_column = str(meta.pk.column) if meta.pk is not None else "id"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [str(meta.db_table), pk_column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def insert_rows(
    model: type[models.Model],
    names: Sequence[str],
    rows: Sequence[Sequence[Any]],
    ids: Sequence[int] | None = None,
) -> list[int]:
    """Insert the rows; returns their ids. PostgreSQL only: `ids` reserved by `reserve_ids`."""
    if not rows:
        return []
    if connection.vendor == "sqlite" and _defaults_are_null(model, names):
        return _insert_each(model, names, rows)
    if connection.vendor != "postgresql":
        objects = [model(**dict(zip(names, row, strict=True))) for row in rows]
        model._default_manager.bulk_create(objects, batch_size=ORM_BATCH)
        return [obj.pk for obj in objects]
    meta = model._meta
    fields = [cast(models.Field, meta.get_field(name)) for name in names]
    quote = connection.ops.quote_name
    table = str(meta.db_table)
    pk_column = str(meta.pk.column) if meta.pk is not None else "id"
    column_names = [pk_column, *(str(f.column) for f in fields)]
    columns = ", ".join(quote(c) for c in column_names)
    ids = list(ids) if ids is not None else reserve_ids(model, len(rows))
    with connection.cursor() as cursor:
        types = _column_types(cursor, table, column_names)
        # Binary COPY: each value is sent as the column's own type (no text to format or parse).
        copy_sql = f"COPY {quote(table)} ({columns}) FROM STDIN (FORMAT BINARY)"
        with cursor.cursor.copy(copy_sql) as copy:
            copy.set_types(types)
            for pk, row in zip(ids, rows, strict=True):
                copy.write_row((pk, *row))
    return ids


_TYPES: dict[tuple[str, tuple[str, ...]], list[int]] = {}


def _column_types(cursor: Any, table: str, columns: list[str]) -> list[int]:
    """The type (oid) of each column, asked of the database once per table and columns."""
    key = (table, tuple(columns))
    if key not in _TYPES:
        cursor.execute(
            "SELECT attname, atttypid FROM pg_attribute"
            " WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped",
            [connection.ops.quote_name(table)],
        )
        oids = dict(cursor.fetchall())
        _TYPES[key] = [int(oids[column]) for column in columns]
    return _TYPES[key]


def update_rows(
    model: type[models.Model], names: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Set the named fields of stored rows: each row is (pk, *values in the order of `names`).

    One prepared UPDATE run for every row (executemany): no model instances, and none of the
    CASE WHEN statements `bulk_update` builds, whose cost grows with the batch.
    """
    if not rows:
        return
    meta = model._meta
    fields = [cast(models.Field, meta.get_field(name)) for name in names]
    quote = connection.ops.quote_name
    pk_column = str(meta.pk.column) if meta.pk is not None else "id"
    assignments = ", ".join(f"{quote(str(f.column))} = %s" for f in fields)
    table = quote(str(meta.db_table))  # names from the model, quoted; values are parameters
    sql = f"UPDATE {table} SET {assignments} WHERE {quote(pk_column)} = %s"  # noqa: S608
    params = [
        [*(f.get_db_prep_save(v, connection) for f, v in zip(fields, values, strict=True)), pk]
        for pk, *values in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _defaults_are_null(model: type[models.Model], names: Sequence[str]) -> bool:
    """True when every column not named is nullable with no default (it is left NULL)."""
    return all(
        field.null and not field.has_default()
        for field in model._meta.concrete_fields
        if not field.primary_key and field.attname not in names
    )


def _insert_each(
    model: type[models.Model], names: Sequence[str], rows: Sequence[Sequence[Any]]
) -> list[int]:
    """SQLite: one prepared INSERT per row, its id read back (no model instances)."""
    meta = model._meta
    fields = [cast(models.Field, meta.get_field(name)) for name in names]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(f.column)) for f in fields)
    marks = ", ".join("?" for _ in fields)
    sql = f"INSERT INTO {quote(str(meta.db_table))} ({columns}) VALUES ({marks})"  # noqa: S608
    ids = []
    with connection.cursor() as cursor:
        execute = sqlite3.Cursor.execute  # qmark placeholders: no query rewriting per row
        for row in rows:
            values = [f.get_db_prep_save(v, connection) for f, v in zip(fields, row, strict=True)]
            execute(cursor.cursor, sql, values)
            ids.append(cursor.cursor.lastrowid)
    return ids
