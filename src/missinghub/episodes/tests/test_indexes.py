"""The need-to-know rule's notification check uses the (child, agency, expiry) index.

Without it SQLite's planner (no statistics before ANALYZE) read every notification an agency
ever had, once per child: 12 s for a missing team's home page at council scale. Timings live in
`make bench`; this checks the plan, which is what went wrong."""

import pytest
from django.db import connection

from missinghub.access.policy import visible_child_ids
from missinghub.accounts.models import Role
from missinghub.children.models import Child


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plan; PostgreSQL has stats")
def test_the_visibility_rule_probes_notifications_per_child(make_user) -> None:
    worker = make_user("missing_team", Role.MISSING_TEAM_WORKER)
    query = Child.objects.filter(pk__in=visible_child_ids(worker)).values("pk").query
    sql, params = query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "notification_told_idx" in plan, plan
