"""Benchmark: the child page with 200 episodes on council-scale data, then the web under load.

1. Sets up a fresh database (a temporary SQLite file, or `--database-url` for PostgreSQL, which
   this script creates and drops), migrates it and loads the council-scale synthetic county
   (`synth --scale council --load`).
2. Tops the busiest child up to 200 episodes, signs a police officer in through the real pages
   (password, then TOTP) and times the child page in-process: server time p50/p95/p99.
   Target (issue 7): p95 under 150 ms.
3. Unless `--no-load`, serves the same database with gunicorn on 127.0.0.1 and drives it from
   threads for `--seconds` (child page, home page and search in turn): throughput and p50/p95/p99
   of the whole request as a client sees it.

Settings are the demo's with DEBUG off (production code paths, but plain HTTP on loopback).

    .venv/bin/python bench/web_child_page.py [--quick] [--database-url URL] [--seconds 20]
"""

import argparse
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path
from statistics import quantiles
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
TARGET_P95_MS = 150.0
EPISODES_ON_PAGE = 200


def configure(database_url: str, work: Path) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="missinghub.settings.demo",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        DATABASE_URL=database_url,
        LOG_LEVEL="WARNING",
        MISSINGHUB_HOME=str(work),  # var/ (static files, SQLite) under the work folder
    )
    import django

    django.setup()


def create_postgres(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_postgres(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')


def load_county(work: Path, episodes: int | None) -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    arguments = ["--scale", "council", "--seed", "1", "--out", str(work / "synth"), "--load"]
    if episodes:
        arguments += ["--episodes", str(episodes)]
    started = time.perf_counter()
    call_command("synth", *arguments)
    print(f"loaded the synthetic county in {time.perf_counter() - started:.1f} s", flush=True)


def busiest_child_with_200_episodes() -> tuple[int, Any]:
    """The child with most episodes, topped up to 200 by copies of its own episodes, earlier."""
    from django.db.models import Count

    from missinghub.children.models import Child
    from missinghub.episodes.models import Episode

    child = Child.objects.annotate(n=Count("episodes")).order_by("-n").first()
    if child is None:
        raise SystemExit("the synthetic county has no children")
    existing = list(Episode.objects.filter(child=child).exclude(returned_at=None)[:1])
    if not existing:
        raise SystemExit("the busiest child has no closed episode to copy")
    model = existing[0]
    earliest = Episode.objects.filter(child=child).order_by("last_seen_at").first()
    start = earliest.last_seen_at if earliest else model.last_seen_at
    extra = []
    for index in range(EPISODES_ON_PAGE - child.n):
        shift = timedelta(days=7 * (index + 1))
        copy = Episode(
            **{
                field.attname: getattr(model, field.attname)
                for field in Episode._meta.concrete_fields
                if not field.primary_key
            }
        )
        copy.last_seen_at = start - shift
        copy.reported_at = copy.last_seen_at + (model.reported_at - model.last_seen_at)
        copy.returned_at = copy.last_seen_at + (model.returned_at - model.last_seen_at)
        copy.source_reference = f"bench-{index}"
        extra.append(copy)
    Episode.objects.bulk_create(extra)
    total = Episode.objects.filter(child=child).count()
    print(f"child {child.pk} has {total} episodes", flush=True)
    return child.pk, model.reporting_agency


def police_officer(agency: Any) -> tuple[Any, str]:
    from missinghub.accounts.models import Role
    from missinghub.accounts.services import create_or_reset_user, set_up_totp

    password = secrets.token_urlsafe(16)
    user = create_or_reset_user(
        actor=None,
        username="bench.officer",
        agency=agency,
        role=Role.POLICE_OFFICER,
        password=password,
        first_name="Bench",
        last_name="Officer",
    )
    set_up_totp(actor=None, user=user)
    return user, password


def signed_in_client(user: Any, password: str) -> Any:
    from django.test import Client
    from django.urls import reverse

    from missinghub.accounts.totp import current_code, totp_secret

    client = Client()
    client.post(reverse("accounts:sign-in"), {"login": user.username, "password": password})
    response = client.post(
        reverse("mfa_authenticate"), {"code": current_code(totp_secret(user))}, follow=True
    )
    if response.status_code != 200 or "_auth_user_id" not in client.session:
        raise SystemExit(f"sign-in failed: {response.status_code}")
    return client


def percentiles(samples_ms: list[float]) -> dict[str, float]:
    cuts = quantiles(samples_ms, n=100, method="inclusive")
    return {"p50": cuts[49], "p95": cuts[94], "p99": cuts[98]}


def time_child_page(client: Any, child_id: int, requests: int) -> dict[str, float]:
    from django.urls import reverse

    url = reverse("web:child", args=[child_id])
    for _ in range(5):  # warm caches and connections
        if client.get(url).status_code != 200:
            raise SystemExit("the child page did not answer 200")
    samples = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"the child page answered {response.status_code}")
    result = percentiles(samples)
    print("child page in-process: " + ", ".join(f"{k} {v:.1f} ms" for k, v in result.items()))
    return result


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_gunicorn(port: int, workers: int, threads: int = 2) -> subprocess.Popen[bytes]:
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "missinghub.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        f"--threads={threads}",
        "--log-level=warning",
    ]
    env = {"PYTHONPATH": str(ROOT / "src")} | os.environ  # a caller's PYTHONPATH wins
    server = subprocess.Popen(command, env=env)  # noqa: S603
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit("gunicorn did not start within 60 s")


