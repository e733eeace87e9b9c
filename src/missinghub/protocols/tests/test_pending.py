"""Reports taken in through the API get the protocol from the background worker: every pending
episode in one pass, nothing lost (the sweep picks up an episode whose run was lost)."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks import default_task_backend

from missinghub.episodes.models import Episode
from missinghub.protocols.models import ProtocolTask, TaskKind
from missinghub.protocols.scheduling import DEBOUNCE, forget_queued_run, schedule_pending_protocols
from missinghub.protocols.services import apply_pending_protocols
from missinghub.protocols.tests.test_tasks import returned_episode

pytestmark = pytest.mark.django_db
DEFERRING = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def pending_returned_episodes(count: int) -> list[Episode]:
    episodes = [returned_episode(day=day * 40) for day in range(count)]
    Episode.objects.filter(pk__in=[e.pk for e in episodes]).update(protocol_pending=True)
    return episodes


def test_every_pending_episode_gets_the_protocol_once_in_batches() -> None:
    episodes = pending_returned_episodes(3)
    assert apply_pending_protocols(batch_size=2) == 3
    interviews = ProtocolTask.objects.filter(kind=TaskKind.RETURN_INTERVIEW)
    assert sorted(interviews.values_list("episode_id", flat=True)) == [e.pk for e in episodes]
    assert not Episode.objects.filter(protocol_pending=True).exists()
    assert apply_pending_protocols() == 0
    assert interviews.count() == 3


def test_clearing_the_flag_keeps_the_episode_version() -> None:
    [episode] = pending_returned_episodes(1)
    updated_at = Episode.objects.get(pk=episode.pk).updated_at
    apply_pending_protocols()
    assert Episode.objects.get(pk=episode.pk).updated_at == updated_at


def test_the_sweep_applies_an_episode_whose_run_was_lost() -> None:
    [episode] = pending_returned_episodes(1)
    out = StringIO()
    call_command("protocol", "sweep", stdout=out)
    assert out.getvalue().splitlines()[0] == "Protocol applied to 1 pending episode(s)."
    assert ProtocolTask.objects.filter(episode=episode).exists()


@override_settings(TASKS=DEFERRING)
def test_a_process_queues_one_deferred_run_per_window(
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    forget_queued_run()
    default_task_backend.clear()  # type: ignore[attr-defined]
    try:
        before = timezone.now()
        for _ in range(3):
            with django_capture_on_commit_callbacks(execute=True):
                schedule_pending_protocols()
        [queued] = default_task_backend.results  # type: ignore[attr-defined]
        assert queued.task.run_after >= before + DEBOUNCE
        forget_queued_run()  # e.g. the window has passed
        with django_capture_on_commit_callbacks(execute=True):
            schedule_pending_protocols()
        assert len(default_task_backend.results) == 2  # type: ignore[attr-defined]
    finally:
        forget_queued_run()


@override_settings(TASKS=DEFERRING)
def test_a_run_queued_in_a_rolled_back_transaction_is_not_counted_on(
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    forget_queued_run()
    default_task_backend.clear()  # type: ignore[attr-defined]
    try:
        with django_capture_on_commit_callbacks(execute=False):
            schedule_pending_protocols()  # never committed: nothing remembered
        with django_capture_on_commit_callbacks(execute=True):
            schedule_pending_protocols()
        assert len(default_task_backend.results) == 2  # type: ignore[attr-defined]
        assert timedelta(0) < DEBOUNCE
    finally:
        forget_queued_run()


def test_an_episode_that_fails_stays_pending_and_holds_up_no_other(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from missinghub.protocols import services

    bad, good = pending_returned_episodes(2)
    decide = services._decisions

    def failing(protocol, history, episode_id):  # type: ignore[no-untyped-def]
        if episode_id == bad.pk:
            raise ValueError("a broken history")
        return decide(protocol, history, episode_id)

    monkeypatch.setattr(services, "_decisions", failing)
    assert apply_pending_protocols() == 1
    assert list(Episode.objects.filter(protocol_pending=True)) == [bad]
    assert ProtocolTask.objects.filter(episode=good).exists()
    assert not ProtocolTask.objects.filter(episode=bad).exists()
    monkeypatch.setattr(services, "_decisions", decide)
    assert apply_pending_protocols() == 1
    assert ProtocolTask.objects.filter(episode=bad).exists()


def test_the_worker_heartbeat_queues_a_run_for_an_episode_left_waiting() -> None:
    from missinghub.protocols.scheduling import STALE, queue_run_for_stale_pending

    [episode] = pending_returned_episodes(1)
    created = Episode.objects.get(pk=episode.pk).created_at
    assert not queue_run_for_stale_pending(created + STALE / 2)  # not waiting long yet
    assert Episode.objects.filter(pk=episode.pk, protocol_pending=True).exists()
    assert queue_run_for_stale_pending(created + STALE * 2)  # the immediate backend runs it
    assert not Episode.objects.filter(protocol_pending=True).exists()
    assert ProtocolTask.objects.filter(episode=episode).exists()
