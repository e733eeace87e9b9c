"""Benchmark: every role's pages, server time, beside a plain Django detail page (issue #26).

1. A fresh database (`--database-url` PostgreSQL, created and dropped; or a temporary SQLite
   file), migrated, with the synthetic county of `--scale` loaded and one demo user per role.
2. For each role that uses them, in-process through the whole middleware stack: the home page,
   a search by the name of a child the role can find, a child's page and an episode's page of a
   child the role may see, and for the roles that conduct return interviews, saving an open
   interview (POST, its version read before each save; each `--requests` times; p50 and p95 of
   the server time).
3. The peer, in the same run and database: a plain Django 5.2 detail view of one child
   (`get_object_or_404` and a one-line template, no access rule, no audit), the floor a page of
   this stack cannot beat. Target: p95 at most 150 ms for every page and role.

    .venv/bin/python bench/web_roles.py [--quick] [--scale council|region] [--database-url URL]
    .venv/bin/python bench/web_roles.py --existing URL   # a database already loaded, kept
"""

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path
from statistics import quantiles
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from web_child_page import configure, create_postgres, drop_postgres

TARGET_P95_MS = 150.0
PAGES = ("home", "search", "child", "episode", "save interview")


def load(work: Path, scale: str, quick: bool) -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    arguments = ["--scale", scale, "--seed", "1", "--out", str(work / "synth"), "--load"]
    arguments += ["--end-date", "today"]  # notifications current, as in the demo
    if quick:
        arguments += ["--episodes", "2000"]
    started = time.perf_counter()
    call_command("synth", *arguments)
    call_command("demo_setup", "--no-data", verbosity=0, stdout=open(work / "users.txt", "w"))  # noqa: SIM115
    from django.db import connection

    with connection.cursor() as cursor:  # statistics, as autovacuum gathers after a bulk load
        cursor.execute("ANALYZE")
    print(f"loaded the {scale} county in {time.perf_counter() - started:.1f} s", flush=True)


def pages_for(user: Any) -> dict[str, str]:
    """The URLs of each page this role uses, for records the role may see."""
    from django.urls import reverse

    from missinghub.children.selectors import children_for_user
    from missinghub.episodes.models import Episode

    urls = {"home": reverse("web:home")}
    child = children_for_user(user=user).filter(episodes__isnull=False).order_by("pk").first()
    if child is None:
        return urls
    urls["search"] = reverse("web:search") + f"?q={child.given_name}+{child.family_name}"
    urls["child"] = reverse("web:child", args=[child.pk])
    episode = Episode.objects.filter(child=child).order_by("-reported_at").first()
    if episode is not None:
        urls["episode"] = reverse("web:episode", args=[episode.pk])
    return urls


def open_interview(user: Any) -> Any:
    """An interview `user` may save: not completed, of a child the role may see."""
    from missinghub.access.roles import Action, may
    from missinghub.casework.models import ReturnInterview
    from missinghub.children.selectors import children_for_user

    if not may(user, Action.CONDUCT_INTERVIEWS):
        return None
    return (
        ReturnInterview.objects.filter(
            completed_at=None, episode__child__in=children_for_user(user=user)
        )
        .order_by("pk")
        .first()
    )


def time_get(client: Any, url: str, requests: int) -> dict[str, float]:
    for _ in range(3):
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    samples = []
    for _ in range(requests):
        started = time.perf_counter()
        client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
    return cut(samples)


def cut(samples: list[float]) -> dict[str, float]:
    cuts = quantiles(samples, n=100, method="inclusive")
    return {"p50": cuts[49], "p95": cuts[94]}


def time_save(client: Any, interview: Any, requests: int) -> dict[str, float]:
    """Save the interview's place again and again as its worker would (POST, then redirect)."""
    from django.urls import reverse

    url = reverse("casework:interview", args=[interview.pk])
    samples = []
    for index in range(requests + 3):
        interview.refresh_from_db(fields=["version"])
        form = {"version": interview.version, "action": "save", "place": f"Home visit {index}"}
        started = time.perf_counter()
        response = client.post(url, form)
        took = (time.perf_counter() - started) * 1000
        if response.status_code != 302:
            raise SystemExit(f"saving {url} answered {response.status_code}")
        if index >= 3:
            samples.append(took)
    return cut(samples)


def peer_detail_page(requests: int) -> dict[str, float]:
    """A plain Django detail page of one child on the same database (URLconf in bench/)."""
    from django.test import Client, override_settings

    from missinghub.children.models import Child

    child = Child.objects.order_by("pk").first()
    with override_settings(ROOT_URLCONF="peer_urls"):
        return time_get(Client(), f"/peer/children/{child.pk if child else 0}/", requests)


def role_figures(role: Any, page: str, result: dict[str, float], engine: str, peer: Any) -> list:
    print(f"{role.label:28} {page:14} p50 {result['p50']:6.1f}  p95 {result['p95']:6.1f} ms")
    named = f"{page}, {role.label}, server"
    return [
        {"name": f"{named} p50 ({engine})", "value": round(result["p50"], 1), "unit": "ms"},
        {
            "name": f"{named} p95 ({engine})",
            "value": round(result["p95"], 1),
            "unit": "ms",
            "target": f"<= {TARGET_P95_MS:.0f} ms",
            "met": result["p95"] <= TARGET_P95_MS,
            "peer": "plain Django detail page, same database",
            "peer_value": round(peer["p95"], 1),
        },
    ]


def measure(requests: int, engine: str) -> list[dict[str, Any]]:
    from django.test import Client

    from missinghub.accounts.models import Role, User

    peer = peer_detail_page(requests)
    print(f"{'peer: plain Django detail':43} p50 {peer['p50']:6.1f}  p95 {peer['p95']:6.1f} ms")
    figures = []
    for role in Role:
        user = User.objects.filter(role=role, is_active=True).order_by("pk").first()
        if user is None:
            continue
        client = Client()
        client.force_login(user)
        for page, url in pages_for(user).items():
            result = time_get(client, url, requests)
            figures += role_figures(role, page, result, engine, peer)
        if (interview := open_interview(user)) is not None:
            result = time_save(client, interview, requests)
            figures += role_figures(role, "save interview", result, engine, peer)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small county, few requests")
    parser.add_argument("--scale", default="council", choices=["council", "region"])
    parser.add_argument("--database-url", help="PostgreSQL URL of a database to CREATE and DROP")
    parser.add_argument("--requests", type=int, default=40, help="timed requests per page")
    parser.add_argument("--existing", help="PostgreSQL URL of a database already loaded (kept)")
    parser.add_argument("--keep", action="store_true", help="keep the database it loaded")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-roles-"))
    if args.existing:
        configure(args.existing, work)
        figures = measure(args.requests, f"PostgreSQL, {args.scale}")
        print(json.dumps({"figures": figures}))
        return
    if args.database_url:
        create_postgres(args.database_url)
    try:
        configure(args.database_url or f"sqlite:///{work / 'bench.sqlite3'}", work)
        load(work, args.scale, args.quick)
        engine = "PostgreSQL" if args.database_url else "SQLite"
        figures = measure(10 if args.quick else args.requests, f"{engine}, {args.scale}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if args.database_url and not args.keep:
            from django.db import connections

            connections.close_all()
            drop_postgres(args.database_url)
    print(json.dumps({"figures": figures}))


if __name__ == "__main__":
    main()
