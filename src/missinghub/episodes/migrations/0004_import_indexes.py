"""Drop the episode and notification indexes no query uses, which every imported row paid for.

Episode: (child_id) is the first column of (child_id, reported_at); (police_reference) and its
LIKE twin serve no query (the search compares UPPER(...)); (missing_from_id) becomes a partial
index of the rows that have a placement. Notification: (child_id) and (to_agency_id) lead the
two composite indexes. DROP INDEX CONCURRENTLY on PostgreSQL; the foreign keys stay as they are
(AlterField would drop and re-validate them).
"""

import django.db.models.deletion
from django.db import migrations, models

from missinghub.dbguards import (
    AddIndexConcurrentlyOnPostgres,
    drop_indexes_concurrently_on_postgres,
)

UNUSED = [
    ("episodes_episode_child_id_614258bf", "episodes_episode", '"child_id"', False),
    ("episodes_episode_missing_from_id_7c455989", "episodes_episode", '"missing_from_id"', False),
    ("episodes_episode_police_reference_a3bce937", "episodes_episode", '"police_reference"', False),
    (
        "episodes_episode_police_reference_a3bce937_like",
        "episodes_episode",
        '"police_reference" varchar_pattern_ops',
        True,
    ),
    ("episodes_notification_child_id_d99b231e", "episodes_notification", '"child_id"', False),
    (
        "episodes_notification_to_agency_id_a60a661a",
        "episodes_notification",
        '"to_agency_id"',
        False,
    ),
]


class Migration(migrations.Migration):
    atomic = False  # DROP/CREATE INDEX CONCURRENTLY on PostgreSQL

    dependencies = [
        ("accounts", "0002_data_protection_officer_role"),
        ("children", "0004_import_indexes"),
        ("episodes", "0003_protocol_pending"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="episode",
                    name="child",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="episodes",
                        to="children.child",
                    ),
                ),
                migrations.AlterField(
                    model_name="episode",
                    name="missing_from",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        help_text="The child's placement when they went missing.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="episodes",
                        to="children.placement",
                    ),
                ),
                migrations.AlterField(
                    model_name="episode",
                    name="police_reference",
                    field=models.CharField(blank=True, max_length=64),
                ),
                migrations.AlterField(
                    model_name="notification",
                    name="child",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notifications",
                        to="children.child",
                    ),
                ),
                migrations.AlterField(
                    model_name="notification",
                    name="to_agency",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="notifications",
                        to="accounts.agency",
                    ),
                ),
            ],
            database_operations=[drop_indexes_concurrently_on_postgres("episodes.0004", UNUSED)],
        ),
        AddIndexConcurrentlyOnPostgres(
            model_name="episode",
            index=models.Index(
                condition=models.Q(("missing_from__isnull", False)),
                fields=["missing_from"],
                name="episode_missing_from_set",
            ),
        ),
    ]
