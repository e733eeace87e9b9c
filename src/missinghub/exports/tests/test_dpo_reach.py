"""A data protection officer reaches the children their own agency holds; any other child needs a
recorded request approved by a second officer or an administrator (security review, finding 3)."""

import pytest
from django.test import Client
from django.urls import reverse

from missinghub.accounts.models import Role
from missinghub.audit.enums import AuditVerb
from missinghub.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
SAR = {"reason": "SAR-2026-014"}


def _bundle(client: Client, child_id: int):
    return client.post(reverse("exports:subject-access"), {"child_number": child_id, **SAR})


def _log(client: Client, child_id: int):
    return client.get(reverse("exports:child-access-log", args=[child_id]))


def test_a_dpo_reaches_children_their_agency_holds(client: Client, dpo, records) -> None:
    client.force_login(dpo)  # of the social care team that issued the child's identifier
    assert _bundle(client, records["ours"].pk)["Content-Type"] == "application/zip"
    assert _log(client, records["ours"].pk).status_code == 200


def test_a_dpo_of_another_area_cannot_download_a_childs_bundle_or_log(
    client: Client, make_user, records
) -> None:
    outsider = make_user("other_police", Role.DATA_PROTECTION_OFFICER)
    client.force_login(outsider)
    child = records["ours"]
    response = _bundle(client, child.pk)
    assert response.status_code == 403
    assert response.get("Content-Type", "").startswith("text/html")
    assert "Testkid" not in response.content.decode()
    assert "ask for wider access" in response.content.decode()
    assert _log(client, child.pk).status_code == 403
    refused = AuditEvent.objects.filter(verb=AuditVerb.ACCESS_REFUSED, actor=outsider)
    assert set(refused.values_list("child_id", flat=True)) == {child.pk}
    assert not AuditEvent.objects.filter(verb=AuditVerb.SUBJECT_ACCESS_BUNDLE_PRODUCED).exists()


def test_a_wider_request_is_recorded_approved_by_another_and_then_reaches(
    client: Client, make_user, records
) -> None:
    outsider = make_user("other_police", Role.DATA_PROTECTION_OFFICER)
    child = records["ours"]
    client.force_login(outsider)
    asked = client.post(
        reverse("exports:reach-request"),
        {"child_number": child.pk, "reason": "SAR-2026-099 forwarded by the council's DPO"},
    )
    assert asked.status_code == 302
    # The requester cannot approve their own request.
    pending = client.get(reverse("exports:reach-requests"))
    assert pending.status_code == 200 and 'value="approve"' not in pending.content.decode()
    assert _bundle(client, child.pk).status_code == 403

    second = make_user("police", Role.DATA_PROTECTION_OFFICER)
    client.force_login(second)
    page = client.get(reverse("exports:reach-requests"))
    [request] = page.context["pending"]
    assert "Testkid" not in page.content.decode()  # the approver sees a number, not the child
    client.post(reverse("exports:reach-requests"), {"request": request.pk, "decision": "approve"})

    client.force_login(outsider)
    assert _bundle(client, child.pk)["Content-Type"] == "application/zip"
    assert _log(client, child.pk).status_code == 200
    verbs = list(AuditEvent.objects.filter(child_id=child.pk).values_list("verb", flat=True))
    assert AuditVerb.DPO_REACH_REQUESTED in verbs and AuditVerb.DPO_REACH_APPROVED in verbs
    approved = AuditEvent.objects.get(verb=AuditVerb.DPO_REACH_APPROVED)
    assert approved.actor == second and approved.detail["requested_by"] == outsider.pk


def test_only_officers_and_administrators_decide(client: Client, make_user, records) -> None:
    worker = make_user("social_care", Role.SOCIAL_WORKER)
    client.force_login(worker)
    assert client.get(reverse("exports:reach-requests")).status_code == 403
