"""Benchmark: every role's pages together under load, beside a plain Django page (issue #26).

On a database that bench/web_roles.py loaded and kept (`--existing`; `--drop` drops it after):

1. One signed-in session per role (police officer and supervisor, missing-team worker and
   manager, social worker, panel chair, care home, school) and, for each, the pages it uses on
   records it may see: home, search, a child's page, an episode's page.
2. gunicorn on 127.0.0.1, bounded (`--workers` processes of `--threads` threads), serving
   MissingHub and, in the same processes and database, the peer: the plain Django 5.2 detail
   page of bench/peer_urls.py (settings bench/bench_settings.py).
3. `--clients` client threads (one connection each, reopened when a sync worker closes it) for
   `--seconds`: first every role's pages in turn, then the peer alone. Requests per second and p50/p95/p99 as the client sees
   them, each phase; the ratio of the two throughputs printed.
Target: at least 100 requests/s with p95 under 250 ms for the roles' pages.

    .venv/bin/python bench/web_mixed_load.py --existing postgresql://.../bench_roles [--drop]
"""

import argparse
import http.client
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from web_child_page import configure, drop_postgres, free_port, percentiles, start_gunicorn
from web_roles import pages_for

BENCH = Path(__file__).resolve().parent
TARGET_RPS, TARGET_P95_MS = 100.0, 250.0


def role_requests() -> list[tuple[str, str]]:
    """(session cookie, path) for every page of every role, roles interleaved."""
    from django.conf import settings
    from django.test import Client

    from missinghub.accounts.models import Role, User

    per_role = []
    for role in Role:
        user = User.objects.filter(role=role, is_active=True).order_by("pk").first()
        if user is None:
            continue
        client = Client()
        client.force_login(user)
        cookie = (
            f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        )
        paths = list(pages_for(user).values())
        if len(paths) > 1:  # a role that sees children; the others use no page of this issue
            per_role.append([(cookie, path) for path in paths])
    mixed = [pair for group in zip(*per_role, strict=False) for pair in group]
    mixed += [pair for group in per_role for pair in group if pair not in mixed]
    return mixed


def warm(port: int, requests: list[tuple[str, str]], clients: int) -> None:
    """Every page twice per client before timing: a worker's first request of a page imports
    and compiles what it needs (seconds each on a busy machine), which is start-up, not load."""
    drive(port, requests, 600.0, clients, rounds=2)


def drive(
    port: int, requests: list[tuple[str, str]], seconds: float, clients: int, rounds: int = 0
) -> dict:
    samples: list[float] = []
    failures: list[str] = []
    by_path: dict[str, list[float]] = {}
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds
    last = rounds * len(requests)

    def client(offset: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine, bad, index, paths = [], [], offset, []
        while time.monotonic() < stop_at and not (last and index - offset >= last):
            cookie, path = requests[index % len(requests)]
            started = time.perf_counter()
            connection.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
            response = response_of(connection)
            mine.append((time.perf_counter() - started) * 1000)
            paths.append(path)
            if response.status != 200:
                bad.append(f"{path} {response.status}")
            index += 1
        connection.close()
        with lock:
            samples.extend(mine)
            failures.extend(bad)
            for path, took in zip(paths, mine, strict=True):
                by_path.setdefault(path.split("?")[0], []).append(took)

    pool = [threading.Thread(target=client, args=(i * 7,)) for i in range(clients)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    if failures:
        raise SystemExit(f"{len(failures)} requests failed under load, e.g. {failures[:5]}")
    slowest = sorted(by_path.items(), key=lambda item: -max(item[1]))[:5]
    print("slowest: " + ", ".join(f"{p} {max(t):.0f} ms" for p, t in slowest), flush=True)
    return percentiles(samples) | {"rps": len(samples) / seconds, "requests": len(samples)}


def response_of(connection: http.client.HTTPConnection) -> http.client.HTTPResponse:
    response = connection.getresponse()
    response.read()
    return response


def peer_requests() -> list[tuple[str, str]]:
    from missinghub.children.models import Child

    ids = list(Child.objects.order_by("pk").values_list("pk", flat=True)[:50])
    return [("", f"/peer/children/{pk}/") for pk in ids]


def figures(ours: dict, peer: dict, label: str) -> list[dict[str, Any]]:
    peer_name = "plain Django detail page, same gunicorn and database"
    rps = {"name": f"every role's pages together, requests/s ({label})",
           "value": round(ours["rps"], 1), "unit": "requests/s", "peer": peer_name,
           "peer_value": round(peer["rps"], 1), "ratio": round(ours["rps"] / peer["rps"], 2),
           "target": f">= {TARGET_RPS:.0f}/s", "met": ours["rps"] >= TARGET_RPS}  # fmt: skip
    found = [rps]
    for cut in ("p50", "p95", "p99"):
        figure = {"name": f"every role's pages together, client {cut} ({label})",
                  "value": round(ours[cut], 1), "unit": "ms", "peer": peer_name,
                  "peer_value": round(peer[cut], 1)}  # fmt: skip
        if cut == "p95":
            figure |= {"target": f"< {TARGET_P95_MS:.0f} ms", "met": ours[cut] < TARGET_P95_MS}
        found.append(figure)
    return found


def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    configure(args.existing, Path(tempfile.mkdtemp(prefix="bench-mixed-")))
    from django.core.management import call_command
    from django.db import connections

    call_command("collectstatic", interactive=False, verbosity=0)
    requests, peer = role_requests(), peer_requests()
    connections.close_all()
    port = free_port()
    paths = os.pathsep.join([str(BENCH.parent / "src"), str(BENCH)])
    os.environ |= {"DJANGO_SETTINGS_MODULE": "bench_settings", "PYTHONPATH": paths}
    server = start_gunicorn(port, args.workers, args.threads)
    try:
        warm(port, requests + peer, args.clients)
        ours = drive(port, requests, args.seconds, args.clients)
        theirs = drive(port, peer, args.seconds, args.clients)
    finally:
        server.terminate()
        server.wait(timeout=30)
    label = f"gunicorn {args.workers} workers x {args.threads} threads, {args.clients} clients"
    for name, result in (("every role's pages", ours), ("peer: plain Django detail", theirs)):
        print(f"{name:28} {result['rps']:7.1f}/s  p50 {result['p50']:6.1f}  "
              f"p95 {result['p95']:6.1f}  p99 {result['p99']:6.1f} ms", flush=True)  # fmt: skip
    print(f"ratio (ours / peer throughput): {ours['rps'] / theirs['rps']:.2f}", flush=True)
    return figures(ours, theirs, label)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--existing", required=True, help="PostgreSQL URL of a loaded database")
    parser.add_argument("--drop", action="store_true", help="drop that database afterwards")
    parser.add_argument("--seconds", type=float, default=30.0, help="length of each phase")
    parser.add_argument("--clients", type=int, default=4, help="concurrent client threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    # Sync workers: with 4 threads a worker's requests share one interpreter lock, the same
    # throughput with a tail ten times longer (p99 2.7 s against 0.57 s, region scale).
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker")
    parser.add_argument("--quick", action="store_true", help="5-second phases")
    args = parser.parse_args()
    if args.quick:
        args.seconds = 5.0
    try:
        found = run(args)
    finally:
        if args.drop:
            from django.db import connections

            connections.close_all()
            drop_postgres(args.existing)
    print(json.dumps({"figures": found}))


if __name__ == "__main__":
    main()
