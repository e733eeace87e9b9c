"""A child's placement periods never overlap, enforced by the database on both engines.

PostgreSQL: an exclusion constraint over the child and the period [start_date, end_date)
(btree_gist ships with PostgreSQL's contrib modules; nothing is downloaded).
SQLite: triggers that abort an INSERT or UPDATE that would overlap another placement.
"""

from django.db import migrations

from missinghub.dbguards import per_vendor_sql

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    """
    ALTER TABLE children_placement ADD CONSTRAINT placement_periods_never_overlap
    EXCLUDE USING gist (child_id WITH =, daterange(start_date, end_date, '[)') WITH &&)
    """,
]
POSTGRES_BACKWARD = [
    "ALTER TABLE children_placement DROP CONSTRAINT placement_periods_never_overlap",
]

SQLITE_OVERLAP = """
    SELECT RAISE(ABORT, 'placement_periods_never_overlap: a child''s placements cannot overlap')
    WHERE EXISTS (
        SELECT 1 FROM children_placement AS other
        WHERE other.child_id = NEW.child_id
          AND other.id IS NOT NEW.id
          AND other.start_date < COALESCE(NEW.end_date, '9999-12-31')
          AND NEW.start_date < COALESCE(other.end_date, '9999-12-31')
    );
"""
SQLITE_FORWARD = [
    f"""CREATE TRIGGER placement_periods_never_overlap_insert
    BEFORE INSERT ON children_placement BEGIN {SQLITE_OVERLAP} END""",
    f"""CREATE TRIGGER placement_periods_never_overlap_update
    BEFORE UPDATE ON children_placement BEGIN {SQLITE_OVERLAP} END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS placement_periods_never_overlap_insert",
    "DROP TRIGGER IF EXISTS placement_periods_never_overlap_update",
]



class Migration(migrations.Migration):
    dependencies = [("children", "0001_initial")]

    operations = [
        per_vendor_sql(
            "placement_periods_never_overlap",
            forward={"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD},
            backward={"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD},
        ),
    ]
