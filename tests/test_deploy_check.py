"""`missinghub check --deploy` is clean with production settings (HSTS, secure cookies, ...)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path


def test_check_deploy_is_clean_with_production_settings(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "MISSINGHUB_"))}
    env |= {
        "DJANGO_SETTINGS_MODULE": "missinghub.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "missinghub.example.org",
        "MISSINGHUB_HOME": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-m", "missinghub.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (1 silenced)." in result.stdout
