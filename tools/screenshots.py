"""`make screenshots`: the main pages of the demo county, saved to docs/screenshots/.

Sets up a throwaway demo (SQLite in a temporary folder, the council-scale synthetic county, the
area protocol applied, one user per role), serves it on 127.0.0.1 and drives Debian's Chromium
with Playwright through the pages a caseworker, a panel chair and an analyst use. Nothing is
downloaded; every name on the pictures is synthetic.

    .venv/bin/python tools/screenshots.py [--out docs/screenshots] [--chromium /usr/bin/chromium]
"""

import argparse
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = secrets.token_urlsafe(16)
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


def set_up_demo(home: Path) -> dict[str, Any]:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="missinghub.settings.demo",
        MISSINGHUB_HOME=str(home),
        DATABASE_URL=f"sqlite:///{home / 'screenshots.sqlite3'}",
        LOG_LEVEL="WARNING",
        # Playwright's sync API runs an event loop; the ORM reads between pages are safe here.
        DJANGO_ALLOW_ASYNC_UNSAFE="true",
    )
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command(
        "synth", "--scale", "council", "--seed", "1", "--out", str(home / "synth"),
        "--end-date", "today", "--load",
    )  # fmt: skip
    call_command("protocol", "apply", "--since-days", "14")
    call_command("demo_setup", "--no-data", stdout=open(os.devnull, "w"))  # noqa: SIM115
    return demo_users()


def demo_users() -> dict[str, Any]:
    from missinghub.accounts.demo import DEMO_USER_AGENCY, ensure_demo_agencies
    from missinghub.accounts.services import create_or_reset_user

    agencies = ensure_demo_agencies()
    users = {}
    for role, key in DEMO_USER_AGENCY.items():
        users[role.value] = create_or_reset_user(
            actor=None, username=role.value.replace("_", "."), agency=agencies[key], role=role,
            password=PASSWORD, first_name="Demo", last_name=role.label,
        )  # fmt: skip
    return users


def serve(port: int) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-m",
        "missinghub.cli",
        "runserver",
        "--noreload",
        f"127.0.0.1:{port}",
    ]
    server = subprocess.Popen(command, env=os.environ | {"PYTHONPATH": str(ROOT / "src")})  # noqa: S603
    for _ in range(120):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.5)
    server.kill()
    raise SystemExit("the demo server did not start")


def sign_in(page: Any, base: str, user: Any) -> None:
    from missinghub.accounts.totp import current_code, totp_secret

    page.context.clear_cookies()
    page.goto(base + "/sign-in/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/two-factor/code/"))
    page.get_by_label("Enter the code from your authenticator app").fill(
        current_code(totp_secret(user))
    )
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(base + "/")


def busiest_visible_child(user: Any) -> int:
    from django.db.models import Count

    from missinghub.children.selectors import children_for_user

    child = children_for_user(user=user).annotate(n=Count("episodes")).order_by("-n").first()
    if child is None:
        raise SystemExit(f"{user.username} sees no child in the demo county")
    return int(child.pk)


def shots(users: dict[str, Any]) -> list[tuple[str, Any, str, Callable[[Any], None] | None]]:
    """(file name, user, path, optional action before the picture) for each screenshot."""
    worker = users["missing_team_worker"]
    child = busiest_visible_child(worker)
    from missinghub.episodes.models import Episode

    episode = Episode.objects.filter(child_id=child).order_by("-reported_at").first()

    def misspelt_search(page: Any) -> None:
        page.get_by_label("Name, date of birth or reference").fill("Jonh Smiht")
        page.get_by_role("button", name="Search").click()

    return [
        ("01-sign-in", None, "/sign-in/", None),
        ("02-home-missing-team", worker, "/", None),
        ("03-child", worker, f"/children/{child}/", None),
        ("04-episode", worker, f"/episodes/{episode.pk if episode else 0}/", None),
        ("05-report-missing", users["police_officer"], "/report-missing/", None),
        ("06-search", worker, "/search/", misspelt_search),
        ("07-home-police", users["police_officer"], "/", None),
        ("08-panels", users["panel_chair"], "/casework/panels/", None),
        ("09-imports", users["missing_team_manager"], "/imports/", None),
        ("10-linkage-review", users["missing_team_manager"], "/linkage/review/", None),
        ("11-reports", users["analyst"], "/reports/", None),
    ]


def take(out: Path, chromium: Path, base: str, users: dict[str, Any]) -> list[Path]:
    from playwright.sync_api import sync_playwright

    from missinghub.accounts.services import set_up_totp

    for user in users.values():
        set_up_totp(actor=None, user=user)
    saved = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=LAUNCH_ARGS)
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        current = None
        for name, user, path, action in shots(users):
            if user is not current:
                if user is not None:
                    sign_in(page, base, user)
                current = user
            response = page.goto(base + path)
            if response is None or response.status != 200:
                print(f"skipped {name}: {path} answered {response.status if response else '-'}")
                continue
            if action:
                action(page)
            target = out / f"{name}.png"
            page.screenshot(path=str(target), full_page=True)
            saved.append(target)
            print(f"saved {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")
        browser.close()
    return saved


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--chromium", type=Path, default=Path("/usr/bin/chromium"))
    args = parser.parse_args()
    if not args.chromium.exists():
        raise SystemExit(f"No Chromium at {args.chromium}: apt-get install chromium")
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="missinghub-screenshots-") as folder:
        users = set_up_demo(Path(folder))
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server = serve(port)
        try:
            saved = take(args.out, args.chromium, f"http://127.0.0.1:{port}", users)
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"{len(saved)} screenshots in {args.out}")
    return 0 if saved else 1


if __name__ == "__main__":
    raise SystemExit(main())
