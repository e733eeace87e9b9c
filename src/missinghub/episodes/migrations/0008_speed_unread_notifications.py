"""A partial index for a home page's unread notifications, newest first; built CONCURRENTLY on
PostgreSQL (dbguards.AddIndexConcurrentlyOnPostgres)."""

from django.db import migrations, models

from missinghub.dbguards import AddIndexConcurrentlyOnPostgres


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY on PostgreSQL

    dependencies = [
        ("episodes", "0007_episode_exploitation_flag"),
    ]

    operations = [
        AddIndexConcurrentlyOnPostgres(
            model_name="notification",
            index=models.Index(
                condition=models.Q(("read_at__isnull", True)),
                fields=["to_agency", "-sent_at"],
                name="notification_unread_idx",
            ),
        ),
    ]
