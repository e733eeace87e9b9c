"""Must show 2: gunicorn and the worker run as real processes (the commands of the systemd units
in deploy/systemd) against a private PostgreSQL server. The database stops: pages and /readyz
answer 503; it starts again: everything recovers with no restart of gunicorn or the worker."""

import http.client
import subprocess
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest

from tests.operations.helpers import missinghub, production_environment, unit_commands
from tests.operations.private_postgres import PrivatePostgres, free_port, why_not_possible

pytestmark = pytest.mark.slow
SESSION_COOKIE = "__Host-sessionid=not-a-real-session-but-read-from-the-database"


@pytest.fixture
def private_postgres() -> Iterator[PrivatePostgres]:
    reason = why_not_possible()
    if reason is not None:
        pytest.skip(reason)
    server = PrivatePostgres()
    try:
        server.initialise()
        server.start()
        with psycopg.connect(server.url("postgres"), autocommit=True) as conn:
            conn.execute("CREATE DATABASE missinghub")
        yield server
    finally:
        server.remove()


def get(port: int, path: str, cookie: str = "") -> tuple[int, str, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"X-Forwarded-Proto": "https", "Host": "127.0.0.1"}
    if cookie:
        headers["Cookie"] = cookie
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type", ""), response.read().decode()
    finally:
        connection.close()


def wait_for(what: str, condition: Callable[[], bool], seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except (OSError, http.client.HTTPException, psycopg.Error):
            pass
        time.sleep(0.5)
    raise AssertionError(f"gave up waiting for {what} after {seconds} s")


def latest_heartbeat(url: str) -> datetime:
    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT max(last_beat_at) FROM operations_workerheartbeat").fetchone()
    assert row is not None and row[0] is not None
    return row[0]


@pytest.fixture
def running_service(
    tmp_path: Path, private_postgres: PrivatePostgres
) -> Iterator[tuple[int, dict[str, subprocess.Popen[bytes]], Path]]:
    port = free_port()
    env = production_environment(tmp_path, private_postgres.url("missinghub"))
    env |= {"MISSINGHUB_BEHIND_TLS_PROXY": "true", "DATABASE_CONN_MAX_AGE": "60"}
    env |= {"MISSINGHUB_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2"}
    missinghub("migrate", "--noinput", env=env)
    (check,) = unit_commands("missinghub-web.service", "ExecStartPre")
    subprocess.run(check, env=env, check=True, capture_output=True, timeout=120)  # noqa: S603
    logs = tmp_path / "logs"
    logs.mkdir()
    processes = {}
    for name, unit in (("web", "missinghub-web.service"), ("worker", "missinghub-worker.service")):
        (command,) = unit_commands(unit)
        out = (logs / f"{name}.log").open("wb")
        processes[name] = subprocess.Popen(command, env=env, stdout=out, stderr=out)  # noqa: S603
    try:
        yield port, processes, logs
    finally:
        for process in processes.values():
            process.terminate()
        for process in processes.values():
            process.wait(timeout=60)


def test_pages_answer_503_while_the_database_is_down_and_recover_without_a_restart(
    private_postgres: PrivatePostgres,
    running_service: tuple[int, dict[str, subprocess.Popen[bytes]], Path],
) -> None:
    port, processes, logs = running_service
    url = private_postgres.url("missinghub")
    wait_for("/healthz to answer 200", lambda: get(port, "/healthz")[0] == 200)
    assert get(port, "/", SESSION_COOKIE)[0] == 302  # to the sign-in page

    private_postgres.stop()
    status, content_type, body = get(port, "/readyz")
    assert status == 503
    assert '"database": {"ok": false, "detail": "unreachable"}' in body
    status, content_type, body = get(port, "/", SESSION_COOKIE)
    assert (status, content_type) == (503, "text/plain; charset=utf-8")
    assert "MissingHub is unavailable" in body
    assert "Traceback" not in body and "connection" not in body.lower()
    assert get(port, "/healthz")[0] == 503
    worker_log = logs / "worker.log"
    wait_for("the worker to notice", lambda: "Database unavailable" in worker_log.read_text())

    private_postgres.start()
    back_at = datetime.now(UTC)
    wait_for("/readyz to answer 200 again", lambda: get(port, "/readyz")[0] == 200)
    wait_for("pages to work again", lambda: get(port, "/", SESSION_COOKIE)[0] == 302)
    wait_for("a new worker heartbeat", lambda: latest_heartbeat(url) > back_at, seconds=60)
    wait_for("/healthz to answer 200 again", lambda: get(port, "/healthz")[0] == 200, seconds=60)
    assert [process.poll() for process in processes.values()] == [None, None], "no restarts"
