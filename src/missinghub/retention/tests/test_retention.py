"""Retention with a frozen clock: what expires, when, and what is left behind."""

import datetime as dt
import io
from contextlib import contextmanager
from unittest import mock

import pytest
from django.core.management import call_command

from missinghub.audit.enums import AuditVerb
from missinghub.audit.models import AuditEvent
from missinghub.audit.services import record_event
from missinghub.children.models import Child, ChildIdentifier, IdentifierKind, Placement
from missinghub.children.tests.factories import ChildFactory, PlacementFactory
from missinghub.episodes.models import Episode, Notification, RiskGrading
from missinghub.episodes.tests.factories import EpisodeFactory
from missinghub.protocols.models import ProtocolTask, TaskKind
from missinghub.retention.schedule import load_schedule, parse_schedule
from missinghub.retention.services import apply_retention

pytestmark = pytest.mark.django_db


@contextmanager
def frozen(day: dt.date):
    moment = dt.datetime.combine(day, dt.time(3, 0), tzinfo=dt.UTC)
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield moment


def moment(year: int, month: int = 6, day: int = 1) -> dt.datetime:
    return dt.datetime(year, month, day, 21, 0, tzinfo=dt.UTC)


def child_with_history(agencies, *, born: dt.date, last_episode: int) -> Child:
    """A child with rows in every core table; the last episode returned in `last_episode`."""
    child = ChildFactory(date_of_birth=born, home_postcode="TS24 8AB")
    Child.objects.filter(pk=child.pk).update(created_at=moment(2014))
    ChildIdentifier.objects.create(
        child=child, agency=agencies["social_care"], kind=IdentifierKind.SOCIAL_CARE_ID,
        value=f"SC{child.pk}",
    )  # fmt: skip
    placement = PlacementFactory(
        child=child, start_date=dt.date(2014, 1, 1), end_date=dt.date(last_episode, 1, 1)
    )
    episode = EpisodeFactory(
        child=child, status="returned", missing_from=placement,
        last_seen_at=moment(last_episode), reported_at=moment(last_episode),
        returned_at=moment(last_episode) + dt.timedelta(hours=5),
        reporting_agency=agencies["police"], where_found="Bus station",
    )  # fmt: skip
    RiskGrading.objects.create(
        episode=episode, level="low", graded_at=moment(last_episode), reason="Known to friends"
    )
    Notification.objects.create(
        child=child, episode=episode, from_agency=agencies["police"],
        to_agency=agencies["missing_team"], purpose="Missing episode", lawful_basis="s.11",
        sent_at=moment(last_episode), expires_at=moment(last_episode) + dt.timedelta(days=365),
    )  # fmt: skip
    ProtocolTask.objects.create(
        child=child, episode=episode, kind=TaskKind.RETURN_INTERVIEW, owner_team="Missing team",
        triggered_at=moment(last_episode), due_at=moment(last_episode) + dt.timedelta(days=3),
        status="done", closed_at=moment(last_episode) + dt.timedelta(days=2), rule="ri",
        protocol_name="test", protocol_version="1", decision_key=f"retention-{child.pk}",
    )  # fmt: skip
    record_event(verb=AuditVerb.CHILD_VIEWED, actor=None, target=child, child_id=child.pk)
    return child


@pytest.fixture
def children(agencies):
    return {
        # 25 in 2025; last contact 2016: expired from 2025 (25th birthday is the later limit).
        "old_quiet": child_with_history(agencies, born=dt.date(2000, 3, 1), last_episode=2016),
        # 25 in 2025, but seen in 2023: kept until 2029 (six years after).
        "old_recent": child_with_history(agencies, born=dt.date(2000, 3, 1), last_episode=2023),
        # 16 now: kept whatever.
        "young": child_with_history(agencies, born=dt.date(2010, 3, 1), last_episode=2016),
    }


def exists(child: Child) -> bool:
    return Child.objects.filter(pk=child.pk).exists()


def test_the_shipped_schedule_reads():
    schedule = load_schedule()
    assert (schedule.keep_until_age, schedule.keep_years_after_last_contact) == (25, 6)
    assert schedule.child_action == "delete"


def test_nothing_expires_before_the_twenty_fifth_birthday(children):
    with frozen(dt.date(2025, 2, 28)):
        result = apply_retention()
    assert result.children_expired == 0
    assert all(exists(c) for c in children.values())


