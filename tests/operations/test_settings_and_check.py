"""Settings from the environment are checked at start-up, each problem named; `missinghub check`
reports configuration and migration state."""

import secrets
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from missinghub.operations.checks import migrations_check
from missinghub.operations.environment import environment_problems
from tests.operations.helpers import missinghub, production_environment

GOOD = {
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
    "DATABASE_URL": "postgresql://missinghub:pw@db.internal:5432/missinghub",
    "DJANGO_ALLOWED_HOSTS": "missinghub.council.example",
}


def test_a_good_production_environment_has_no_problems() -> None:
    assert environment_problems(GOOD) == []


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DJANGO_SECRET_KEY", None, "DJANGO_SECRET_KEY is not set"),
        ("DJANGO_SECRET_KEY", "short", "DJANGO_SECRET_KEY is too short"),
        ("DATABASE_URL", "postgresql://u@h:notaport/db", "DATABASE_URL is malformed"),
        ("DATABASE_URL", "mongodb://h/db", "DATABASE_URL is malformed"),
        ("DATABASE_URL", "mysql://u@h/db", "MissingHub does not support"),
        ("DATABASE_URL", "postgresql://u@h:5432/", "DATABASE_URL names no database"),
        ("DJANGO_ALLOWED_HOSTS", " , ", "DJANGO_ALLOWED_HOSTS is empty"),
        ("DJANGO_DEBUG", "perhaps", "DJANGO_DEBUG must be true or false"),
        ("MISSINGHUB_SESSION_IDLE_MINUTES", "half an hour", "MISSINGHUB_SESSION_IDLE_MINUTES"),
        ("LOG_LEVEL", "LOUD", "LOG_LEVEL must be one of"),
        ("MISSINGHUB_CSRF_TRUSTED_ORIGINS", "http://x.example", "must start with https://"),
        ("MISSINGHUB_PRIVATE_MEDIA_ROOT", "var/private", "must be an absolute path"),
    ],
)
def test_each_wrong_setting_is_named(name: str, value: str | None, message: str) -> None:
    environ = {k: v for k, v in GOOD.items() if k != name}
    if value is not None:
        environ[name] = value
    problems = environment_problems(environ)
    assert len(problems) == 1
    assert message in problems[0]
    assert name in problems[0]


def test_messages_never_repeat_a_database_password() -> None:
    problems = environment_problems(GOOD | {"DATABASE_URL": "postgresql://u:s3cret@h:x/db"})
    assert problems and "s3cret" not in problems[0]


def test_debug_needs_no_secret_key_or_hosts() -> None:
    assert environment_problems({"DJANGO_DEBUG": "true", "DJANGO_ALLOWED_HOSTS": ""}) == []


def test_production_refuses_to_start_and_names_every_problem(tmp_path: Path) -> None:
    env = production_environment(tmp_path, "postgresql://u@h:notaport/db")
    env.pop("DJANGO_SECRET_KEY")
    env["DJANGO_ALLOWED_HOSTS"] = ""
    result = missinghub("check", env=env, check=False, timeout=120)
    assert result.returncode != 0
    assert "MissingHub cannot start: fix these settings in its environment:" in result.stderr
    for message in (
        "DJANGO_SECRET_KEY is not set",
        "DATABASE_URL is malformed",
        "DJANGO_ALLOWED_HOSTS is empty",
    ):
        assert f"  - {message}" in result.stderr


def test_check_reports_a_wrong_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MISSINGHUB_LOCKOUT_FAILURES", "0")
    with pytest.raises(SystemCheckError, match=r"operations.E001.*MISSINGHUB_LOCKOUT_FAILURES"):
        call_command("check", "--deploy")


@pytest.mark.django_db
def test_check_finds_every_migration_applied_on_the_test_database() -> None:
    assert migrations_check(databases=["default"]) == []
    call_command("check", databases=["default"])  # raises on any error


def test_check_reports_migrations_not_applied(tmp_path: Path) -> None:
    env = production_environment(tmp_path, f"sqlite:///{tmp_path / 'new.sqlite3'}")
    result = missinghub("check", "--database", "default", env=env, timeout=120)
    assert "(operations.W001)" in result.stderr
    assert "not applied to database 'default': contenttypes.0001_initial" in result.stderr
