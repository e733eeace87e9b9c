"""Benchmark: episode notifications a police system pushes through the API, on PostgreSQL.

1. Creates a PostgreSQL database (`--database-url`, default `test_bench_api` on 127.0.0.1; it is
   dropped at the end), migrates it, and seeds a police force, its area's missing team and
   social care, children the force already knows, and an API token (police officer,
   `episodes:write`).
2. Serves it with gunicorn on 127.0.0.1 and sends `POST /api/v1/episodes` (half for children
   the force knows, half for new children; every one with its own `Idempotency-Key`) at a paced
   rate from several client threads for `--seconds`: the rate sustained, and p50/p95/p99 of the
   whole request as the partner system sees it. Every answer must be 201.
3. Unless `--quick`, a closed loop (each client sends as soon as it has its answer) gives the
   most the server managed.
4. The area protocol is applied to API reports by the background worker (docs/adr/0002): the
   worker is not running while the reports come in; afterwards `missinghub worker --batch`
   drains the backlog (every episode of the run), timed with its CPU, and the benchmark checks
   that no episode is left with its protocol pending.

Target (issue 9): 200 notifications per second sustained with p95 under 100 ms on this machine.
Settings are the demo's with DEBUG off (production code paths, plain HTTP on loopback).

    .venv/bin/python bench/api_notifications.py [--quick] [--rate 200] [--seconds 30]
"""

import argparse
import http.client
import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from web_child_page import (
    ROOT,
    configure,
    create_postgres,
    drop_postgres,
    figure,
    free_port,
    percentiles,
    start_gunicorn,
)

TARGET_RATE = 200.0
TARGET_P95_MS = 100.0
QUICK_RATE = 20.0
# With --preload, the master imports the URLconf (and all it pulls in) once, before forking.
PRELOAD_URLS = """
def when_ready(server):
    from django.urls import get_resolver

    get_resolver().url_patterns
"""
DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/test_bench_api"


def seed(known_children: int) -> tuple[str, list[int]]:
    """Agencies, children the police know (by their person reference) and a token."""
    from django.core.management import call_command

    from missinghub.accounts.models import Agency, AgencyKind, Role
    from missinghub.api.scopes import Scope
    from missinghub.api.services import issue_token
    from missinghub.children.models import Child, ChildIdentifier, IdentifierKind

    call_command("migrate", verbosity=0)
    police = Agency.objects.create(name="Bench Police", kind=AgencyKind.POLICE_FORCE, area="Bench")
    for name, kind in (
        ("Bench Missing Team", AgencyKind.MISSING_TEAM),
        ("Bench Social Care", AgencyKind.CHILDRENS_SOCIAL_CARE),
    ):
        Agency.objects.create(name=name, kind=kind, area="Bench")
    children = Child.objects.bulk_create(
        Child(given_name="Bench", family_name=f"Child{n}", date_of_birth=date(2010, 1, 1))
        for n in range(known_children)
    )
    ChildIdentifier.objects.bulk_create(
        ChildIdentifier(
            child=child,
            agency=police,
            kind=IdentifierKind.POLICE_PERSON_REFERENCE,
            value=f"BP-{child.pk}",
        )
        for child in children
    )
    issued = issue_token(
        actor=None,
        agency=police,
        name="Bench RMS",
        role=Role.POLICE_OFFICER,
        scopes=[Scope.EPISODES_WRITE],
        rate_per_minute=10_000_000,
    )
    return issued.secret, [child.pk for child in children]


KNOWN_TURN = itertools.count()  # next() is atomic under the GIL: threads take distinct turns


def notification(number: int, known: list[int]) -> dict[str, Any]:
    from django.utils import timezone

    now = timezone.now()
    body: dict[str, Any] = {
        "category": "missing",
        "last_seen_at": (now - timedelta(hours=3)).isoformat(),
        "reported_at": (now - timedelta(hours=1)).isoformat(),
        "risk_level": "medium",
        "risk_reason": "Out of character; not answering the phone",
        "source_reference": f"BENCH-{uuid.uuid4().hex}",
    }
    if number % 2:
        # Each known child is reported once: a child already missing cannot be reported again
        # (one open episode per child), so the phases share one turn through the children.
        body["child_id"] = known[next(KNOWN_TURN) % len(known)]
    else:
        body["child"] = {
            "given_name": "New",
            "family_name": f"Bench{number}",
            "date_of_birth": "2011-06-01",
        }
    return body


