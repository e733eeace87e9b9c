"""The analytics library must stay a plain library: no Django, no web app, no dev-only packages."""

import json
import subprocess
import sys

PROBE = """
import importlib, json, pkgutil, sys
import missinghub_analytics
names = [
    info.name
    for info in pkgutil.walk_packages(missinghub_analytics.__path__, "missinghub_analytics.")
    if ".tests" not in info.name
]
for name in names:
    importlib.import_module(name)
print(json.dumps({"imported": names, "modules": sorted(sys.modules)}))
"""

FORBIDDEN_PREFIXES = ("django", "missinghub.", "pandas", "lifelines")


def test_importing_every_module_loads_no_django_or_web_app() -> None:
    result = subprocess.run(  # noqa: S603 - fixed argument list, our own interpreter
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=120
    )
    report = json.loads(result.stdout)
    assert "missinghub_analytics.survival" in report["imported"]
    assert len(report["imported"]) >= 9
    leaked = [
        name
        for name in report["modules"]
        if name == "missinghub" or name.startswith(FORBIDDEN_PREFIXES)
    ]
    assert leaked == []
