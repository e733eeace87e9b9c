"""Drop ChildIdentifier's (agency_id) index: identifier_unique_per_agency (agency, kind, value)
starts with it. DROP INDEX CONCURRENTLY on PostgreSQL; the foreign key stays as it is."""

import django.db.models.deletion
from django.db import migrations, models

from missinghub.dbguards import drop_indexes_concurrently_on_postgres

UNUSED = [
    (
        "children_childidentifier_agency_id_58535b57",
        "children_childidentifier",
        '"agency_id"',
        False,
    )
]


class Migration(migrations.Migration):
    atomic = False  # DROP/CREATE INDEX CONCURRENTLY on PostgreSQL

    dependencies = [
        ("accounts", "0002_data_protection_officer_role"),
        ("children", "0003_need_to_know_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="childidentifier",
                    name="agency",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="accounts.agency",
                    ),
                ),
            ],
            database_operations=[drop_indexes_concurrently_on_postgres("children.0004", UNUSED)],
        ),
    ]
