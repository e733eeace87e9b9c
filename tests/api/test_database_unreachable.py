"""The API answers 503 with Retry-After, not 500, while the database cannot be reached
(security review, finding 9)."""

from collections.abc import Callable
from unittest import mock

import pytest
from django.db import OperationalError, connection

from missinghub.accounts.models import Role

pytestmark = pytest.mark.django_db


def _unreachable(*args: object, **kwargs: object) -> None:
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: refused')


@pytest.mark.parametrize("path", ["/api/v1/tasks", "/api/v1/children?q=Alex"])
def test_an_unreachable_database_answers_503_with_retry_after(
    api_as: Callable, agencies: dict, path: str
) -> None:
    police = api_as("police", Role.POLICE_OFFICER)
    police.client.raise_request_exception = False
    with mock.patch.object(connection, "cursor", _unreachable):
        response = police.get(path)
    assert response.status_code == 503, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert int(response["Retry-After"]) > 0
    assert "database" in response.json()["detail"]