class Client:
    """One keep-alive connection; reconnects when the server closes it."""

    def __init__(self, port: int, token: str) -> None:
        self.port = port
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def post(self, body: dict[str, Any]) -> int:
        payload = json.dumps(body)
        headers = self.headers | {"Idempotency-Key": uuid.uuid4().hex}
        for attempt in (1, 2):
            try:
                self.connection.request("POST", "/api/v1/episodes", payload, headers)
                response = self.connection.getresponse()
                response.read()
                return response.status
            except (http.client.HTTPException, OSError):
                self.connection.close()
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")


def drive(
    port: int, token: str, known: list[int], *, rate: float | None, seconds: float, threads: int
) -> dict[str, float]:
    """Paced at `rate` per second over all threads (open loop), or as fast as answered."""
    samples: list[float] = []
    failures: list[int] = []
    lock = threading.Lock()
    start = time.perf_counter() + 0.2
    stop = start + seconds

    def worker(index: int) -> None:
        client, mine, bad, sent = Client(port, token), [], [], 0
        while True:
            due = start + (sent * threads + index) / rate if rate else time.perf_counter()
            if due >= stop or time.perf_counter() >= stop:
                break
            time.sleep(max(0.0, due - time.perf_counter()))
            began = time.perf_counter()
            status = client.post(notification(sent * threads + index, known))
            mine.append((time.perf_counter() - began) * 1000)
            if status != 201:
                bad.append(status)
            sent += 1
        client.connection.close()
        with lock:
            samples.extend(mine)
            failures.extend(bad)

    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - start
    if failures:
        raise SystemExit(f"{len(failures)} notifications failed, e.g. {failures[:5]}")
    result = percentiles(samples) | {"per_second": len(samples) / elapsed, "sent": len(samples)}
    mode = f"paced at {rate:.0f}/s" if rate else "closed loop"
    print(
        f"{mode}: {len(samples)} in {elapsed:.1f} s, "
        + ", ".join(f"{k} {v:.1f}" for k, v in result.items()),
        flush=True,
    )
    return result


