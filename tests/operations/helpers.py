"""Run `missinghub` as a council's server would: a separate process, production settings."""

import os
import secrets
import shlex
import subprocess
import sys
from pathlib import Path

import dj_database_url

BIN = Path(sys.executable).parent


def production_environment(home: Path, database_url: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "MISSINGHUB_"))}
    env.pop("DATABASE_URL", None)
    env |= {
        "DJANGO_SETTINGS_MODULE": "missinghub.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "MISSINGHUB_HOME": str(home),
        "MISSINGHUB_LOG_FORMAT": "json",
    }
    if database_url is not None:
        env["DATABASE_URL"] = database_url
    return env


def missinghub(
    *args: str, env: dict[str, str], check: bool = True, timeout: int = 600
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(  # noqa: S603
        [str(BIN / "missinghub"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"missinghub {' '.join(args)} failed:\n{result.stderr[-4000:]}")
    return result


def postgres_url_from_environment() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return url
    return None


def with_database(url: str, name: str) -> str:
    """The same server and credentials as `url`, another database."""
    parsed = dj_database_url.parse(url)
    credentials = parsed["USER"] + (f":{parsed['PASSWORD']}" if parsed["PASSWORD"] else "")
    port = f":{parsed['PORT']}" if parsed["PORT"] else ""
    return f"postgresql://{credentials}@{parsed['HOST']}{port}/{name}"


REPO = Path(__file__).resolve().parents[2]
INSTALLED_BIN = "/opt/missinghub/.venv/bin/"


def unit_commands(unit: str, key: str = "ExecStart") -> list[list[str]]:
    """The commands a systemd unit in deploy/systemd runs, pointed at this virtualenv."""
    commands = []
    for line in (REPO / "deploy" / "systemd" / unit).read_text().splitlines():
        if line.startswith(f"{key}="):
            argv = shlex.split(line.removeprefix(f"{key}="))
            assert argv[0].startswith(INSTALLED_BIN), f"{unit}: {argv[0]} is not in the venv"
            commands.append([str(BIN / argv[0].removeprefix(INSTALLED_BIN)), *argv[1:]])
    return commands
