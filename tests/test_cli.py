"""The `missinghub` console command is the CLI, installed in the virtual environment."""

import os
import shutil
import subprocess
import sys
from pathlib import Path


def test_the_missinghub_command_runs_djangos_checks(tmp_path: Path) -> None:
    command = shutil.which("missinghub", path=str(Path(sys.executable).parent))
    assert command is not None, "make install should put `missinghub` in .venv/bin"
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "missinghub.settings.demo",
        "MISSINGHUB_HOME": str(tmp_path),
        "DATABASE_URL": "",
    }
    env.pop("DATABASE_URL")
    result = subprocess.run(  # noqa: S603
        [command, "check"], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SECRET_KEY", "DJANGO_DEBUG"}}
    env |= {
        "DJANGO_SETTINGS_MODULE": "missinghub.settings.production",
        "MISSINGHUB_HOME": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-m", "missinghub.cli", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_the_demo_keeps_debug_pages_off_and_makes_its_own_secret_key(tmp_path: Path) -> None:
    """A wrong address in the demo shows the GOV.UK page, never Django's list of every URL."""
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SECRET_KEY", "DJANGO_DEBUG"}}
    env |= {"DJANGO_SETTINGS_MODULE": "missinghub.settings.demo", "MISSINGHUB_HOME": str(tmp_path)}
    script = (
        "import django; from django.conf import settings; django.setup(); "
        "from django.templatetags.static import static; static('missinghub/favicon.svg'); "
        "print(settings.DEBUG, settings.MISSINGHUB_DEMO, len(settings.SECRET_KEY))"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    debug, demo, key_length = result.stdout.split()
    assert (debug, demo) == ("False", "True") and int(key_length) >= 50
    assert (tmp_path / "var" / "demo-secret-key").exists()
