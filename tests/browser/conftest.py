"""Browser tests: Playwright drives Debian's Chromium (never a downloaded browser).

Without Chromium the browser tests are skipped with the reason, except under CI (`CI` set),
where `.ci/run` installs Chromium first and a missing browser is a failure.
"""

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import Page

from missinghub.children.tests.factories import ChildFactory
from missinghub.episodes.intake import report_missing
from missinghub.episodes.models import EpisodeCategory, RiskLevel

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


@pytest.fixture
def reported_child(agencies):
    child = ChildFactory(given_name="Rowan", family_name="Testbrook")
    last_seen = timezone.now() - dt.timedelta(hours=5)
    report_missing(
        actor=None,
        child=child,
        category=EpisodeCategory.MISSING,
        last_seen_at=last_seen,
        reported_at=last_seen + dt.timedelta(hours=1),
        reporting_agency=agencies["police"],
        source_system="browser-test",
        source_reference="MP-1",
        risk_level=RiskLevel.HIGH,
        risk_reason="Not returned from school; phone off",
        notify=(agencies["missing_team"],),
    )
    return child


# --- No personal data in logs (issue 13, must show 3) -------------------------------------------
# Every journey runs under a LogWatch (tests/operations/log_watch.py): all log records written
# while it runs, by the test and by the live server's thread, are checked against the names and
# dates of birth of the children the journey created. A leak fails the journey at teardown.


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Any:
    yield
    watch = getattr(item, "_log_watch", None)
    if watch is not None:
        watch.remember_children_in_database()  # before the database is flushed


@pytest.fixture(autouse=True)
def no_personal_data_in_logs(request: pytest.FixtureRequest) -> Any:
    from tests.operations.log_watch import LogWatch

    watch = LogWatch()
    request.node._log_watch = watch
    watch.start()
    try:
        yield watch
    finally:
        watch.stop()
    leaks = watch.leaks()
    assert not leaks, "log lines name a child or give a date of birth:\n" + "\n".join(leaks[:10])
