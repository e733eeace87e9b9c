"""Tokens act as their agency: the need-to-know rule, scopes, expiry, revocation, rate limits."""

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from missinghub.accounts.models import Role
from missinghub.api.models import ApiToken
from missinghub.api.scopes import Scope
from missinghub.api.services import hash_token
from missinghub.audit.enums import AuditVerb
from missinghub.audit.models import AuditEvent
from missinghub.children.tests.factories import ChildFactory, ChildIdentifierFactory
from missinghub.episodes.tests.factories import EpisodeFactory
from missinghub.protocols.models import ProtocolTask
from missinghub.protocols.services import apply_protocol_for_episode

pytestmark = pytest.mark.django_db


@pytest.fixture
def police_child(agencies: dict):
    child = ChildFactory()
    ChildIdentifierFactory(child=child, agency=agencies["police"], value="TP-PERSON-1")
    return child


def test_a_token_of_another_agency_cannot_read_the_child(api_as: Callable, police_child) -> None:
    own = api_as("police", Role.POLICE_OFFICER).get(f"/api/v1/children/{police_child.pk}")
    other = api_as("other_police", Role.POLICE_OFFICER).get(f"/api/v1/children/{police_child.pk}")
    assert own.status_code == 200
    assert own.json()["identifiers"][0]["value"] == "TP-PERSON-1"
    assert other.status_code == 404
    assert other["Content-Type"] == "application/problem+json"
    assert "given_name" not in other.json()
    viewed = AuditEvent.objects.filter(verb=AuditVerb.CHILD_VIEWED, child_id=police_child.pk)
    refused = AuditEvent.objects.filter(verb=AuditVerb.ACCESS_REFUSED, child_id=police_child.pk)
    assert viewed.get().actor_username.startswith("api-")
    assert refused.get().actor_agency_id != viewed.get().actor_agency_id


def test_a_search_shows_only_visible_children_and_audits_them(
    api_as: Callable, police_child
) -> None:
    found = api_as("police", Role.POLICE_OFFICER).get("/api/v1/children?q=TP-PERSON-1")
    hidden = api_as("other_police", Role.POLICE_OFFICER).get("/api/v1/children?q=TP-PERSON-1")
    assert [c["id"] for c in found.json()] == [police_child.pk]
    assert hidden.json() == []
    assert AuditEvent.objects.filter(verb=AuditVerb.CHILDREN_LISTED).count() == 1


def test_tasks_are_listed_for_the_agency_that_may_see_the_child(
    api_as: Callable, agencies: dict
) -> None:
    episode = EpisodeFactory(
        reporting_agency=agencies["police"],
        status="returned",
        returned_at=dt.datetime(2024, 3, 2, 9, 0, tzinfo=dt.UTC),
    )
    apply_protocol_for_episode(episode)
    assert ProtocolTask.objects.exists()
    listed = api_as("police", Role.POLICE_OFFICER).get("/api/v1/tasks?status=open")
    other = api_as("other_police", Role.POLICE_OFFICER).get("/api/v1/tasks")
    assert listed.json()["count"] == ProtocolTask.objects.count()
    assert {t["child_id"] for t in listed.json()["items"]} == {episode.child_id}
    assert other.json() == {"count": 0, "items": []}


def test_a_request_without_a_token_is_refused_as_a_problem(police_child) -> None:
    response = Client().get(f"/api/v1/children/{police_child.pk}")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert set(response.json()) == {"type", "title", "status", "detail", "instance", "errors"}


def test_a_revoked_or_expired_token_stops_working(
    issue: Callable, api_as: Callable, police_child
) -> None:
    client = api_as("police", Role.POLICE_OFFICER)
    path = f"/api/v1/children/{police_child.pk}"
    assert client.get(path).status_code == 200
    prefix = client.token.split("_")[1]
    call_command("api_token", "revoke", prefix)
    assert client.get(path).status_code == 401
    expiring = api_as("police", Role.POLICE_OFFICER)
    ApiToken.objects.filter(prefix=expiring.token.split("_")[1]).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1),
        created_at=timezone.now() - dt.timedelta(days=2),
    )
    assert expiring.get(path).status_code == 401
    assert AuditEvent.objects.filter(verb=AuditVerb.API_TOKEN_REVOKED).count() == 1


def test_a_token_is_limited_to_its_scopes(api_as: Callable, police_child) -> None:
    client = api_as("police", Role.POLICE_OFFICER, scopes=[Scope.EPISODES_WRITE])
    refused = client.get(f"/api/v1/children/{police_child.pk}")
    assert refused.status_code == 403
    assert "children:read" in refused.json()["detail"]


def test_requests_over_the_rate_are_refused_with_retry_after(
    api_as: Callable, police_child
) -> None:
    client = api_as("police", Role.POLICE_OFFICER, rate_per_minute=3)
    statuses = [client.get(f"/api/v1/children/{police_child.pk}") for _ in range(4)]
    assert [r.status_code for r in statuses] == [200, 200, 200, 429]
    assert 0 < int(statuses[-1]["Retry-After"]) <= 60


def test_the_command_prints_the_token_once_and_stores_only_its_hash(
    agencies: dict, capsys: pytest.CaptureFixture
) -> None:
    call_command(
        "api_token",
        "issue",
        "--agency",
        agencies["police"].name,
        "--role",
        "police_officer",
        "--scope",
        "episodes:write",
        "--scope",
        "children:read",
        "--name",
        "Police RMS",
    )
    secret = capsys.readouterr().out.strip()
    token = ApiToken.objects.get()
    assert secret.startswith(f"mh_{token.prefix}_")
    assert token.secret_hash == hash_token(secret)
    assert secret not in str(list(ApiToken.objects.values()))
    assert token.service_user.role == Role.POLICE_OFFICER
    assert not token.service_user.has_usable_password()
    call_command("api_token", "list")
    assert secret not in capsys.readouterr().out


def test_a_role_from_another_kind_of_agency_is_refused(agencies: dict) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="does not belong"):
        call_command(
            "api_token",
            "issue",
            "--agency",
            agencies["school"].name,
            "--role",
            "police_officer",
            "--scope",
            "episodes:write",
            "--name",
            "Wrong",
        )


def test_the_docs_page_is_local_and_carries_the_nonce(client: Client) -> None:
    response = client.get("/api/v1/docs")
    page = response.content.decode()
    assert response.status_code == 200
    assert "cdn" not in page.lower() and "https://" not in page
    assert page.count(f'nonce="{response.wsgi_request.csp_nonce}"') == 2
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    problem = schema["paths"]["/api/v1/episodes"]["post"]["responses"]["422"]["content"]
    assert list(problem) == ["application/problem+json"]


def test_old_idempotency_answers_can_be_forgotten(agencies: dict) -> None:
    from missinghub.api.models import IdempotentRequest

    for key, age in (("old", 40), ("recent", 1)):
        IdempotentRequest.objects.create(
            agency=agencies["police"],
            key=key,
            fingerprint="f",
            created_at=timezone.now() - dt.timedelta(days=age),
        )
    call_command("api_token", "forget-keys", "--days", "30")
    assert list(IdempotentRequest.objects.values_list("key", flat=True)) == ["recent"]


def test_a_method_an_address_does_not_take_is_a_problem(api_as: Callable) -> None:
    client = api_as("police", Role.POLICE_OFFICER)
    response = client.client.delete("/api/v1/episodes", headers=client._headers({}))
    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"
    assert response["Allow"] == "POST"
