import datetime as dt
import json
import logging
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client, override_settings
from django.utils import timezone

from missinghub.operations.logs import JsonFormatter, RequestIdFilter
from missinghub.operations.management.commands.worker import beat
from missinghub.operations.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db


def test_healthz_is_unhealthy_until_a_worker_beats(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == {"ok": False, "detail": "no worker has started"}
    beat("host:1", timezone.now())
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["database"]["ok"] is True
    assert response.json()["checks"]["migrations"] == {"ok": True, "detail": "all applied"}


def test_a_stale_heartbeat_makes_healthz_fail_but_not_readyz(client):
    WorkerHeartbeat.objects.create(
        worker="host:2",
        started_at=timezone.now() - dt.timedelta(hours=1),
        last_beat_at=timezone.now() - dt.timedelta(minutes=10),
    )
    assert client.get("/healthz").status_code == 503
    assert client.get("/readyz").status_code == 200


def test_health_needs_no_sign_in_and_shows_nothing_private(client):
    body = client.get("/readyz").content.decode()
    assert "ok" in body
    assert "sqlite" not in body.lower()
    assert "postgres" not in body.lower()


def failing_cursor(*args, **kwargs):
    raise OperationalError("connection refused (test)")


def test_readyz_answers_503_when_the_database_is_down(client):
    with mock.patch("django.db.backends.base.base.BaseDatabaseWrapper.cursor", failing_cursor):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": {"ok": False, "detail": "unreachable"}},
    }


def test_pages_answer_a_plain_503_without_details_when_the_database_is_down(make_user):
    client = Client(raise_request_exception=False)
    client.force_login(make_user("police", "police_officer"))
    with mock.patch("django.db.backends.base.base.BaseDatabaseWrapper.cursor", failing_cursor):
        response = client.get("/")
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "unavailable" in body
    assert "connection refused" not in body
    assert "Traceback" not in body


@override_settings(DEBUG=False)
def test_every_response_carries_a_request_id(client):
    response = client.get("/readyz", headers={"X-Request-ID": "proxy-abc-12345"})
    assert response["X-Request-ID"] == "proxy-abc-12345"
    response = client.get("/readyz", headers={"X-Request-ID": "bad id\nwith newline"})
    assert len(response["X-Request-ID"]) == 32


def test_json_log_lines_carry_the_request_id():
    record = logging.LogRecord("missinghub", logging.WARNING, __file__, 1, "Hello %s", ("x",), None)
    RequestIdFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "Hello x"
    assert line["level"] == "WARNING"
    assert line["request_id"] == "-"
