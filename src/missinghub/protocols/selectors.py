"""Reads of protocol tasks, always scoped to the children the user's agency may see."""

from datetime import datetime

from django.db.models import QuerySet

from missinghub.access.policy import visible_child_ids
from missinghub.accounts.models import User
from missinghub.protocols.models import ProtocolTask, TaskStatus


def tasks_for_user(*, user: User) -> QuerySet[ProtocolTask]:
    return ProtocolTask.objects.filter(child_id__in=visible_child_ids(user)).select_related(
        "child", "episode", "owner_agency"
    )


def open_tasks_for_user(*, user: User) -> QuerySet[ProtocolTask]:
    """Open tasks the user may see, soonest deadline first."""
    return tasks_for_user(user=user).filter(status=TaskStatus.OPEN).order_by("due_at", "id")


def overdue_tasks_for_user(*, user: User, now: datetime) -> QuerySet[ProtocolTask]:
    return open_tasks_for_user(user=user).filter(due_at__lt=now)


def tasks_of_child_for_user(*, user: User, child_id: int) -> QuerySet[ProtocolTask]:
    return tasks_for_user(user=user).filter(child_id=child_id)
