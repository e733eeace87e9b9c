"""Exports: own permission, a stated reason in the audit trail, need-to-know scope."""

import csv
import io

import pytest
from django.urls import reverse

from missinghub.accounts.models import Role
from missinghub.accounts.tests.factories import UserFactory
from missinghub.audit.enums import AuditVerb
from missinghub.audit.models import AuditEvent
from missinghub.exports.pseudonyms import district_of, month_of, pseudonym
from missinghub.exports.tests.conftest import KEY

pytestmark = pytest.mark.django_db
REASON = "Monthly return to the safeguarding partnership"


def read_csv(response) -> list[dict[str, str]]:
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    return list(csv.DictReader(io.StringIO(response.content.decode().lstrip("\ufeff"))))


def test_a_supervisor_exports_the_children_their_force_can_see_with_a_reason(
    client, supervisor, records
):
    client.force_login(supervisor)
    rows = read_csv(client.post(reverse("exports:episodes"), {"reason": REASON, "period": ""}))
    assert [r["child_number"] for r in rows] == [str(records["ours"].pk)]
    assert rows[0]["family_name"] == "Testkid"
    event = AuditEvent.objects.get(verb=AuditVerb.EXPORT_PRODUCED)
    assert event.actor == supervisor
    assert event.detail == {"export": "episodes", "reason": REASON, "rows": 1, "months": None}
    included = AuditEvent.objects.filter(verb=AuditVerb.CHILDREN_EXPORTED)
    assert list(included.values_list("child_id", flat=True)) == [records["ours"].pk]


def test_an_export_needs_a_reason(client, supervisor, records):
    client.force_login(supervisor)
    response = client.post(reverse("exports:episodes"), {"reason": "", "period": "12"})
    assert response.status_code == 200
    assert "Enter why you need this export" in response.content.decode()
    assert not AuditEvent.objects.filter(verb=AuditVerb.EXPORT_PRODUCED).exists()


@pytest.mark.parametrize(
    ("agency", "role"),
    [
        ("police", Role.POLICE_OFFICER),
        ("care_home", Role.CARE_HOME_STAFF),
        ("social_care", Role.ANALYST),
    ],
)
def test_seeing_records_is_not_enough_to_export_them(client, make_user, records, agency, role):
    user = make_user(agency, role)
    client.force_login(user)
    response = client.post(reverse("exports:episodes"), {"reason": REASON})
    assert response.status_code == 403
    refused = AuditEvent.objects.get(verb=AuditVerb.ACCESS_REFUSED, actor=user)
    assert refused.detail["action"] == "export"
    assert not AuditEvent.objects.filter(verb=AuditVerb.EXPORT_PRODUCED).exists()


def test_the_research_export_is_pseudonymised(client, analyst, records, agencies):
    agencies["other_police"].area = "Farshire"
    agencies["other_police"].save()
    client.force_login(analyst)
    rows = read_csv(client.post(reverse("exports:research"), {"reason": REASON, "period": ""}))
    ours = records["ours"]
    assert len(rows) == 1  # only episodes reported in the analyst's area
    row = rows[0]
    assert row["child_pseudonym"] == pseudonym("child", ours.pk, key=KEY.encode())
    assert row["birth_month"] == "2011-04"
    assert row["home_district"] == "TS24"
    assert row["placement_district"] == "TS26"
    text = ",".join(row.values())
    for identifying in ("Robin", "Testkid", "2011-04-03", "TS24 8AB", "SC1", "TS/001"):
        assert identifying not in text
    event = AuditEvent.objects.get(verb=AuditVerb.RESEARCH_EXPORT_PRODUCED)
    assert event.detail["reason"] == REASON


def test_pseudonyms_are_stable_for_one_key_and_change_with_it():
    key = KEY.encode()
    assert pseudonym("child", 42, key=key) == pseudonym("child", 42, key=key)
    assert pseudonym("child", 42, key=key) != pseudonym("child", 43, key=key)
    assert pseudonym("child", 42, key=key) != pseudonym("child", 42, key=b"another" * 6)
    assert pseudonym("child", 42, key=key) != pseudonym("episode", 42, key=key)


@pytest.mark.parametrize(
    ("postcode", "district"),
    [("TS24 8AB", "TS24"), ("ts248ab", "TS24"), ("SW1A 1AA", "SW1A"), ("M1 1AE", "M1"), ("", "")],
)
def test_postcodes_become_districts(postcode, district):
    assert district_of(postcode) == district


def test_dates_of_birth_become_months():
    import datetime as dt

    assert month_of(dt.date(2011, 4, 3)) == "2011-04"


def test_without_a_key_there_is_no_research_export(client, analyst, records, settings):
    settings.MISSINGHUB_PSEUDONYM_KEY = ""
    client.force_login(analyst)
    response = client.post(reverse("exports:research"), {"reason": REASON}, follow=True)
    assert "no pseudonym key is set" in response.content.decode()
    assert not AuditEvent.objects.filter(verb=AuditVerb.RESEARCH_EXPORT_PRODUCED).exists()


def test_the_export_command_applies_the_same_permission_and_audit(supervisor, records, tmp_path):
    from django.core.management import CommandError, call_command

    out = tmp_path / "episodes.csv"
    call_command(
        "export", "episodes", "--user", supervisor.username, "--reason", REASON, "--out", str(out)
    )
    assert "Testkid" in out.read_text(encoding="utf-8")
    assert AuditEvent.objects.get(verb=AuditVerb.EXPORT_PRODUCED).detail["reason"] == REASON
    officer = UserFactory(agency=supervisor.agency, role=Role.POLICE_OFFICER)
    with pytest.raises(CommandError, match="may not make this export"):
        call_command(
            "export", "episodes", "--user", officer.username, "--reason", REASON, "--out", str(out)
        )
