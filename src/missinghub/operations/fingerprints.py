"""Fingerprints that tell whether a restored database and its files equal what was backed up.

A table's fingerprint is its row count and a checksum of its contents: on PostgreSQL the sum,
computed in SQL, of the first 64 bits of each row's md5 (the row as text, in UTC), so the order
rows come back in does not matter and nothing is held in memory; on SQLite the same sum over
each row's values. A file's fingerprint is its size and SHA-256.
"""

import hashlib
from pathlib import Path
from typing import Any, Protocol


class Cursor(Protocol):
    def execute(self, sql: str, params: Any = ...) -> Any: ...
    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...
    def __iter__(self) -> Any: ...


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def postgres_tables(cursor: Cursor) -> list[str]:
    cursor.execute(
        "SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = current_schema() "
        "ORDER BY tablename"
    )
    return [row[0] for row in cursor.fetchall()]


def sqlite_tables(cursor: Cursor) -> list[str]:
    cursor.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    )
    return [row[0] for row in cursor.fetchall()]


def postgres_fingerprints(cursor: Cursor) -> dict[str, dict[str, Any]]:
    """Every table's rows and checksum; run it inside one snapshot for a consistent answer."""
    cursor.execute("SET TIME ZONE 'UTC'")
    fingerprints = {}
    for table in postgres_tables(cursor):
        row_sum = "coalesce(sum(('x' || left(md5(t::text), 16))::bit(64)::bigint::numeric), 0)"
        # The table name comes from the catalogue, quoted.
        cursor.execute(f"SELECT count(*), {row_sum}::text FROM {quote(table)} AS t")  # noqa: S608
        rows, checksum = cursor.fetchone()
        fingerprints[table] = {"rows": int(rows), "checksum": f"md5sum64:{checksum}"}
    return fingerprints


def sqlite_fingerprints(cursor: Cursor) -> dict[str, dict[str, Any]]:
    """Each row as SQLite's own quote() of every column, so the answer does not depend on how a
    connection converts types. `cursor` is a plain sqlite3 cursor (`?` parameters)."""
    fingerprints = {}
    for table in sqlite_tables(cursor):
        cursor.execute("SELECT name FROM pragma_table_info(?) ORDER BY cid", (table,))
        row_text = " || char(31) || ".join(f"quote({quote(c)})" for c, *_ in cursor.fetchall())
        cursor.execute(f"SELECT {row_text} FROM {quote(table)}")  # noqa: S608
        rows = total = 0
        for (text,) in cursor:
            digest = hashlib.md5(str(text).encode(), usedforsecurity=False).digest()
            rows, total = rows + 1, total + int.from_bytes(digest[:8], "big", signed=True)
        fingerprints[table] = {"rows": rows, "checksum": f"md5sum64:{total}"}
    return fingerprints


def file_fingerprint(path: Path) -> dict[str, Any]:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return {"bytes": path.stat().st_size, "sha256": digest.hexdigest()}


def folder_fingerprints(root: Path) -> dict[str, dict[str, Any]]:
    """Every file under `root` (relative POSIX path: fingerprint); empty when `root` is absent."""
    if not root.is_dir():
        return {}
    return {
        path.relative_to(root).as_posix(): file_fingerprint(path)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def differences(expected: dict[str, dict[str, Any]], found: dict[str, dict[str, Any]]) -> list[str]:
    """Human sentences for every name whose fingerprint differs, is missing or is extra."""
    problems = []
    for name in sorted(expected.keys() | found.keys()):
        if name not in found:
            problems.append(f"{name}: missing")
        elif name not in expected:
            problems.append(f"{name}: not in the backup")
        elif expected[name] != found[name]:
            problems.append(f"{name}: expected {expected[name]}, found {found[name]}")
    return problems