def postgres_cpu_seconds() -> dict[int, float]:
    """CPU so far of each PostgreSQL backend serving the benchmark's database (same machine)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
            " AND pid <> pg_backend_pid()"
        )
        pids = [pid for (pid,) in cursor.fetchall()]
    return {pid: _cpu_seconds(Path(f"/proc/{pid}/stat")) for pid in pids}


def _cpu_seconds(stat: Path) -> float:
    try:
        fields = stat.read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def workers_cpu_seconds(master: int) -> float:
    """User and system CPU of the gunicorn workers so far (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def measure(args: argparse.Namespace, work: Path, token: str, known: list[int]) -> dict:
    """Serve with gunicorn (URLconf preloaded); warm up, then the paced run and the closed loop."""
    hooks = work / "gunicorn_hooks.py"
    hooks.write_text(PRELOAD_URLS)
    os.environ["GUNICORN_CMD_ARGS"] = f"--preload --graceful-timeout=5 --config=file:{hooks}"
    port = free_port()
    server = start_gunicorn(port, args.workers)
    try:
        drive(port, token, known, rate=None, seconds=1, threads=args.workers)  # warm up
        cpu_before, pg_before = workers_cpu_seconds(server.pid), postgres_cpu_seconds()
        seconds = 5 if args.quick else args.seconds
        paced = drive(port, token, known, rate=args.rate, seconds=seconds, threads=args.threads)
        cpu_ms = (workers_cpu_seconds(server.pid) - cpu_before) * 1000 / paced["sent"]
        pg_after = postgres_cpu_seconds()
        pg_ms = sum(pg_after[pid] - pg_before.get(pid, 0.0) for pid in pg_after)
        pg_ms *= 1000 / paced["sent"]
        print(
            f"CPU per notification: gunicorn {cpu_ms:.1f} ms, PostgreSQL {pg_ms:.1f} ms", flush=True
        )
        most = None
        if not args.quick:
            most = drive(port, token, known, rate=None, seconds=seconds / 2, threads=args.threads)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {"paced": paced, "cpu_ms": cpu_ms, "pg_ms": pg_ms, "most": most}


def drain_protocol_backlog(work: Path) -> dict[str, float]:
    """Run the background worker until its queue is empty; every episode must then have had
    the protocol applied. Wall time and the worker's CPU, per episode drained."""
    from missinghub.episodes.models import Episode

    pending = Episode.objects.filter(protocol_pending=True).count()
    command = [str(Path(sys.executable).parent / "missinghub"), "worker", "--batch"]
    command += ["--interval=0", "--no-startup-delay"]
    began, cpu_before = time.perf_counter(), os.times()
    with (work / "worker.log").open("w") as log:  # its INFO lines, kept out of the figures
        env = os.environ | {"PYTHONPATH": str(ROOT / "src")}
        subprocess.run(command, check=True, env=env, stdout=log, stderr=log)  # noqa: S603
    wall, cpu_after = time.perf_counter() - began, os.times()
    cpu = cpu_after.children_user + cpu_after.children_system
    cpu -= cpu_before.children_user + cpu_before.children_system
    left = Episode.objects.filter(protocol_pending=True).count()
    print(f"worker drained {pending} pending episodes in {wall:.1f} s "
          f"(CPU {cpu:.1f} s, start-up included); {left} left pending", flush=True)  # fmt: skip
    if left:
        raise SystemExit(f"{left} episodes still have their protocol pending")
    return {"pending": pending, "seconds": wall, "cpu_ms": cpu * 1000 / max(pending, 1)}


def run(args: argparse.Namespace, work: Path) -> list[dict[str, Any]]:
    # Production keeps connections (deploy/missinghub.env.example): not one per request.
    os.environ.setdefault("DATABASE_CONN_MAX_AGE", "60")
    configure(args.database_url, work)
    token, known = seed(500 if args.quick else 12_000)  # more than the run reports
    from django.db import connections

    connections.close_all()
    if args.quick:
        args.rate = QUICK_RATE
    measured = measure(args, work, token, known)
    drained = drain_protocol_backlog(work)
    paced, most, rate = measured["paced"], measured["most"], args.rate
    label = f"gunicorn {args.workers} workers, {args.threads} clients, PostgreSQL"
    sustained = paced["per_second"] >= 0.98 * TARGET_RATE
    figures = [
        figure(f"episode notifications sustained ({label})", paced["per_second"], "per second",
               target=f">= {TARGET_RATE:.0f}/s", met=None if args.quick else sustained),
        figure(f"notification p95 at {rate:.0f}/s ({label})", paced["p95"], "ms",
               target=f"< {TARGET_P95_MS:.0f} ms", met=paced["p95"] < TARGET_P95_MS),
        figure(f"notification p50 at {rate:.0f}/s ({label})", paced["p50"], "ms"),
        figure(f"notification p99 at {rate:.0f}/s ({label})", paced["p99"], "ms"),
        figure("gunicorn CPU per notification (not PostgreSQL's)", measured["cpu_ms"], "ms"),
        figure("PostgreSQL CPU per notification", measured["pg_ms"], "ms"),
    ]  # fmt: skip
    figures += [
        figure("protocol backlog drained by the worker (episodes)", drained["pending"], "episodes"),
        figure("worker time to drain it", drained["seconds"], "s"),
        figure("worker CPU per episode drained (start-up included)", drained["cpu_ms"], "ms"),
    ]
    if most is not None:
        figures.append(figure(f"most notifications/s ({label})", most["per_second"], "per second"))
        figures.append(figure(f"notification p95, closed loop ({label})", most["p95"], "ms"))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="20 a second for 5 seconds")
    parser.add_argument("--database-url", default=DEFAULT_URL, help="a database to CREATE and DROP")
    parser.add_argument("--rate", type=float, default=TARGET_RATE, help="notifications a second")
    parser.add_argument("--seconds", type=float, default=30.0, help="length of the paced run")
    parser.add_argument("--threads", type=int, default=16, help="concurrent client threads")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-api-"))
    create_postgres(args.database_url)
    try:
        figures = run(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        drop_postgres(args.database_url)
    print(json.dumps({"figures": figures}))


if __name__ == "__main__":
    main()
