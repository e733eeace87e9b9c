"""Reads for the task pages: tasks the user's agency owns, notifications to it, and panel
actions the user owns. Scoped to the children the user's agency may see."""

from django.db.models import QuerySet

from missinghub.access.policy import visible_child_ids
from missinghub.accounts.models import User
from missinghub.casework.models import AgendaItem, Panel, PanelAction, PoliceReview
from missinghub.casework.services.panels import panel_kinds_for
from missinghub.episodes.models import Notification
from missinghub.episodes.selectors import current_notifications_for_user
from missinghub.protocols.models import ProtocolTask, TaskKind
from missinghub.protocols.selectors import tasks_for_user


def owned_task_for_user(*, user: User, task_id: int, kinds: list[str]) -> ProtocolTask | None:
    """A task of one of `kinds` owned by the user's agency, for a child it may see."""
    return (
        tasks_for_user(user=user)
        .filter(pk=task_id, kind__in=kinds, owner_agency_id=user.agency_id)
        .first()
    )


def agenda_item_of_task(task: ProtocolTask) -> AgendaItem | None:
    return AgendaItem.objects.filter(task=task).select_related("meeting").first()


def panel_taking(task: ProtocolTask) -> Panel | None:
    """The panel of the owning agency that takes this referral (where it waits)."""
    if task.owner_agency_id is None:
        return None
    return (
        Panel.objects.filter(agency_id=task.owner_agency_id, kind__in=panel_kinds_for(task.kind))
        .order_by("pk")
        .first()
    )


def unread_notifications_for_user(*, user: User) -> QuerySet[Notification]:
    """Current notifications to the user's agency that nobody there has acknowledged."""
    return current_notifications_for_user(user=user).filter(read_at__isnull=True)


def notification_for_user(*, user: User, notification_id: int) -> Notification | None:
    return current_notifications_for_user(user=user).filter(pk=notification_id).first()


def open_actions_for_user(*, user: User) -> QuerySet[PanelAction]:
    """Panel actions the user owns and has not done, soonest due first."""
    return (
        PanelAction.objects.filter(
            owner=user, done_on__isnull=True, item__child_id__in=visible_child_ids(user)
        )
        .select_related("item__child", "item__meeting__panel")
        .order_by("due_date", "pk")
    )


def police_reviews_of_episode(episode_id: int) -> list[tuple[ProtocolTask, PoliceReview | None]]:
    """The episode's police reviews, oldest first, each with its record once done (the
    episode's visibility is the caller's to have checked)."""
    tasks = list(
        ProtocolTask.objects.filter(episode_id=episode_id, kind=TaskKind.POLICE_REVIEW).order_by(
            "created_at", "pk"
        )
    )
    done = {
        review.task_id: review
        for review in PoliceReview.objects.filter(task__in=tasks).select_related("reviewed_by")
    }
    return [(task, done.get(task.pk)) for task in tasks]
