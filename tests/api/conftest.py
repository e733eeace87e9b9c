"""Fixtures for the partner API: tokens for the shared test agencies, and a client that sends
one."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from missinghub.accounts.models import Agency, Role
from missinghub.api.scopes import Scope
from missinghub.api.services import issue_token

ALL_SCOPES = list(Scope)


@pytest.fixture
def issue(agencies: dict[str, Agency]) -> Callable[..., str]:
    """`issue(agency_key, role, scopes=ALL_SCOPES, **options)` gives a token's secret."""

    def make(agency_key: str, role: Role, scopes: list[Scope] = ALL_SCOPES, **options: Any) -> str:
        issued = issue_token(
            actor=None,
            agency=agencies[agency_key],
            name=f"{agency_key} system",
            role=role,
            scopes=scopes,
            **options,
        )
        return issued.secret

    return make


class ApiClient:
    """The Django test client with a bearer token and JSON bodies."""

    def __init__(self, token: str) -> None:
        self.client = Client()
        self.token = token

    def get(self, path: str, **headers: str) -> Any:
        return self.client.get(path, headers=self._headers(headers))

    def post(self, path: str, body: dict[str, Any], **headers: str) -> Any:
        return self.client.post(
            path, body, content_type="application/json", headers=self._headers(headers)
        )

    def _headers(self, extra: dict[str, str]) -> dict[str, str]:
        named = {name.replace("_", "-"): value for name, value in extra.items()}
        return {"Authorization": f"Bearer {self.token}", **named}


@pytest.fixture
def api_as(issue: Callable[..., str]) -> Callable[..., ApiClient]:
    def make(agency_key: str, role: Role, **options: Any) -> ApiClient:
        return ApiClient(issue(agency_key, role, **options))

    return make
