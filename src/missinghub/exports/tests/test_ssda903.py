"""`missinghub export ssda903`: the synthetic county loaded, its 2024 to 2025 return exported, and
imported into a fresh database reproduces the looked-after episodes and published cells."""

import csv
import datetime as dt
import io
import json
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from missinghub.accounts.demo import ensure_demo_agencies
from missinghub.accounts.models import Role
from missinghub.accounts.tests.factories import UserFactory
from missinghub.audit.enums import AuditVerb
from missinghub.audit.models import AuditEvent
from missinghub.episodes.models import Episode
from missinghub.kit import ssda903
from missinghub.reporting.services import build_report
from missinghub.synth.loader import load_population
from missinghub.synth.parameters import Scale, SynthParameters
from missinghub.synth.run import generate
from missinghub_analytics.frames import Period

pytestmark = pytest.mark.django_db(transaction=True)
YEAR = Period(dt.date(2024, 4, 1), dt.date(2025, 3, 31))
MAPPING = Path(__file__).resolve().parents[4] / "mappings" / "ssda903.yaml"
EPISODE_COLUMNS = ("MISSING", "MIS_START", "MIS_END", "RHI_OFFERED", "RHI_ACCEPTED")


def _looked_after_cells() -> dict[str, object]:
    table = build_report(kind="published", period=YEAR).data
    return {name: table[name] for name in ("lac_in_borough", "lac_out_of_borough")}


def _episodes() -> Counter[tuple[object, ...]]:
    """The looked-after children's missing and away episodes of the year, as the return holds
    them: category, day reported, day returned, placement type and area gone missing from."""
    found = Counter()
    for episode in Episode.objects.filter(missing_from__isnull=False).select_related(
        "missing_from"
    ):
        day = timezone.localtime(episode.reported_at).date()
        if YEAR.first <= day <= YEAR.last and episode.category in ("missing", "awol"):
            back = episode.returned_at and timezone.localtime(episode.returned_at).date()
            place = episode.missing_from
            if place.placement_type != "family_home":
                found[(episode.category, day, back, place.placement_type, place.area)] += 1
    return found


def _rows(path: Path, columns: tuple[str, ...]) -> Counter[tuple[str, ...]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return Counter(tuple(row[name] for name in columns) for row in csv.DictReader(handle))


def _in_year(rows: Counter[tuple[str, ...]]) -> Counter[tuple[str, ...]]:
    def day(text: str) -> dt.date:
        return dt.datetime.strptime(text, "%d/%m/%Y").date()

    return Counter({row: n for row, n in rows.items() if YEAR.first <= day(row[1]) <= YEAR.last})


def _in_the_returns_layout(folder: Path) -> None:
    """The DfE's columns (then the extras), and only codes of the return's lists (or blank)."""
    for table in ssda903.TABLES:
        with (folder / table.file).open(newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.DictReader(handle))
        assert rows and tuple(rows[0]) == table.all_columns
        for column in set(table.all_columns) & set(ssda903.CODES):
            used = {row[column] for row in rows} - {""}
            assert used <= set(ssda903.CODES[column]), (table.name, column, used)


def test_export_then_import_into_a_fresh_database_reproduces_the_episodes(
    tmp_path: Path,
) -> None:
    county = tmp_path / "county"
    generate(SynthParameters(Scale("council", 1_500, 4), seed=7), county)
    load_population(county)
    social_care = ensure_demo_agencies()["social_care"]
    worker = UserFactory(agency=social_care, role=Role.SOCIAL_WORKER)
    before, episodes = _looked_after_cells(), _episodes()
    assert sum(episodes.values()) > 40
    out = tmp_path / "return"
    call_command(
        "export", "ssda903", user=worker.username, reason="DfE SSDA903 return 2024 to 2025",
        out=out, year=2024, stdout=io.StringIO(),
    )  # fmt: skip
    produced = AuditEvent.objects.get(verb=AuditVerb.EXPORT_PRODUCED)
    assert produced.detail["export"] == "ssda903" and produced.actor_id == worker.pk
    _in_the_returns_layout(out)
    missing = _rows(out / "missing.csv", EPISODE_COLUMNS)
    assert sum(missing.values()) == sum(episodes.values())
    # The return-interview extras say what the truth says (its own SSDA903 files).
    assert missing == _in_year(_rows(county / "ssda903" / "missing.csv", EPISODE_COLUMNS))

    call_command("flush", interactive=False, verbosity=0)
    ensure_demo_agencies()
    printed = io.StringIO()
    call_command(
        "import", "ssda903", str(out), mapping=str(MAPPING), json=True,
        errors_file=str(tmp_path / "errors.csv"), stdout=printed,
    )  # fmt: skip
    summary = json.loads(printed.getvalue())
    assert summary["rejected"] == 0 and summary["created"] == summary["rows_read"]
    assert _episodes() == episodes
    assert _looked_after_cells() == before


def test_a_role_without_the_export_permission_is_refused(tmp_path: Path) -> None:
    analyst = UserFactory(agency=ensure_demo_agencies()["social_care"], role=Role.ANALYST)
    with pytest.raises(CommandError, match="may not make this export"):
        call_command(
            "export", "ssda903", user=analyst.username, reason="DfE SSDA903 return 2024 to 2025",
            out=tmp_path / "return", year=2024,
        )  # fmt: skip
    assert AuditEvent.objects.filter(verb=AuditVerb.ACCESS_REFUSED, actor=analyst).exists()
    assert not (tmp_path / "return").exists()
