"""`synth --load` puts the true population into the database, wired to the demo agencies."""

import csv
import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models import Count

from missinghub.audit.enums import AuditVerb
from missinghub.audit.models import AuditEvent
from missinghub.casework.models import (
    CmeReferral,
    ContactAttempt,
    Intervention,
    ReturnInterview,
)
from missinghub.children.models import Child, ChildIdentifier, LegalStatus, Placement
from missinghub.episodes.models import Episode, Notification, RiskGrading
from missinghub.protocols.models import ProtocolTask


def _count(path: Path) -> int:
    with path.open(newline="", encoding="utf-8") as handle:
        return sum(1 for _ in csv.DictReader(handle))


def _casework_counts() -> dict[str, int]:
    models = (CmeReferral, ProtocolTask, ReturnInterview, ContactAttempt, Intervention)
    return {model.__name__: model.objects.count() for model in models}


@pytest.mark.django_db
def test_council_scale_loads_with_children_missing_now(tmp_path: Path) -> None:
    today = date.today()
    call_command("synth", scale="council", seed=4, out=tmp_path, end_date=today, load=True)
    truth = tmp_path / "truth"
    assert Child.objects.count() == _count(truth / "children.csv")
    assert Episode.objects.count() == _count(truth / "episodes.csv")
    assert Placement.objects.count() == _count(truth / "placements.csv")
    assert LegalStatus.objects.count() == _count(truth / "legal_statuses.csv")
    open_now = Episode.objects.filter(status="open")
    assert open_now.exists()
    assert open_now.filter(reported_at__date__gte=today - timedelta(days=30)).exists()


@pytest.mark.django_db
def test_loaded_records_point_at_the_demo_agencies(tmp_path: Path) -> None:
    call_command("synth", episodes=600, seed=7, out=tmp_path, load=True)
    episodes = Episode.objects.select_related("reporting_agency")
    assert {e.reporting_agency.name for e in episodes} == {"Northdale Police"}
    assert {e.source_system for e in episodes} == {"synthetic-police"}
    assert all(e.source_reference.startswith("E") for e in episodes)
    per_episode = Episode.objects.annotate(
        gradings=Count("risk_gradings", distinct=True), notes=Count("notifications", distinct=True)
    )
    assert {(e.gradings, e.notes) for e in per_episode} == {(1, 1)}
    assert not RiskGrading.objects.filter(reason="").exists()
    note = Notification.objects.select_related("to_agency").first()
    assert note is not None and note.to_agency.name == "Northdale Missing and Return Team"
    assert note.lawful_basis == settings.MISSINGHUB_NOTIFICATION_LAWFUL_BASIS
    assert note.expires_at - note.sent_at == timedelta(days=settings.MISSINGHUB_NOTIFICATION_DAYS)
    homes = Placement.objects.filter(placement_type="childrens_home").select_related("provider")
    assert {p.provider.name for p in homes if p.provider} == {"Moorside Children's Homes"}
    foster = Placement.objects.filter(placement_type="foster").select_related("provider")
    assert {p.provider.name for p in foster if p.provider} == {"Northdale Fostering Service"}
    statuses = LegalStatus.objects.select_related("responsible_authority")
    assert {s.responsible_authority.name for s in statuses if s.responsible_authority} == {
        "Northdale Council Children's Social Care"
    }
    with_episodes = Child.objects.filter(episodes__isnull=False).distinct().count()
    assert ChildIdentifier.objects.filter(kind="police_person_reference").count() == with_episodes
    event = AuditEvent.objects.get(verb=AuditVerb.SYNTHETIC_DATA_LOADED)
    assert event.detail["episodes"] == Episode.objects.count()


@pytest.mark.django_db
def test_loading_twice_loads_nothing_the_second_time(tmp_path: Path) -> None:
    call_command("synth", episodes=200, seed=1, out=tmp_path / "a", load=True)
    episodes, children = Episode.objects.count(), Child.objects.count()
    casework = _casework_counts()
    assert min(casework.values()) > 0, casework
    errors = io.StringIO()
    call_command("synth", episodes=200, seed=2, out=tmp_path / "b", load=True, stderr=errors)
    assert "already loaded" in errors.getvalue()
    assert (Episode.objects.count(), Child.objects.count()) == (episodes, children)
    assert _casework_counts() == casework
    assert AuditEvent.objects.filter(verb=AuditVerb.SYNTHETIC_DATA_LOADED).count() == 1
