"""Browser tests: Playwright drives Debian's Chromium (never a downloaded browser).

Without Chromium the browser tests are skipped with the reason, except under CI (`CI` set),
where `.ci/run` installs Chromium first and a missing browser is a failure.
"""

import os
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

# pytest-django's live_server with Playwright's sync API: ORM calls in the test body need this.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("MISSINGHUB_CHROMIUM", "/usr/bin/chromium"))
HERE = Path(__file__).parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)
            if not CHROMIUM.exists() and not os.environ.get("CI"):
                item.add_marker(
                    pytest.mark.skip(
                        reason=f"No Chromium at {CHROMIUM}: `apt-get install chromium` "
                        "(.ci/run installs it) to run the browser tests"
                    )
                )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
            "--disable-quic",
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
        ],
    }


_axe = Axe()


def assert_accessible(page: Page) -> None:
    """axe-core (bundled, offline) finds no WCAG violation on the page as it stands."""
    results = _axe.run(page)
    assert results.violations_count == 0, results.generate_report()
