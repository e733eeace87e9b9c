"""The PostgreSQL police path that looks up and decides batch N+1 while batch N is written
(imports/overlap.py) stores exactly what the one-transaction-per-batch path stores.

Tiny batches put most repeated people and occurrences in neighbouring batches, so the next
batch is often looked up before the one that created its child or episode has committed. A first
file holds some returned episodes still open and graded otherwise; the second, the extract
itself, changes them (the same record twice in one file is one row: the last wins).
"""

import csv
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, transaction

from missinghub.children.models import Child, ChildIdentifier
from missinghub.episodes.models import Episode, Notification, RiskGrading
from missinghub.imports.fields import FileKind
from missinghub.imports.models import EpisodeChange, ImportRun
from missinghub.imports.overlap import overlaps
from missinghub.imports.tests.conftest import Importer

pytestmark = pytest.mark.django_db(transaction=True)


def _extracts_with_updates(council: Path, folder: Path, rows: int = 1200) -> list[Path]:
    """The first `rows` of the extract, with a third of the returned episodes still open and
    graded otherwise; then those rows as they are."""
    with (council / "police_extract.csv").open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        header, lines = list(reader.fieldnames or []), list(reader)[:rows]
    earlier: list[dict[str, str]] = []
    for number, line in enumerate(lines):
        if line["Date/Time Located"] and number % 3 == 0:  # first reported open, graded high
            line = dict(line, **{"Date/Time Located": "", "How Returned": ""})
            line["Risk Level"] = "HIGH" if line["Risk Level"] != "HIGH" else "LOW"
        earlier.append(line)
    paths = []
    for name, rows_written in (("earlier.csv", earlier), ("police_with_updates.csv", lines)):
        path = folder / name
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=header)
            writer.writeheader()
            writer.writerows(rows_written)
        paths.append(path)
    return paths


def _stored() -> dict[str, Any]:
    """What the import stored, by the sources' own references (ids differ between runs)."""
    person = dict(ChildIdentifier.objects.values_list("child_id", "value"))
    risks: dict[str, list[str]] = defaultdict(list)
    gradings = RiskGrading.objects.order_by("graded_at", "id")
    for occurrence, level in gradings.values_list("episode__source_reference", "level"):
        risks[occurrence].append(level)
    notified: dict[str, int] = defaultdict(int)
    for occurrence in Notification.objects.values_list("episode__source_reference", flat=True):
        notified[occurrence] += 1
    fields = ("category", "status", "last_seen_at", "reported_at", "returned_at", "return_method")
    episodes = {
        e["source_reference"]: (
            person[e["child_id"]],
            *(e[name] for name in fields),
            risks[e["source_reference"]],
            notified[e["source_reference"]],
        )
        for e in Episode.objects.values("source_reference", "child_id", *fields)
    }
    changes = EpisodeChange.objects.order_by("line", "id")
    children = Child.objects.values_list(
        "identifiers__value", "given_name", "family_name", "date_of_birth", "sex", "home_postcode"
    )
    return {
        "episodes": episodes,
        "children": sorted(children),
        "changes": list(changes.values_list("episode__source_reference", "line", "changes")),
    }


def _summary(run_import: Importer, extract: Path) -> dict[str, Any]:
    summary = run_import("police", extract, "synthetic-police.yaml", batch_size=7)
    summary.pop("errors_file")
    return summary


def _forget_the_import() -> None:
    Episode.objects.all().delete()
    Child.objects.all().delete()
    ImportRun.objects.all().delete()


def test_overlapped_batches_store_what_one_transaction_per_batch_stores(
    council: Path, run_import: Importer, tmp_path: Path
) -> None:
    extracts = _extracts_with_updates(council, tmp_path)
    assert overlaps(FileKind.POLICE) == (connection.vendor == "postgresql")
    overlapped = [_summary(run_import, extract) for extract in extracts]
    stored = _stored()
    _forget_the_import()
    with transaction.atomic():  # inside a transaction: the one-transaction-per-batch path
        assert not overlaps(FileKind.POLICE)
        plain = [_summary(run_import, extract) for extract in extracts]
    assert overlapped == plain
    assert overlapped[1]["updated"] > 100 and overlapped[0]["created"] > 900
    again = _stored()
    assert stored == again
    assert len(stored["changes"]) == overlapped[1]["updated"]
    assert sum(len(risk) for (*_, risk, _) in stored["episodes"].values()) > len(stored["episodes"])
