"""Reporting, returns and regrading through the API: idempotent writes and version checks."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from missinghub.accounts.models import Role
from missinghub.audit.enums import AuditVerb
from missinghub.audit.models import AuditEvent
from missinghub.children.tests.factories import ChildFactory
from missinghub.episodes.models import Episode, EpisodeStatus

pytestmark = pytest.mark.django_db
LAST_SEEN = "2026-11-20T21:30:00+00:00"


def report_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "child": {"given_name": "Alex", "family_name": "Testchild", "date_of_birth": "2011-04-03"},
        "category": "missing",
        "last_seen_at": LAST_SEEN,
        "reported_at": "2026-11-20T23:00:00+00:00",
        "risk_level": "medium",
        "risk_reason": "Out of character; phone off",
        "police_reference": "TP-123",
        "source_reference": "RMS-0001",
    }
    body.update(changes)
    return body


def test_a_replayed_report_creates_one_episode(api_as: Callable, agencies: dict) -> None:
    police = api_as("police", Role.POLICE_OFFICER)
    first = police.post("/api/v1/episodes", report_body(), Idempotency_Key="key-1")
    again = police.post("/api/v1/episodes", report_body(), Idempotency_Key="key-1")
    assert first.status_code == 201, first.content
    assert again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Episode.objects.count() == 1
    episode = Episode.objects.get()
    assert episode.source_system == f"api:agency-{agencies['police'].pk}"
    assert first.json()["notified_agency_ids"] == [agencies["missing_team"].pk]


def test_the_same_key_with_another_body_is_refused(api_as: Callable) -> None:
    police = api_as("police", Role.POLICE_OFFICER)
    police.post("/api/v1/episodes", report_body(), Idempotency_Key="key-1")
    changed = report_body(risk_level="high")
    refused = police.post("/api/v1/episodes", changed, Idempotency_Key="key-1")
    assert refused.status_code == 422
    assert refused["Content-Type"] == "application/problem+json"
    assert refused.json()["type"] == "urn:missinghub:problem:idempotency-key-reused"
    assert Episode.objects.count() == 1


def test_a_failed_write_leaves_the_key_free(api_as: Callable) -> None:
    police = api_as("police", Role.POLICE_OFFICER)
    bad = report_body(reported_at="2026-11-20T20:00:00+00:00")
    refused = police.post("/api/v1/episodes", bad, Idempotency_Key="key-2")
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "reported_at"
    fixed = police.post("/api/v1/episodes", report_body(), Idempotency_Key="key-2")
    assert fixed.status_code == 201


def test_the_same_source_reference_under_a_new_key_is_a_conflict(api_as: Callable) -> None:
    police = api_as("police", Role.POLICE_OFFICER)
    police.post("/api/v1/episodes", report_body(), Idempotency_Key="key-1")
    again = police.post("/api/v1/episodes", report_body(), Idempotency_Key="key-2")
    assert again.status_code == 409
    assert Episode.objects.count() == 1


def test_a_stale_update_is_refused(api_as: Callable) -> None:
    police = api_as("police", Role.POLICE_OFFICER)
    created = police.post("/api/v1/episodes", report_body(), Idempotency_Key="k1")
    episode_id, read_version = created.json()["id"], created["ETag"]
    assert police.get(f"/api/v1/episodes/{episode_id}")["ETag"] == read_version
    regrade = {"level": "high", "reason": "Seen with older men"}
    regraded = police.post(
        f"/api/v1/episodes/{episode_id}/risk-gradings",
        regrade,
        Idempotency_Key="k2",
        If_Match=read_version,
    )
    assert regraded.status_code == 201, regraded.content
    assert regraded["ETag"] != read_version
    back = {"returned_at": "2026-11-21T08:00:00+00:00", "return_method": "returned_by_self"}
    stale = police.post(
        f"/api/v1/episodes/{episode_id}/return", back, Idempotency_Key="k3", If_Match=read_version
    )
    assert stale.status_code == 412
    assert stale["ETag"] == regraded["ETag"]
    assert Episode.objects.get().status == EpisodeStatus.OPEN
    fresh = police.post(
        f"/api/v1/episodes/{episode_id}/return",
        back,
        Idempotency_Key="k4",
        If_Match=regraded["ETag"],
    )
    assert fresh.status_code == 200
    assert fresh.json()["status"] == "returned"
    assert [g["level"] for g in fresh.json()["risk_gradings"]] == ["medium", "high"]


def test_a_return_before_last_seen_is_a_field_error(api_as: Callable) -> None:
    police = api_as("police", Role.POLICE_OFFICER)
    created = police.post("/api/v1/episodes", report_body(), Idempotency_Key="k1")
    back = {"returned_at": "2026-11-19T08:00:00+00:00", "return_method": "found_by_police"}
    refused = police.post(
        f"/api/v1/episodes/{created.json()['id']}/return",
        back,
        Idempotency_Key="k2",
        If_Match=created["ETag"],
    )
    assert refused.status_code == 422
    assert refused.json()["errors"] == [
        {
            "location": "body",
            "field": "returned_at",
            "detail": "The return cannot be before the child was last seen.",
            "code": "value",
        }
    ]


def test_reporting_a_known_child_needs_the_child_visible(api_as: Callable, agencies: dict) -> None:
    police = api_as("police", Role.POLICE_OFFICER)
    stranger = ChildFactory()
    body = report_body(child=None, child_id=stranger.pk)
    refused = police.post("/api/v1/episodes", body, Idempotency_Key="k1")
    assert refused.status_code == 404
    assert AuditEvent.objects.filter(verb=AuditVerb.ACCESS_REFUSED, child_id=stranger.pk).exists()
    assert not Episode.objects.exists()


def test_only_police_roles_report_or_regrade(api_as: Callable) -> None:
    missing_team = api_as("missing_team", Role.MISSING_TEAM_WORKER)
    refused = missing_team.post("/api/v1/episodes", report_body(), Idempotency_Key="k1")
    assert refused.status_code == 403
    assert refused["Content-Type"] == "application/problem+json"


def test_every_post_needs_an_idempotency_key(api_as: Callable) -> None:
    police = api_as("police", Role.POLICE_OFFICER)
    refused = police.post("/api/v1/episodes", report_body())
    assert refused.status_code == 422
    assert {"location": "header", "field": "Idempotency-Key"}.items() <= refused.json()["errors"][
        0
    ].items()


def test_future_and_ancient_times_are_refused(api_as: Callable) -> None:
    police = api_as("police", Role.POLICE_OFFICER)
    future = (dt.datetime.now(dt.UTC) + dt.timedelta(days=2)).isoformat()
    for moment in (future, "0001-01-01T00:00:00+14:00"):
        refused = police.post(
            "/api/v1/episodes", report_body(last_seen_at=moment), Idempotency_Key="k"
        )
        assert refused.status_code == 422
        assert refused.json()["errors"][0]["field"] == "last_seen_at"


def test_a_report_is_audited_and_gets_the_protocol(api_as: Callable) -> None:
    police = api_as("police", Role.POLICE_OFFICER)
    response = police.post("/api/v1/episodes", report_body(), Idempotency_Key="key-1")
    assert response.status_code == 201
    body = response.json()
    episode = Episode.objects.get(pk=body["id"])
    assert not episode.protocol_pending  # the tests' immediate backend ran the worker's task
    verbs = list(
        AuditEvent.objects.filter(child_id=episode.child_id)
        .order_by("id")
        .values_list("verb", flat=True)
    )
    shared = [AuditVerb.CHILD_SHARED] * len(body["notified_agency_ids"])
    assert verbs[:3] == [AuditVerb.CHILD_CREATED, AuditVerb.EPISODE_REPORTED, AuditVerb.RISK_GRADED]
    assert verbs[3:] == shared


def test_a_child_already_missing_is_refused_with_a_conflict_naming_the_open_episode(
    api_as: Callable,
) -> None:
    police = api_as("police", Role.POLICE_OFFICER)
    first = police.post("/api/v1/episodes", report_body(), Idempotency_Key="k1")
    known = {"child": None, "child_id": first.json()["child_id"], "source_reference": "RMS-0002"}
    again = police.post("/api/v1/episodes", report_body(**known), Idempotency_Key="k2")
    assert again.status_code == 409, again.content
    problem = again.json()
    assert problem["type"] == "urn:missinghub:problem:already-missing"
    assert f"episode {first.json()['id']} is open" in problem["detail"]
    assert Episode.objects.filter(returned_at__isnull=True).count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"last_seen_at": "2030-04-03T20:00:00+00:00"}, "last_seen_at"),
        ({"child": {"given_name": "A", "family_name": "B", "date_of_birth": "2035-01-01"}},
         "date_of_birth"),
        ({"child": {"given_name": "A", "family_name": "B", "date_of_birth": "1890-01-01"}},
         "date_of_birth"),
    ],
)  # fmt: skip
def test_impossible_dates_are_refused(api_as: Callable, changes: dict, field: str) -> None:
    police = api_as("police", Role.POLICE_OFFICER)
    refused = police.post("/api/v1/episodes", report_body(**changes), Idempotency_Key="k1")
    assert refused.status_code == 422
    assert field in refused.json()["errors"][0]["field"]
    assert not Episode.objects.exists()
