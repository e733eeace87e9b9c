"""When the background worker applies the protocol to pending episodes (see docs/adr/0002).

A report taken in through the API asks for a run of `apply_pending_protocols_task`, queued in
the report's own transaction (the task and the episode are stored together or not at all). To
keep the queue short under load, a process queues one run for a short while ahead (`DEBOUNCE`)
and later reports of that process join it; since the run starts only after `DEBOUNCE`, every
report that commits within `DEBOUNCE - MARGIN` of the queued run is seen by it. A report that
commits later than that (a very slow transaction), or whose run was lost, is still flagged
`protocol_pending` and is picked up by the next run, by the worker itself (its heartbeat, every
15 seconds, queues a run when an episode has waited longer than `STALE`), or by the sweep
(`missinghub protocol sweep`). Backends that run tasks at once (the tests' immediate backend)
run it for every report.
"""

import threading
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import default_task_backend

DEBOUNCE = timedelta(seconds=1)
MARGIN = timedelta(milliseconds=500)
STALE = timedelta(seconds=30)

_lock = threading.Lock()
_queued_run_at: datetime | None = None  # this process's latest queued run (committed)


def schedule_pending_protocols() -> None:
    """Make sure a run of the pending-protocol task will start after the current transaction
    commits. Call it inside the transaction that flagged the episode."""
    from missinghub.protocols.tasks import apply_pending_protocols_task

    if not default_task_backend.supports_defer:
        apply_pending_protocols_task.enqueue()
        return
    now = timezone.now()
    with _lock:
        if _queued_run_at is not None and _queued_run_at - MARGIN > now:
            return
    run_at = now + DEBOUNCE
    apply_pending_protocols_task.using(run_after=run_at).enqueue()
    transaction.on_commit(lambda: _remember(run_at))


def _remember(run_at: datetime) -> None:
    global _queued_run_at
    with _lock:
        if _queued_run_at is None or run_at > _queued_run_at:
            _queued_run_at = run_at


def forget_queued_run() -> None:
    """For tests: as if this process had queued nothing yet."""
    global _queued_run_at
    with _lock:
        _queued_run_at = None


def queue_run_for_stale_pending(now: datetime) -> bool:
    """The backstop: queue a run now when an episode has waited for its protocol longer than
    `STALE` (its run was lost, or came too early). One indexed query when nothing waits."""
    from missinghub.episodes.models import Episode
    from missinghub.protocols.tasks import apply_pending_protocols_task

    waiting = Episode.objects.filter(protocol_pending=True, created_at__lt=now - STALE)
    if not waiting.exists():
        return False
    apply_pending_protocols_task.enqueue()
    return True
