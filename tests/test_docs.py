"""The docs stay true: every audit verb, API route, CLI command and setting is documented, and the
architecture ADR's app table names exactly the apps that exist (after datasette's test_docs.py).

When one of these fails, the message says what to document and where."""

import importlib
import re
from pathlib import Path

import pytest
from django.core.management import get_commands

from missinghub.audit.enums import AuditVerb
from missinghub.kit.hooks import every_hook

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SRC = ROOT / "src" / "missinghub"
LAYERS_ADR = DOCS / "adr" / "0003-layers-guard-and-intake.md"


def _text(*paths: Path) -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in paths)


def _all_docs() -> str:
    return _text(ROOT / "README.md", *sorted(DOCS.rglob("*.md")))


@pytest.mark.parametrize("verb", [verb.value for verb in AuditVerb])
def test_every_audit_verb_is_documented(verb: str) -> None:
    assert f"`{verb}`" in _text(DOCS / "audit.md"), f"add `{verb}` to docs/audit.md"


def _api_routes() -> list[str]:
    """`METHOD /path` of every API operation, ids written `{id}` as docs/api.md writes them."""
    from missinghub.api.urls import api

    schema = api.get_openapi_schema(path_prefix="")
    return sorted(
        f"{method.upper()} {re.sub(r'{[a-z_]+}', '{id}', path)}"
        for path, operations in schema["paths"].items()
        for method in operations
    )


def test_every_api_route_is_documented() -> None:
    documented = _text(DOCS / "api.md")
    routes = _api_routes()
    assert "POST /episodes" in routes  # the schema is read as the docs write it
    missing = [route for route in routes if f"`{route}" not in documented]
    assert not missing, f"docs/api.md does not mention these routes: {missing}"


def _our_commands() -> list[str]:
    return sorted(
        name for name, app in get_commands().items() if str(app).startswith("missinghub.")
    )


def test_every_cli_command_is_documented() -> None:
    documented = _all_docs()
    missing = [name for name in _our_commands() if f"missinghub {name}" not in documented]
    assert not missing, f"document `missinghub NAME` in README.md or docs/ for: {missing}"


SETTING = re.compile(r"""(?:environ\.get|env_flag|environ\[)\(?\s*["']([A-Z][A-Z0-9_]+)["']""")


def _settings_read_from_the_environment() -> list[str]:
    names: set[str] = set()
    for path in (SRC / "settings").glob("*.py"):
        names |= set(SETTING.findall(path.read_text(encoding="utf-8")))
    return sorted(names)


def test_every_setting_is_documented() -> None:
    names = _settings_read_from_the_environment()
    assert "DJANGO_SECRET_KEY" in names  # the pattern finds what it should
    documented = _text(DOCS / "operations.md", ROOT / "README.md", DOCS / "security.md")
    missing = [name for name in names if f"`{name}`" not in documented]
    assert not missing, f"document these settings in docs/operations.md: {missing}"


def _apps_on_disk() -> set[str]:
    return {
        path.parent.name
        for path in SRC.glob("*/__init__.py")
        if path.parent.name not in {"settings", "testing"}
    }


def test_the_layers_adr_names_every_app_that_exists() -> None:
    table = re.findall(r"^\| `missinghub\.([a-z_]+)` \|", _text(LAYERS_ADR), flags=re.MULTILINE)
    assert set(table) == _apps_on_disk(), (
        f"docs/adr/{LAYERS_ADR.name}: the app table lists {sorted(table)}, "
        f"src/missinghub has {sorted(_apps_on_disk())}"
    )


def test_the_layers_adr_diagram_matches_the_contract() -> None:
    from tools.layers_diagram import diagram

    assert diagram() in _text(LAYERS_ADR), (
        f"regenerate the diagram in docs/adr/{LAYERS_ADR.name}: python tools/layers_diagram.py"
    )


def _every_declared_hook() -> list[str]:
    for path in SRC.glob("*/hooks.py"):
        importlib.import_module(f"missinghub.{path.parent.name}.hooks")
    return sorted(every_hook())


def test_every_hook_is_documented() -> None:
    documented = _text(LAYERS_ADR)
    missing = [name for name in _every_declared_hook() if f"`{name}`" not in documented]
    assert not missing, f"list these hooks in docs/adr/{LAYERS_ADR.name}: {missing}"
