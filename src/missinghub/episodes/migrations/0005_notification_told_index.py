"""The need-to-know rule's notification check by (child, agency, expiry): all three columns, so
SQLite's planner probes it per child instead of reading every notification the agency had (see
`Notification.Meta`). Built before the two-column index it replaces is dropped, both
concurrently on PostgreSQL (docs/how-to/migrations.md)."""

from django.db import migrations, models

from missinghub.dbguards import (
    AddIndexConcurrentlyOnPostgres,
    drop_indexes_concurrently_on_postgres,
)

REPLACED = [
    ("episodes_no_child_i_19464b_idx", "episodes_notification", '"child_id", "to_agency_id"', False)
]


class Migration(migrations.Migration):
    atomic = False  # CREATE/DROP INDEX CONCURRENTLY on PostgreSQL

    dependencies = [
        ("episodes", "0004_import_indexes"),
    ]

    operations = [
        AddIndexConcurrentlyOnPostgres(
            model_name="notification",
            index=models.Index(
                fields=["child", "to_agency", "expires_at"], name="notification_told_idx"
            ),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(
                    model_name="notification", name="episodes_no_child_i_19464b_idx"
                ),
            ],
            database_operations=[drop_indexes_concurrently_on_postgres("episodes.0005", REPLACED)],
        ),
    ]
