"""`collectstatic` works with the production storage (hashed, compressed), so a deployment can
serve the pages' styles and scripts; the compiled CSS references only files we ship."""

import os
import secrets
import subprocess
import sys
from pathlib import Path


def test_collectstatic_with_production_storage(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "MISSINGHUB_"))}
    env |= {
        "DJANGO_SETTINGS_MODULE": "missinghub.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "missinghub.example.org",
        "MISSINGHUB_HOME": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-m", "missinghub.cli", "collectstatic", "--noinput"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    static = tmp_path / "var" / "static"
    manifest = (static / "staticfiles.json").read_text()
    assert '"missinghub/app.css"' in manifest
    hashed_css = next(static.glob("missinghub/app.*.css"))
    assert (hashed_css.parent / (hashed_css.name + ".gz")).exists()
