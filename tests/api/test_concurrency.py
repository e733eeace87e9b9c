"""Two partner retries racing with one Idempotency-Key: the second waits for the first and
replays it, so one episode is created. Needs concurrent writers: PostgreSQL only."""

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from missinghub.accounts.models import Role
from missinghub.episodes.models import Episode
from tests.api.conftest import ApiClient
from tests.api.test_episodes import report_body

pytestmark = pytest.mark.django_db(transaction=True)
RACERS = 4


def test_racing_requests_with_one_key_create_one_episode(
    issue: Callable[..., str], agencies: dict
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers: the race needs PostgreSQL")
    token = issue("police", Role.POLICE_OFFICER)
    start = threading.Barrier(RACERS)
    answers: list[tuple[int, int]] = []

    def send() -> None:
        client = ApiClient(token)
        start.wait()
        response = client.post("/api/v1/episodes", report_body(), Idempotency_Key="same-key")
        answers.append((response.status_code, response.json().get("id", 0)))
        connection.close()

    racers = [threading.Thread(target=send) for _ in range(RACERS)]
    for racer in racers:
        racer.start()
    for racer in racers:
        racer.join()
    assert Episode.objects.count() == 1
    assert answers == [(201, Episode.objects.get().pk)] * RACERS
