"""Must show (#25, 1): on a fresh database with the production settings, in separate processes
as a council's server runs them: `missinghub setup`, then the CLI adds a second council's team
and a force serving both councils (each council with its protocol) and a user in each, and
those users sign in to gunicorn in the browser (Chromium)."""

import re
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from playwright.sync_api import Browser, expect

from missinghub.accounts.totp import current_code
from tests.operations.helpers import (
    missinghub,
    postgres_url_from_environment,
    production_environment,
    unit_commands,
    with_database,
)
from tests.operations.private_postgres import free_port

pytestmark = pytest.mark.slow
DATABASE = "missinghub_first_day"


@pytest.fixture
def fresh_database() -> Iterator[str]:
    url = postgres_url_from_environment()
    if url is None:
        pytest.skip("needs DATABASE_URL of a PostgreSQL server (production runs on PostgreSQL)")
    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DATABASE}")
    yield with_database(url, DATABASE)
    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


def _credentials(output: str) -> tuple[str, str]:
    password = re.search(r"One-time password: (\S+)", output)
    secret = re.search(r"Two-factor secret[^:]*: (\S+)", output)
    assert password and secret, output
    return password.group(1), secret.group(1)


def _first_day(env: dict[str, str]) -> dict[str, tuple[str, str]]:
    """The commands an IT team runs on day one; the users' one-time credentials."""
    missinghub("migrate", "--noinput", env=env)
    missinghub("collectstatic", "--noinput", env=env)
    setup = missinghub(
        "setup",
        "--agency",
        "Northdale Council IT",
        "--kind",
        "childrens_social_care",
        "--area",
        "Northdale",
        "--username",
        "it.admin",
        env=env,
    )
    _credentials(setup.stdout)
    missinghub(
        "agency",
        "add",
        "Northdale Missing Team",
        "--kind",
        "missing_team",
        "--area",
        "Northdale",
        env=env,
    )
    missinghub(
        "agency",
        "add",
        "Southvale Missing Team",
        "--kind",
        "missing_team",
        "--area",
        "Southvale",
        env=env,
    )
    missinghub(
        "agency",
        "add",
        "Eastshire Police",
        "--kind",
        "police_force",
        "--area",
        "Eastshire",
        env=env,
    )
    for area, protocol in (("Northdale", "hartlepool-vemt"), ("Southvale", "plymouth-2013")):
        missinghub(
            "area", "set", area, "--protocol", protocol, "--force", "Eastshire Police", env=env
        )
    listed = missinghub("area", "list", env=env).stdout
    assert "Southvale\tprotocol plymouth-2013, served by Eastshire Police" in listed
    users = {}
    for username, agency, role in (
        ("s.worker", "Southvale Missing Team", "missing_team_worker"),
        ("e.officer", "Eastshire Police", "police_officer"),
    ):
        added = missinghub("user", "add", username, "--agency", agency, "--role", role, env=env)
        users[username] = _credentials(added.stdout)
    return users


@pytest.fixture
def service(
    tmp_path: Path, fresh_database: str
) -> Iterator[tuple[str, dict[str, tuple[str, str]]]]:
    port = free_port()
    env = production_environment(tmp_path, fresh_database)
    # Plain HTTP on this machine only: no redirect to HTTPS (Chromium keeps secure cookies
    # for localhost).
    env |= {"MISSINGHUB_SSL_REDIRECT": "false", "MISSINGHUB_BIND": f"127.0.0.1:{port}"}
    env |= {"WEB_CONCURRENCY": "1"}
    users = _first_day(env)
    (command,) = unit_commands("missinghub-web.service")
    log = (tmp_path / "web.log").open("wb")
    web = subprocess.Popen(command, env=env, stdout=log, stderr=log)  # noqa: S603
    base = f"http://localhost:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2)  # noqa: S310
                break
            except OSError:
                time.sleep(0.5)
        yield base, users
    finally:
        web.terminate()
        web.wait(timeout=60)


def test_users_added_from_the_cli_on_production_settings_sign_in(
    browser: Browser, service: tuple[str, dict[str, tuple[str, str]]]
) -> None:
    base, users = service
    for username, heading in (
        ("s.worker", "Missing-team worker, Southvale Missing Team"),
        ("e.officer", "Police officer, Eastshire Police"),
    ):
        password, secret = users[username]
        context = browser.new_context()
        page = context.new_page()
        page.goto(base + "/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        expect(page).to_have_url(re.compile(r"/two-factor/code/"))
        page.get_by_label("Enter the code from your authenticator app").fill(current_code(secret))
        page.get_by_role("button", name="Continue").click()
        expect(page.get_by_text(heading)).to_be_visible()
        context.close()
