"""The dashboard: who may see it, the same figures as the command, pseudonyms, chart data blocks."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from missinghub.accounts.models import Role
from missinghub.audit.enums import AuditVerb
from missinghub.audit.models import AuditEvent
from missinghub.reporting.pseudonyms import pseudonym
from missinghub.reporting.tests.conftest import EXPECTED_PUBLISHED

pytestmark = pytest.mark.django_db
YEAR = {
    "first_day": "1",
    "first_month": "4",
    "first_year": "2024",
    "last_day": "31",
    "last_month": "3",
    "last_year": "2025",
}


def signed_in(make_user: Any, agency: str, role: Role) -> Client:
    client = Client()
    client.force_login(make_user(agency, role))
    return client


@pytest.mark.parametrize(
    ("agency", "role", "status"),
    [
        ("missing_team", Role.ANALYST, 200),
        ("missing_team", Role.MISSING_TEAM_MANAGER, 200),
        ("police", Role.POLICE_SUPERVISOR, 200),
        ("social_care", Role.PANEL_CHAIR, 200),
        ("police", Role.POLICE_OFFICER, 403),
        ("missing_team", Role.MISSING_TEAM_WORKER, 403),
        ("care_home", Role.CARE_HOME_STAFF, 403),
        ("missing_team", Role.SYSTEM_ADMINISTRATOR, 403),
    ],
)
def test_who_may_see_reports(make_user: Any, agency: str, role: Role, status: int) -> None:
    response = signed_in(make_user, agency, role).get(reverse("reporting:dashboard"))
    assert response.status_code == status


def test_published_figures_and_chart_data_block(make_user: Any, small_area: dict[str, Any]) -> None:
    client = signed_in(make_user, "missing_team", Role.ANALYST)
    response = client.get(reverse("reporting:dashboard"), {"kind": "published", **YEAR})
    page = response.content.decode()
    assert response.status_code == 200
    assert "1 April 2024 to 31 March 2025" in page
    # The chart spec is a JSON data block (not a script that runs), read by charts.mjs.
    block = re.search(
        r'<script id="chart-spec-published" type="application/json">(.*?)</script>', page, re.S
    )
    assert block is not None
    spec = json.loads(block.group(1))
    rows = {
        (r["group"], r["category"]): (r["episodes"], r["children"]) for r in spec["data"]["values"]
    }
    expected = json.loads(EXPECTED_PUBLISHED)
    # The chart shows words ("Missing"); the JSON keeps the codes ("missing").
    assert rows[("all children", "Missing")] == tuple(expected["all"]["missing"])
    assert "vendor/vega-embed.min.js" in page and "reporting/charts.mjs" in page
    assert "<script>" not in page  # nothing inline runs: every script has a nonce and a src
    policy = response.headers["Content-Security-Policy"]
    assert "unsafe-eval" not in policy and "unsafe-inline" not in policy
    download = client.get(
        reverse("reporting:download", args=["json"]), {"kind": "published", **YEAR}
    )
    assert download.content.decode() == EXPECTED_PUBLISHED
    assert AuditEvent.objects.filter(verb=AuditVerb.REPORT_PRODUCED).count() == 2


def test_analyst_sees_pseudonyms_and_manager_sees_names_of_visible_children(
    make_user: Any, small_area: dict[str, Any], agencies: dict[str, Any]
) -> None:
    query = {"kind": "demand", **YEAR}
    analyst_page = signed_in(make_user, "missing_team", Role.ANALYST).get(
        reverse("reporting:dashboard"), query
    )
    text = analyst_page.content.decode()
    assert pseudonym(small_area["cal"].pk) in text
    assert "Lovelace" not in text and "Cole" not in text
    # A police supervisor of the reporting force may see these children's records: names.
    supervisor = make_user("police", Role.POLICE_SUPERVISOR)
    client = Client()
    client.force_login(supervisor)
    named = client.get(reverse("reporting:dashboard"), query).content.decode()
    assert "Cal Cole" in named
    listed = AuditEvent.objects.filter(verb=AuditVerb.CHILDREN_LISTED, actor=supervisor)
    assert listed.count() == 4  # every child in the table was named, and each look is audited


def test_bad_dates_show_the_error_summary(make_user: Any) -> None:
    client = signed_in(make_user, "missing_team", Role.ANALYST)
    response = client.get(
        reverse("reporting:dashboard"),
        {**YEAR, "kind": "published", "last_year": "2023"},
    )
    page = response.content.decode()
    assert "There is a problem" in page
    assert "The last day must be on or after the first day" in page
