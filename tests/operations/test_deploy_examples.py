"""The examples in deploy/ exist and run real commands: the systemd units' commands are valid
`missinghub` / gunicorn command lines, the environment example names only settings the docs
describe, and the proxy example terminates TLS and logs no query strings."""

import json
import re
import secrets
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.core.management import get_commands, load_command_class

from missinghub.operations import gunicorn_conf
from missinghub.operations.environment import environment_problems
from missinghub.settings import base as production_settings
from tests.operations.helpers import REPO, missinghub, production_environment, unit_commands

UNITS = ("missinghub-web.service", "missinghub-worker.service")
ENV_EXAMPLE = REPO / "deploy" / "missinghub.env.example"
NGINX = REPO / "deploy" / "nginx" / "missinghub.conf"


def example_environment() -> dict[str, str]:
    lines = ENV_EXAMPLE.read_text().splitlines()
    return {
        line.split("=", 1)[0]: line.split("=", 1)[1]
        for line in lines
        if "=" in line and not line.startswith("#")
    }


@pytest.mark.parametrize("unit", UNITS)
def test_each_unit_runs_programs_of_the_virtualenv_with_valid_arguments(
    unit: str, settings: Any
) -> None:
    settings.TASKS = production_settings.TASKS  # tests use the immediate backend
    commands = unit_commands(unit) + unit_commands(unit, "ExecStartPre")
    assert commands, f"{unit} has no ExecStart"
    for argv in commands:
        assert Path(argv[0]).is_file(), f"{argv[0]} is not installed"
        if Path(argv[0]).name == "missinghub":
            name, *arguments = argv[1:]
            command = load_command_class(get_commands()[name], name)
            command.create_parser("missinghub", name).parse_args(arguments)  # exits if invalid
    text = (REPO / "deploy" / "systemd" / unit).read_text()
    assert "EnvironmentFile=/etc/missinghub/missinghub.env" in text
    assert "User=missinghub" in text


def test_the_web_unit_starts_gunicorn_with_our_config_and_a_loadable_app(tmp_path: Path) -> None:
    (gunicorn,) = unit_commands("missinghub-web.service")
    assert "python:missinghub.operations.gunicorn_conf" in gunicorn
    env = production_environment(tmp_path, f"sqlite:///{tmp_path / 'db.sqlite3'}")
    result = subprocess.run(  # noqa: S603
        [*gunicorn, "--check-config"], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    (check,) = unit_commands("missinghub-web.service", "ExecStartPre")
    assert check[1:] == ["check", "--deploy"]
    assert missinghub(*check[1:], env=env).returncode == 0


def test_the_environment_example_is_caught_until_its_placeholders_are_replaced(
    tmp_path: Path,
) -> None:
    example = example_environment() | {"MISSINGHUB_HOME": str(tmp_path)}
    problems = environment_problems(example)
    assert [problem.split(" ", 1)[0] for problem in problems] == [
        "DJANGO_SECRET_KEY",
        "DATABASE_URL",
    ]
    example["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(64)
    example["DATABASE_URL"] = "postgresql://missinghub:pw@127.0.0.1:5432/missinghub"
    assert environment_problems(example) == []


def test_every_setting_in_the_example_is_described_in_the_docs() -> None:
    docs = (REPO / "docs" / "operations.md").read_text()
    for name in example_environment():
        assert f"`{name}`" in docs, f"{name} is not described in docs/operations.md"


def test_the_proxy_terminates_tls_and_forwards_to_gunicorn() -> None:
    conf = NGINX.read_text()
    assert re.search(r"listen 443 ssl;", conf)
    assert "ssl_certificate " in conf and "ssl_certificate_key " in conf
    assert "return 301 https://$host$request_uri;" in conf
    assert f"server {example_environment()['MISSINGHUB_BIND']} " in conf
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in conf
    assert example_environment()["MISSINGHUB_BEHIND_TLS_PROXY"] == "true"


def test_no_access_log_writes_a_query_string() -> None:
    conf = NGINX.read_text()
    log_format = re.search(r"log_format missinghub_no_query (.*?);", conf, re.S)
    assert log_format is not None
    for variable in ("$request ", "$request_uri", "$args", "$query_string", "$http_referer"):
        assert variable not in log_format.group(1)
    access_logs = re.findall(r"access_log (\S+) (\S+);", conf)
    assert access_logs and {fmt for _path, fmt in access_logs} == {"missinghub_no_query"}
    atoms = {"t": "[23/Nov/2026:10:00:00 +0000]", "{x-request-id}o": "abc", "m": "GET"}
    atoms |= {"U": "/children/search/", "s": "200", "B": "512", "M": "12"}
    line = json.loads(gunicorn_conf.access_log_format % atoms)
    assert line["path"] == "/children/search/"
    for atom in ("%(r)s", "%(q)s", "%(f)s", "%(a)s"):
        assert atom not in gunicorn_conf.access_log_format
