"""The subject-access bundle and the "who has looked at this child" page, for the DPO only."""

import io
import json
import zipfile

import pytest
from django.apps import apps
from django.urls import reverse

from missinghub.accounts.models import Role
from missinghub.audit.enums import AuditVerb
from missinghub.audit.models import AuditEvent
from missinghub.children.models import Child
from missinghub.exports.records import collect_child_records, deletion_order

pytestmark = pytest.mark.django_db


def bundle_of(client, child_number: int) -> zipfile.ZipFile:
    response = client.post(
        reverse("exports:subject-access"),
        {"child_number": child_number, "reason": "SAR-2026-014"},
    )
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_the_bundle_holds_every_table_of_the_child_across_agencies(client, dpo, records):
    client.force_login(dpo)
    bundle = bundle_of(client, records["ours"].pk)
    assert sorted(bundle.namelist()) == ["disclosures.json", "index.html", "records.json"]
    tables = json.loads(bundle.read("records.json"))
    assert tables["children.child"][0]["family_name"] == "Testkid"
    assert tables["children.childidentifier"][0]["agency_name"] == "Testshire Social Care"
    assert tables["children.placement"][0]["provider_name"] == "Hilltop Children's Home"
    assert [r["id"] for r in tables["episodes.episode"]] == [records["episode"].pk]
    assert tables["episodes.riskgrading"][0]["reason"] == "@SUM(A1:A9)"
    assert "Elsewhere" not in bundle.read("records.json").decode()
    assert "Testkid" in bundle.read("index.html").decode()
    event = AuditEvent.objects.get(verb=AuditVerb.SUBJECT_ACCESS_BUNDLE_PRODUCED)
    assert (event.actor, event.child_id) == (dpo, records["ours"].pk)
    assert event.detail["reason"] == "SAR-2026-014"
    assert event.detail["rows"]["episodes.episode"] == 1


def test_every_model_that_refers_to_a_child_is_reached(records):
    """New apps' models (casework, imports, ...) are included without changing the walk."""
    referring = {
        model
        for model in apps.get_models()
        for f in model._meta.concrete_fields
        if f.is_relation and f.related_model is Child
    }
    found = collect_child_records(records["ours"])
    order = deletion_order(found)
    assert set(found.rows) <= set(order)
    reachable = {m for m in referring if m._default_manager.filter().exists()}
    assert reachable <= set(found.rows)
    assert order.index(Child) == len(order) - 1  # the child goes last


def test_the_bundle_lists_who_was_given_the_record(client, dpo, supervisor, records):
    client.force_login(supervisor)
    client.get(reverse("web:child", args=[records["ours"].pk]))
    client.force_login(dpo)
    disclosed = json.loads(bundle_of(client, records["ours"].pk).read("disclosures.json"))
    assert {"agency": "Testshire Police", "role": Role.POLICE_SUPERVISOR} in [
        {"agency": d["agency"], "role": d["role"]} for d in disclosed
    ]
    assert all(supervisor.username not in str(d) for d in disclosed)


def test_only_the_data_protection_officer_makes_a_bundle(client, make_user, records):
    admin = make_user("social_care", Role.SYSTEM_ADMINISTRATOR)
    client.force_login(admin)
    response = client.post(
        reverse("exports:subject-access"),
        {"child_number": records["ours"].pk, "reason": "SAR-2026-014"},
    )
    assert response.status_code == 403
    assert AuditEvent.objects.filter(verb=AuditVerb.ACCESS_REFUSED, actor=admin).exists()


def test_an_unknown_child_number_is_a_form_error(client, dpo, records):
    client.force_login(dpo)
    response = client.post(
        reverse("exports:subject-access"), {"child_number": 999999, "reason": "SAR-1"}
    )
    assert "No child has that number" in response.content.decode()


def test_the_access_log_shows_who_looked_and_is_itself_audited(client, dpo, supervisor, records):
    child = records["ours"]
    client.force_login(supervisor)
    client.get(reverse("web:child", args=[child.pk]))
    client.force_login(dpo)
    response = client.get(reverse("exports:child-access-log", args=[child.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert supervisor.username in page
    assert "Testshire Police" in page
    assert "Police supervisor" in page
    assert "Child record viewed" in page
    viewed = AuditEvent.objects.get(verb=AuditVerb.CHILD_ACCESS_LOG_VIEWED)
    assert (viewed.actor, viewed.child_id) == (dpo, child.pk)


@pytest.mark.parametrize("role", [Role.SYSTEM_ADMINISTRATOR, Role.SOCIAL_WORKER, Role.ANALYST])
def test_nobody_else_reads_the_access_log(client, make_user, records, role):
    user = make_user("social_care", role)
    client.force_login(user)
    response = client.get(reverse("exports:child-access-log", args=[records["ours"].pk]))
    assert response.status_code == 403
    refused = AuditEvent.objects.get(verb=AuditVerb.ACCESS_REFUSED, actor=user)
    assert refused.child_id == records["ours"].pk


def test_the_dpo_finds_the_access_log_by_child_number(client, dpo, records):
    client.force_login(dpo)
    response = client.get(reverse("exports:index"), {"access_log_for": records["ours"].pk})
    assert response["Location"] == reverse("exports:child-access-log", args=[records["ours"].pk])
