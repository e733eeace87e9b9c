"""`make lint` runs the import-linter contracts, and they catch a break: a temporary copy of the
code in which the analytics library imports Django fails the check the real tree passes."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"

pytestmark = pytest.mark.slow


def _copy_of_the_code(into: Path) -> Path:
    shutil.copytree(
        ROOT / "src", into / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
    )
    shutil.copy(ROOT / "pyproject.toml", into / "pyproject.toml")
    return into


def _lint(tree: Path, contract: str) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"PYTHONPATH": str(tree / "src")}
    return subprocess.run(  # noqa: S603  (our own tool, fixed arguments)
        [
            str(LINT_IMPORTS),
            "--no-cache",
            "--config",
            str(tree / "pyproject.toml"),
            "--contract",
            contract,
        ],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_make_lint_runs_the_import_contracts() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    lint_target = makefile.split("\nlint:", 1)[1].split("\n\n", 1)[0]
    assert "lint-imports" in lint_target


@pytest.mark.parametrize(
    ("contract", "module", "bad_import"),
    [
        ("analytics-without-django", "missinghub_analytics/frames.py", "import django.db"),
        ("layers", "missinghub/children/models.py", "import missinghub.casework.models"),
        ("no-synth", "missinghub/episodes/services.py", "import missinghub.synth.names"),
    ],
)
def test_breaking_a_contract_fails_the_lint(
    tmp_path: Path, contract: str, module: str, bad_import: str
) -> None:
    tree = _copy_of_the_code(tmp_path)
    kept = _lint(tree, contract)
    assert kept.returncode == 0, kept.stdout + kept.stderr

    path = tree / "src" / module
    path.write_text(f"{bad_import}  # noqa\n{path.read_text(encoding='utf-8')}", encoding="utf-8")
    broken = _lint(tree, contract)
    assert broken.returncode != 0
    assert "BROKEN" in broken.stdout, broken.stdout
