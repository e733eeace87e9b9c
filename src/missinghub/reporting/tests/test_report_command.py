"""The report command on the hand-built area: exact published JSON, CSV, and the audit trail."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from missinghub.audit.enums import AuditVerb
from missinghub.audit.models import AuditEvent
from missinghub.reporting.pseudonyms import pseudonym
from missinghub.reporting.tests.conftest import EXPECTED_PUBLISHED

pytestmark = pytest.mark.django_db
PERIOD = ["--from", "2024-04-01", "--to", "2025-03-31"]


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()


def test_published_json_is_exactly_the_published_shape(small_area: dict[str, Any]) -> None:
    printed = run("published", *PERIOD, "--format", "json").strip()
    assert printed == EXPECTED_PUBLISHED
    event = AuditEvent.objects.get(verb=AuditVerb.REPORT_PRODUCED)
    assert event.detail == {
        "report": "published",
        "period": ["2024-04-01", "2025-03-31"],
        "format": "json",
        "named_children": 0,
    }


def test_published_csv_holds_the_same_figures(small_area: dict[str, Any]) -> None:
    rows = list(csv.DictReader(io.StringIO(run("published", *PERIOD, "--format", "csv"))))
    values = {(r["row"], r["measure"]): r["value"] for r in rows if r["section"] == "published"}
    # Row 1 is all children, missing: 7 episodes by 4 young people.
    assert values[("1", "episodes")] == "7"
    assert values[("1", "children")] == "4"
    cme = {r["row"]: r["value"] for r in rows if r["section"] == "cme" and r["measure"] == "count"}
    assert cme == {"1": "3", "2": "1", "3": "1"}


def test_demand_json_figures_by_hand(small_area: dict[str, Any]) -> None:
    data = json.loads(run("demand", *PERIOD, "--format", "json"))
    durations = data["durations"]["all"]
    # 11 episodes in the period. Open at the end: Ben's AWOL, and Dee's, who returned at 00:30
    # after the period (censored). Two lasted over 24 hours (30 h and 80 h).
    assert data["episodes"] == 11
    assert durations["open"] == 2
    assert durations["within_24h"] == pytest.approx(7 / 11)
    assert durations["within_48h"] == pytest.approx(8 / 11)
    homes = {row["placement_type"]: row for row in data["late_evening"]}
    # Ben's three reports (23:15, 23:45, 22:10) are all between 22:00 and 01:00.
    assert homes["childrens_home"]["late_evening_share"] == 1.0
    frequent = data["most_frequent_children"]
    assert [row["episodes"] for row in frequent] == [4, 3, 3, 1]
    # Cal has most; every child is shown by the research-export pseudonym, never a name.
    assert frequent[0]["child"] == pseudonym(small_area["cal"].pk)
    assert all(re.fullmatch("[0-9a-f]{20}", row["child"]) for row in frequent)
    assert "Ada" not in json.dumps(data)


def test_bad_period_is_refused(small_area: dict[str, Any]) -> None:
    with pytest.raises(CommandError, match="before"):
        run("published", "--from", "2025-01-01", "--to", "2024-01-01")


def test_published_with_no_records_is_all_zeros(db: None) -> None:
    zero = [0, 0]
    assert json.loads(run("published", *PERIOD)) == {
        "period": ["2024-04-01", "2025-03-31"],
        "all": {"missing": zero, "absent": zero, "awol": zero},
        "lac_in_borough": {"missing": zero, "awol": zero},
        "lac_out_of_borough": {"missing": zero, "awol": zero},
        "cme": {"referrals": 0, "located_closed": 0, "ongoing": 0},
    }
