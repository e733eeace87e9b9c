import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from missinghub.episodes.models import Notification
from missinghub.episodes.tests.factories import EpisodeFactory
from missinghub.protocols.models import ProtocolTask, TaskKind

pytestmark = pytest.mark.django_db


def returned_episode(agencies, days_ago):
    returned = timezone.now() - dt.timedelta(days=days_ago)
    episode = EpisodeFactory(
        reporting_agency=agencies["police"],
        last_seen_at=returned - dt.timedelta(hours=8),
        reported_at=returned - dt.timedelta(hours=7),
        status="returned",
        returned_at=returned,
    )
    Notification.objects.create(
        child=episode.child,
        episode=episode,
        from_agency=agencies["police"],
        to_agency=agencies["missing_team"],
        purpose="test",
        lawful_basis="test",
        sent_at=episode.reported_at,
        expires_at=episode.reported_at + dt.timedelta(days=30),
    )
    return episode


def apply(days):
    out = io.StringIO()
    call_command("protocol", "apply", "--since-days", str(days), stdout=out)
    return out.getvalue()


def test_apply_creates_tasks_for_recent_bulk_loaded_episodes_once(agencies):
    recent = returned_episode(agencies, days_ago=2)
    old = returned_episode(agencies, days_ago=40)
    assert "1 task(s) created under england-statutory" in apply(14)
    task = ProtocolTask.objects.get()
    assert (task.episode, task.kind, task.owner_agency) == (
        recent,
        TaskKind.RETURN_INTERVIEW,
        agencies["missing_team"],
    )
    assert "0 task(s) created" in apply(14)
    assert not ProtocolTask.objects.filter(episode=old).exists()


def test_a_social_care_alert_is_owned_by_the_authority_holding_the_child(agencies):
    from missinghub.children.models import LegalStatus

    episode = EpisodeFactory(
        reporting_agency=agencies["police"],
        reported_at=timezone.now() - dt.timedelta(hours=1),
        last_seen_at=timezone.now() - dt.timedelta(hours=3),
    )
    LegalStatus.objects.create(
        child=episode.child,
        status="looked_after",
        start_date=dt.date(2020, 1, 1),
        responsible_authority=agencies["social_care"],
    )
    apply(1)
    alert = ProtocolTask.objects.get(kind=TaskKind.SOCIAL_CARE_ALERT)
    assert alert.owner_agency == agencies["social_care"]
