"""Background work for protocols, run by `missinghub db_worker`."""

from django.utils import timezone
from django_tasks import task

from missinghub.protocols.services import apply_pending_protocols, sweep_reminders


@task()
def send_protocol_reminders() -> int:
    """The sweep as a background task: the protocol applied to any episode still pending (a
    lost run), then the reminders; returns how many reminders were sent."""
    apply_pending_protocols()
    return sweep_reminders(now=timezone.now())


@task()
def apply_pending_protocols_task() -> int:
    """Apply the active protocol to every pending episode; returns how many."""
    return apply_pending_protocols()
