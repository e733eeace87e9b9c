"""Benchmark: search by name at national scale on PostgreSQL (issue #26: p95 <= 200 ms).

The national synthetic county (5,000,000 episodes) cannot be generated and loaded through the
ORM on this machine in a bench run, and a name search reads only children, their aliases and
the tables of the need-to-know rule. So this step seeds those with bulk SQL (COPY):

1. A fresh PostgreSQL database (`--database-url`, created and dropped), migrated, so the search
   indexes are the migration's (children 0005; dropped for the load and built again after it).
2. `--children` children (default 2,000,000: the synthetic generator makes about 0.4 children
   per episode, 98,391 for the region's 250,000 episodes), names drawn with the generator's
   Zipf-like popularity from its name lists, their search keys from `children.search.name_keys`;
   each child known to one of 43 police forces by a police person reference.
3. A police officer of the first force (about 1/43 of the children visible) searches, in-process
   through the whole middleware stack, for the names of children it may see: as written, as
   heard (one letter dropped from the family name), and the family name alone. p50/p95 of the
   server time, beside the plain Django detail page of bench/peer_urls.py on the same database.

    .venv/bin/python bench/web_search_national.py --database-url postgresql://.../bench_search
"""

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from web_child_page import configure, create_postgres, drop_postgres
from web_roles import cut, peer_detail_page, time_get

TARGET_P95_MS = 200.0
FORCES = 43


def forces() -> list[Any]:
    from missinghub.accounts.models import Agency, AgencyKind

    return [
        Agency.objects.create(name=f"Force {n:02}", kind=AgencyKind.POLICE_FORCE, area=f"Area {n}")
        for n in range(1, FORCES + 1)
    ]


def drawn_names(count: int, seed: int) -> tuple[list[str], list[str]]:
    from missinghub.synth.names import load_names

    names, rng = load_names(), np.random.default_rng(seed)
    given = names.given_female + names.given_male
    family = names.family
    given_pick = rng.choice(len(given), size=count, p=names.given_weights(len(given)))
    family_pick = rng.choice(len(family), size=count, p=names.given_weights(len(family)))
    return [given[i] for i in given_pick], [family[i] for i in family_pick]


def copy_rows(table: str, columns: tuple[str, ...], rows: Any) -> None:
    from django.db import connection

    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


def seed(children: int, agencies: list[Any]) -> None:
    from django.db import connection

    from missinghub.children.search import name_keys

    started = time.perf_counter()
    given, family = drawn_names(children, seed=1)
    keys = {pair: name_keys(*pair) for pair in set(zip(given, family, strict=True))}
    born = np.datetime64("2006-01-01") + np.random.default_rng(2).integers(0, 6000, children)
    indexes = _search_indexes()
    with connection.cursor() as cursor:
        for name, *_ in indexes:
            cursor.execute(f'DROP INDEX IF EXISTS "{name}"')
        cursor.execute("SELECT nextval('children_child_id_seq')")
        first = cursor.fetchone()[0]
    columns = ("id", "given_name", "family_name", "date_of_birth",
               "date_of_birth_is_approximate", "sex", "ethnicity", "home_postcode",
               "created_at", "search_name", "name_sounds")  # fmt: skip
    copy_rows("children_child", columns, (
        (first + i, g, f, str(born[i]), False, "not_known", "not_stated", "", "2025-01-01",
         *keys[(g, f)])
        for i, (g, f) in enumerate(zip(given, family, strict=True))
    ))  # fmt: skip
    copy_rows("children_childidentifier", ("child_id", "agency_id", "kind", "value"), (
        (first + i, agencies[i % FORCES].pk, "police_person_reference", f"P{first + i}")
        for i in range(children)
    ))  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT setval('children_child_id_seq', {first + children})")
        for name, table, definition in indexes:
            cursor.execute(f'CREATE INDEX "{name}" ON "{table}" {definition}')
        cursor.execute("ANALYZE")
    print(f"seeded {children:,} children in {time.perf_counter() - started:.1f} s", flush=True)


