"""Protocol tasks in the database: applied once, scoped to the user, reminded once per state."""

from datetime import UTC, date, datetime, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from missinghub.accounts.models import AgencyKind, Role
from missinghub.accounts.tests.factories import AgencyFactory, UserFactory
from missinghub.audit.enums import AuditVerb
from missinghub.audit.models import AuditEvent
from missinghub.children.models import LegalStatus, LegalStatusKind
from missinghub.children.tests.factories import ChildFactory
from missinghub.episodes.models import Episode, EpisodeStatus, Notification
from missinghub.episodes.tests.factories import EpisodeFactory
from missinghub.protocols.models import ProtocolTask, TaskStatus
from missinghub.protocols.selectors import open_tasks_for_user, overdue_tasks_for_user
from missinghub.protocols.services import apply_protocol_for_episode, close_task, sweep_reminders
from missinghub.protocols.tasks import send_protocol_reminders
from missinghub.protocols.tests.histories import shipped

pytestmark = pytest.mark.django_db
REPORTED = datetime(2024, 3, 4, 20, 0, tzinfo=UTC)


def returned_episode(child=None, day: int = 0) -> Episode:  # type: ignore[no-untyped-def]
    reported = REPORTED + timedelta(days=day)
    return EpisodeFactory(
        child=child or ChildFactory(),
        last_seen_at=reported,
        reported_at=reported,
        returned_at=reported + timedelta(hours=6),
        status=EpisodeStatus.RETURNED,
    )


def missing_team_told(episode: Episode):  # type: ignore[no-untyped-def]
    team = AgencyFactory(kind=AgencyKind.MISSING_TEAM)
    Notification.objects.create(
        child=episode.child,
        episode=episode,
        from_agency=episode.reporting_agency,
        to_agency=team,
        purpose="Return interview",
        lawful_basis="Safeguarding",
        sent_at=episode.reported_at,
        expires_at=timezone.now() + timedelta(days=30),
    )
    return team


def test_applying_twice_creates_one_task_with_its_audit() -> None:
    episode = returned_episode()
    team = missing_team_told(episode)
    [task] = apply_protocol_for_episode(episode)
    assert apply_protocol_for_episode(episode) == []
    assert ProtocolTask.objects.count() == 1
    assert (task.kind, task.rule, task.protocol_name, task.protocol_version) == (
        "return_interview",
        "return-interview",
        "england-statutory",
        "2014.1",
    )
    assert task.owner_agency == team and task.owner_team.startswith("Missing team")
    assert task.due_at == episode.returned_at + timedelta(hours=72)
    assert (
        task.decision_key
        == f"england-statutory/return-interview/child:{episode.child_id}/episode:{episode.pk}"
    )
    created = AuditEvent.objects.filter(verb=AuditVerb.PROTOCOL_TASK_CREATED)
    assert created.count() == 1 and created.get().child_id == episode.child_id


def test_looked_after_status_on_the_day_comes_from_legal_status() -> None:
    child = ChildFactory()
    LegalStatus.objects.create(
        child=child, status=LegalStatusKind.LOOKED_AFTER, start_date=date(2024, 1, 1)
    )
    tasks = apply_protocol_for_episode(returned_episode(child))
    assert sorted(t.kind for t in tasks) == ["return_interview", "social_care_alert"]
    [alert] = [t for t in tasks if t.kind == "social_care_alert"]
    assert alert.owner_agency is None  # no social care team was told about this episode


def test_hartlepool_agenda_from_recorded_episodes() -> None:
    child = ChildFactory()
    episodes = [returned_episode(child, day) for day in (0, 30, 89)]
    tasks = apply_protocol_for_episode(episodes[2], protocol=shipped("hartlepool-vemt"))
    assert sorted(t.kind for t in tasks) == ["panel_referral", "return_interview"]


def test_tasks_are_seen_only_by_agencies_that_know_the_child() -> None:
    episode = returned_episode()
    team = missing_team_told(episode)
    apply_protocol_for_episode(episode)
    worker = UserFactory(agency=team, role=Role.MISSING_TEAM_WORKER)
    stranger = UserFactory(role=Role.MISSING_TEAM_WORKER)
    assert open_tasks_for_user(user=worker).count() == 1
    assert open_tasks_for_user(user=stranger).count() == 0
    later = episode.returned_at + timedelta(hours=73)
    assert overdue_tasks_for_user(user=worker, now=later).count() == 1
    assert overdue_tasks_for_user(user=worker, now=episode.returned_at).count() == 0


def test_sweep_reminds_once_when_due_and_once_when_overdue() -> None:
    episode = returned_episode()
    team = missing_team_told(episode)
    UserFactory(agency=team, email="worker@example.org")
    [task] = apply_protocol_for_episode(episode)
    assert sweep_reminders(now=task.due_at - timedelta(hours=30)) == 0
    assert sweep_reminders(now=task.due_at - timedelta(hours=2)) == 1
    assert sweep_reminders(now=task.due_at - timedelta(hours=1)) == 0
    assert sweep_reminders(now=task.due_at + timedelta(hours=1)) == 1
    assert sweep_reminders(now=task.due_at + timedelta(hours=9)) == 0
    assert [m.subject.split(":")[0] for m in mail.outbox] == ["Due", "Overdue"]
    assert mail.outbox[0].to == ["worker@example.org"]
    assert AuditEvent.objects.filter(verb=AuditVerb.PROTOCOL_TASK_REMINDED).count() == 2


def test_closed_tasks_get_no_reminders() -> None:
    episode = returned_episode()
    [task] = apply_protocol_for_episode(episode)
    close_task(actor=UserFactory(), task=task, status=TaskStatus.DONE)
    assert sweep_reminders(now=task.due_at + timedelta(days=1)) == 0
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.closed_at is not None
    with pytest.raises(ValueError, match="already"):
        close_task(actor=UserFactory(), task=task, status=TaskStatus.CANCELLED)


def test_plymouth_ideal_time_makes_a_task_due_early() -> None:
    child = ChildFactory(date_of_birth=date(2013, 1, 1))
    [task] = apply_protocol_for_episode(returned_episode(child), protocol=shipped("plymouth-2013"))
    assert task.ideally_by == task.triggered_at + timedelta(hours=24)
    assert sweep_reminders(now=task.triggered_at + timedelta(hours=23)) == 0
    assert sweep_reminders(now=task.triggered_at + timedelta(hours=24, minutes=1)) == 1


def test_sweep_command_and_background_task_are_safe_to_re_run() -> None:
    [task] = apply_protocol_for_episode(returned_episode())
    out = StringIO()
    overdue = (task.due_at + timedelta(hours=1)).isoformat()
    call_command("protocol", "sweep", "--now", overdue, stdout=out)
    call_command("protocol", "sweep", "--now", overdue, stdout=out)
    assert out.getvalue().splitlines() == ["1 reminder(s) sent.", "0 reminder(s) sent."]
    result = send_protocol_reminders.enqueue()  # the immediate backend in tests
    assert result.return_value == 0


def test_applying_with_a_copy_from_before_the_return_still_sees_the_return() -> None:
    episode = EpisodeFactory(last_seen_at=REPORTED, reported_at=REPORTED)
    stale = Episode.objects.get(pk=episode.pk)
    Episode.objects.filter(pk=episode.pk).update(
        returned_at=REPORTED + timedelta(hours=3), status=EpisodeStatus.RETURNED
    )
    assert [t.kind for t in apply_protocol_for_episode(stale)] == ["return_interview"]
