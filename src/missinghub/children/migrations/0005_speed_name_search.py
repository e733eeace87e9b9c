"""Search keys on children and aliases (children.search): the normalised name and its Metaphone
codes, computed on every write by the fields, backfilled here in batches (each its own
transaction), then indexed on PostgreSQL only: a trigram GIN index on the name (pg_trgm) and a
GIN index on the array of codes. SQLite gets no index (its search scans, correct if slower)."""

from typing import Any

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, transaction

import missinghub.children.models
from missinghub.children.search import name_keys
from missinghub.dbguards import add_postgres_only_indexes_concurrently

BATCH = 5_000
INDEXES = [
    (
        f"{table}_search_name_trgm",
        table,
        "USING gin (search_name gin_trgm_ops)",
    )
    for table in ("children_child", "children_childalias")
] + [
    (
        f"{table}_name_sounds_gin",
        table,
        "USING gin ((string_to_array(name_sounds, ' ')))",
    )
    for table in ("children_child", "children_childalias")
]


def backfill(apps: Any, schema_editor: Any) -> None:
    """Each batch one transaction; one prepared UPDATE per row (a CASE over the batch, as
    `bulk_update` writes, costs the square of the batch)."""
    connection = schema_editor.connection
    for label in ("Child", "ChildAlias"):
        model = apps.get_model("children", label)
        table = connection.ops.quote_name(model._meta.db_table)
        sql = f"UPDATE {table} SET search_name = %s, name_sounds = %s WHERE id = %s"  # noqa: S608
        last = 0
        while rows := list(
            model.objects.filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", "given_name", "family_name")[:BATCH]
        ):
            with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
                cursor.executemany(sql, [(*name_keys(g, f), pk) for pk, g, f in rows])
            last = rows[-1][0]


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY on PostgreSQL; the backfill commits per batch

    dependencies = [
        ("children", "0004_import_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="child",
            name="name_sounds",
            field=missinghub.children.models.NameKeyField(part=1),
        ),
        migrations.AddField(
            model_name="child",
            name="search_name",
            field=missinghub.children.models.NameKeyField(part=0),
        ),
        migrations.AddField(
            model_name="childalias",
            name="name_sounds",
            field=missinghub.children.models.NameKeyField(part=1),
        ),
        migrations.AddField(
            model_name="childalias",
            name="search_name",
            field=missinghub.children.models.NameKeyField(part=0),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
        TrigramExtension(),
        add_postgres_only_indexes_concurrently("children search indexes", INDEXES),
    ]