def _search_indexes() -> list[tuple[str, str, str]]:
    from importlib import import_module

    migration = import_module("missinghub.children.migrations.0005_speed_name_search")
    return list(migration.INDEXES)


def officer(agency: Any) -> Any:
    from missinghub.accounts.models import Role
    from missinghub.accounts.services import create_or_reset_user, set_up_totp

    user = create_or_reset_user(actor=None, username="bench.national", agency=agency,
                                role=Role.POLICE_OFFICER, password="not-used-" * 3)  # fmt: skip
    set_up_totp(actor=None, user=user)  # signed in with a second factor, as every user is
    return user


def queries(user: Any, count: int) -> list[str]:
    """Names of children the officer may see: as written, as heard, and the family name."""
    from missinghub.children.selectors import children_for_user

    found = []
    for n, child in enumerate(children_for_user(user=user).order_by("?")[:count]):
        family = child.family_name
        heard = family[:2] + family[3:] if len(family) > 4 else family
        found.append([f"{child.given_name} {family}", f"{child.given_name} {heard}", family][n % 3])
    return found


def measure(requests: int, children: int) -> list[dict[str, Any]]:
    from django.test import Client
    from django.urls import reverse

    user = officer(forces_by_name()[0])
    client = Client()
    client.force_login(user)
    time_get(client, reverse("web:home"), 3)  # warm the connection and the templates
    samples: list[float] = []
    for query in queries(user, requests):
        started = time.perf_counter()
        response = client.get(reverse("web:search"), {"q": query})
        samples.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200 or b'href="/children/' not in response.content:
            raise SystemExit(f"searching {query!r} answered {response.status_code}, no child")
    result, peer = cut(samples), peer_detail_page(requests)
    print(f"search p50 {result['p50']:.1f} ms, p95 {result['p95']:.1f} ms; peer p95 "
          f"{peer['p95']:.1f} ms", flush=True)  # fmt: skip
    named = f"search, police officer, {children:,} children in 43 forces, server"
    peer_name = "plain Django detail page, same database"
    return [
        {"name": f"{named} p50 (PostgreSQL)", "value": round(result["p50"], 1), "unit": "ms",
         "peer": peer_name, "peer_value": round(peer["p50"], 1)},
        {"name": f"{named} p95 (PostgreSQL)", "value": round(result["p95"], 1), "unit": "ms",
         "target": f"<= {TARGET_P95_MS:.0f} ms", "met": result["p95"] <= TARGET_P95_MS,
         "peer": peer_name, "peer_value": round(peer["p95"], 1)},
    ]  # fmt: skip


def forces_by_name() -> list[Any]:
    from missinghub.accounts.models import Agency

    return list(Agency.objects.filter(name__startswith="Force ").order_by("name"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True, help="PostgreSQL database to CREATE/DROP")
    parser.add_argument("--children", type=int, default=2_000_000)
    parser.add_argument("--requests", type=int, default=60, help="timed searches")
    parser.add_argument("--quick", action="store_true", help="20,000 children, 15 searches")
    parser.add_argument("--keep", action="store_true", help="keep the database it seeded")
    parser.add_argument("--existing", action="store_true", help="the database is seeded: search")
    args = parser.parse_args()
    children, requests = (20_000, 15) if args.quick else (args.children, args.requests)
    work = Path(tempfile.mkdtemp(prefix="bench-search-"))
    if not args.existing:
        create_postgres(args.database_url)
    try:
        configure(args.database_url, work)
        from django.core.management import call_command

        if not args.existing:
            call_command("migrate", verbosity=0)
            seed(children, forces())
        figures = measure(requests, children)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        from django.db import connections

        connections.close_all()
        if not (args.keep or args.existing):
            drop_postgres(args.database_url)
    print(json.dumps({"figures": figures}))


if __name__ == "__main__":
    main()
