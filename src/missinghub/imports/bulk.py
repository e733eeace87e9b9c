"""Fast inserts for large imports: COPY on PostgreSQL, `bulk_create` elsewhere.

`insert_rows(Model, names, rows)` inserts tuples of values (in the order of `names`, field
attnames such as `child_id`) and returns the new ids in order. On PostgreSQL it reserves the
ids from the table's sequence and streams the rows with COPY: no model instances and no SQL
building per value, which is where an ORM import of a million rows spends its time. Columns not
named must be nullable (PostgreSQL) or have a model default (other databases).
"""

import json
from collections.abc import Sequence
from typing import Any, cast

from django.db import connection, models

ORM_BATCH = 500


def insert_rows(
    model: type[models.Model], names: Sequence[str], rows: Sequence[Sequence[Any]]
) -> list[int]:
    if not rows:
        return []
    if connection.vendor != "postgresql":
        objects = [model(**dict(zip(names, row, strict=True))) for row in rows]
        model._default_manager.bulk_create(objects, batch_size=ORM_BATCH)
        return [obj.pk for obj in objects]
    meta = model._meta
    fields = [cast(models.Field, meta.get_field(name)) for name in names]
    as_json = [i for i, f in enumerate(fields) if isinstance(f, models.JSONField)]
    quote = connection.ops.quote_name
    table = str(meta.db_table)
    pk_column = str(meta.pk.column) if meta.pk is not None else "id"
    columns = ", ".join(quote(c) for c in [pk_column, *(str(f.column) for f in fields)])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, pk_column, len(rows)],
        )
        ids = [row[0] for row in cursor.fetchall()]
        with cursor.cursor.copy(f"COPY {quote(table)} ({columns}) FROM STDIN") as copy:
            for pk, row in zip(ids, rows, strict=True):
                if as_json:
                    row = list(row)
                    for at in as_json:
                        row[at] = json.dumps(row[at])
                copy.write_row((pk, *row))
    return ids