def test_an_expired_childs_whole_record_goes_and_only_ids_stay_in_the_audit(children):
    old = children["old_quiet"]
    with frozen(dt.date(2025, 3, 1)):
        result = apply_retention()
    assert result.children_expired == 1
    assert not exists(old)
    assert exists(children["old_recent"]) and exists(children["young"])
    for model in (Episode, Placement, ChildIdentifier, Notification, ProtocolTask):
        assert not model.objects.filter(child_id=old.pk).exists()
    assert not RiskGrading.objects.filter(episode__child_id=old.pk).exists()
    assert result.rows["episodes.riskgrading"] == 1
    assert result.rows["children.child"] == 1
    kept = AuditEvent.objects.filter(child_id=old.pk, verb=AuditVerb.CHILD_VIEWED)
    assert kept.count() == 1  # the trail is never deleted; it names the child by number only


def test_recent_contact_keeps_the_record_until_six_years_after(children):
    with frozen(dt.date(2029, 6, 1)):
        apply_retention()
    assert exists(children["old_recent"])
    with frozen(dt.date(2029, 6, 2)):
        apply_retention()
    assert not exists(children["old_recent"])
    assert exists(children["young"])


def test_an_open_episode_keeps_the_record(children, agencies):
    EpisodeFactory(child=children["old_quiet"], reporting_agency=agencies["police"])
    with frozen(dt.date(2026, 1, 1)):
        apply_retention()
    assert exists(children["old_quiet"])


def test_a_dry_run_counts_and_removes_nothing(children):
    with frozen(dt.date(2026, 1, 1)):
        result = apply_retention(dry_run=True)
    assert result.children_expired == 1
    assert result.rows["episodes.episode"] == 1
    assert all(exists(c) for c in children.values())
    event = AuditEvent.objects.get(verb=AuditVerb.RETENTION_DRY_RUN)
    assert event.detail["children_expired"] == 1


def test_each_run_is_audited_with_counts_only(children):
    with frozen(dt.date(2026, 1, 1)) as now:
        apply_retention()
    event = AuditEvent.objects.get(verb=AuditVerb.RETENTION_RUN)
    assert event.occurred_at == now
    assert event.child_id is None
    assert set(event.detail) == {
        "dry_run", "children_expired", "children_failed", "rows", "notifications_expired",
        "audit_events_past_keep",
    }  # fmt: skip
    assert all(isinstance(v, int) for v in event.detail["rows"].values())
    assert "Testchild" not in str(event.detail)


def test_notifications_are_deleted_a_year_after_they_expire(children):
    young = children["young"]  # its notification expired in 2017
    with frozen(dt.date(2018, 6, 1)):
        result = apply_retention()
    assert result.notifications_expired == 0
    with frozen(dt.date(2018, 6, 3)):
        result = apply_retention()
    assert result.notifications_expired == 2  # young's and old_quiet's, both from 2016
    assert not Notification.objects.filter(child=young).exists()
    assert Notification.objects.filter(child=children["old_recent"]).exists()


def test_the_anonymise_action_keeps_episodes_without_identity(children):
    schedule = parse_schedule(
        {
            "children": {
                "keep_until_age": 25, "keep_years_after_last_contact": 6, "action": "anonymise"
            },
            "notifications": {"delete_days_after_expiry": 365},
            "audit": {"keep_years": 75},
        }
    )  # fmt: skip
    old = children["old_quiet"]
    with frozen(dt.date(2026, 1, 1)):
        apply_retention(schedule=schedule)
    old.refresh_from_db()
    assert (old.given_name, old.family_name) == ("Removed", "Removed")
    assert old.date_of_birth == dt.date(2000, 3, 1).replace(day=1)
    assert old.home_postcode == "TS24"
    assert not ChildIdentifier.objects.filter(child=old).exists()
    episode = Episode.objects.get(child=old)
    assert (episode.where_found, episode.police_reference) == ("", "")
    assert RiskGrading.objects.get(episode=episode).reason.startswith("[removed")


def test_the_command_and_its_dry_run(children):
    out = io.StringIO()
    with frozen(dt.date(2026, 1, 1)):
        call_command("retention", "--dry-run", stdout=out)
    assert "Would remove the records of 1 children" in out.getvalue()
    assert exists(children["old_quiet"])
    with frozen(dt.date(2026, 1, 1)):
        call_command("retention", stdout=io.StringIO())
    assert not exists(children["old_quiet"])


def test_the_background_task_runs_the_same_job(children):
    from missinghub.retention.tasks import apply_retention_schedule

    with frozen(dt.date(2026, 1, 1)):
        result = apply_retention_schedule.enqueue(dry_run=True)
    assert result.return_value["children_expired"] == 1
