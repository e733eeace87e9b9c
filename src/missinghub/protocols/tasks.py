"""Background work for protocols, run by `missinghub db_worker`."""

from django.utils import timezone
from django_tasks import task

from missinghub.protocols.services import sweep_reminders


@task()
def send_protocol_reminders() -> int:
    """The reminder sweep as a background task; returns how many reminders were sent."""
    return sweep_reminders(now=timezone.now())
