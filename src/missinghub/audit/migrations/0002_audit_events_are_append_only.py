"""The audit table refuses UPDATE and DELETE at the database, on PostgreSQL and SQLite."""

from django.db import migrations

from missinghub.audit import guards
from missinghub.dbguards import per_vendor_sql


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        per_vendor_sql(
            "audit_events_are_append_only",
            forward={"postgresql": guards.POSTGRES_INSTALL, "sqlite": guards.SQLITE_INSTALL},
            backward={"postgresql": guards.POSTGRES_REMOVE, "sqlite": guards.SQLITE_REMOVE},
        ),
    ]