def drive(
    base: str, cookies: dict[str, str], paths: list[str], seconds: float, threads: int
) -> dict[str, float]:
    import requests

    samples: list[float] = []
    errors: list[int] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def worker(offset: int) -> None:
        session = requests.Session()
        session.cookies.update(cookies)
        index = offset
        mine, bad = [], []
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            response = session.get(base + paths[index % len(paths)], allow_redirects=False)
            mine.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                bad.append(response.status_code)
            index += 1
        with lock:
            samples.extend(mine)
            errors.extend(bad)

    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    if errors:
        raise SystemExit(f"{len(errors)} requests failed under load, e.g. {errors[:5]}")
    result = percentiles(samples) | {"requests_per_second": len(samples) / seconds}
    print("under load: " + ", ".join(f"{k} {v:.1f}" for k, v in result.items()), flush=True)
    return result


def figure(
    name: str, value: float, unit: str, target: str | None = None, met: bool | None = None
) -> dict[str, Any]:
    return {
        "name": name,
        "value": round(value, 2),
        "unit": unit,
        "target": target,
        "peer": None,
        "peer_value": None,
        "met": met,
    }


def run(args: argparse.Namespace, work: Path) -> list[dict[str, Any]]:
    configure(args.database_url or f"sqlite:///{work / 'bench.sqlite3'}", work)
    load_county(work, 2_000 if args.quick else None)
    child_id, agency = busiest_child_with_200_episodes()
    user, password = police_officer(agency)
    client = signed_in_client(user, password)
    page = time_child_page(client, child_id, 30 if args.quick else args.requests)
    engine = "PostgreSQL" if args.database_url else "SQLite"
    figures = [
        figure(f"child page, 200 episodes, server p{p[1:]} ({engine})", page[p], "ms")
        for p in ("p50", "p95", "p99")
    ]
    figures[1].update(target=f"< {TARGET_P95_MS:.0f} ms", met=page["p95"] < TARGET_P95_MS)
    if args.no_load:
        return figures
    from django.db import connections

    connections.close_all()
    port = free_port()
    server = start_gunicorn(port, args.workers)
    try:
        paths = [f"/children/{child_id}/", "/", "/search/?q=smith"]
        load = drive(
            f"http://127.0.0.1:{port}",
            {k: morsel.value for k, morsel in client.cookies.items()},
            paths,
            5 if args.quick else args.seconds,
            args.threads,
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    label = f"gunicorn {args.workers} workers, {args.threads} clients, {engine}"
    figures += [
        figure(f"web under load p{p[1:]} ({label})", load[p], "ms") for p in ("p50", "p95", "p99")
    ]
    figures.append(figure(f"web throughput ({label})", load["requests_per_second"], "requests/s"))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small county, a short load")
    parser.add_argument("--database-url", help="PostgreSQL URL of a database to CREATE and DROP")
    parser.add_argument("--requests", type=int, default=300, help="timed child-page requests")
    parser.add_argument("--seconds", type=float, default=20.0, help="length of the load test")
    parser.add_argument("--threads", type=int, default=8, help="concurrent clients under load")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--no-load", action="store_true", help="skip the gunicorn load test")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-web-"))
    if args.database_url:
        create_postgres(args.database_url)
    try:
        figures = run(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if args.database_url:
            drop_postgres(args.database_url)
    print(json.dumps({"figures": figures}))


if __name__ == "__main__":
    main()
