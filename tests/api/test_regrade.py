"""Regrading through the API uses the pages' one service (episodes.services.regrade_risk): a time
before the latest grading is a field error, and raising an absent episode's risk makes it a
missing episode."""

from collections.abc import Callable

import pytest

from missinghub.accounts.models import Role
from missinghub.episodes.models import CategoryChange, Episode
from tests.api.test_episodes import report_body

pytestmark = pytest.mark.django_db


def test_an_absent_episode_regraded_through_the_api_becomes_missing(api_as: Callable) -> None:
    police = api_as("police", Role.POLICE_OFFICER)
    body = report_body(category="absent", risk_level="no_apparent_risk")
    created = police.post("/api/v1/episodes", body, Idempotency_Key="k1")
    assert created.status_code == 201, created.content
    url = f"/api/v1/episodes/{created.json()['id']}/risk-gradings"
    early = {"level": "high", "reason": "Late note", "graded_at": "2026-11-20T22:00:00+00:00"}
    refused = police.post(url, early, Idempotency_Key="k2", If_Match=created["ETag"])
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "graded_at"
    assert "latest grading" in refused.json()["errors"][0]["detail"]

    raised = {"level": "high", "reason": "Seen with older men"}
    regraded = police.post(url, raised, Idempotency_Key="k3", If_Match=created["ETag"])
    assert regraded.status_code == 201, regraded.content
    assert regraded.json()["category"] == "missing"
    assert Episode.objects.get().category == "missing"
    assert CategoryChange.objects.get().to_category == "missing"
