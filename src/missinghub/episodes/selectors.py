"""Reads of episodes, always scoped to the children the user's agency may see."""

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from missinghub.accounts.access import visible_child_ids
from missinghub.accounts.models import User
from missinghub.episodes.models import Episode, EpisodeStatus, Notification, RiskGrading


def episodes_for_user(*, user: User) -> QuerySet[Episode]:
    return Episode.objects.filter(child_id__in=visible_child_ids(user))


def _with_gradings(episodes: QuerySet[Episode]) -> QuerySet[Episode]:
    return episodes.select_related("child", "reporting_agency", "missing_from").prefetch_related(
        Prefetch("risk_gradings", queryset=RiskGrading.objects.select_related("graded_by"))
    )


def missing_now_for_user(*, user: User) -> QuerySet[Episode]:
    """Children missing right now (open episodes), longest missing first."""
    episodes = episodes_for_user(user=user).filter(status=EpisodeStatus.OPEN)
    return _with_gradings(episodes).order_by("last_seen_at")


def episodes_of_child_for_user(*, user: User, child_id: int) -> QuerySet[Episode]:
    return _with_gradings(episodes_for_user(user=user).filter(child_id=child_id))


def episode_for_user(*, user: User, episode_id: int) -> Episode | None:
    return _with_gradings(episodes_for_user(user=user)).filter(pk=episode_id).first()


def current_notifications_for_user(*, user: User) -> QuerySet[Notification]:
    """Notifications to the user's agency that have not expired, newest first."""
    return (
        Notification.objects.filter(
            to_agency_id=user.agency_id,
            expires_at__gt=timezone.now(),
            child_id__in=visible_child_ids(user),
        )
        .select_related("child", "from_agency", "episode")
        .order_by("-sent_at")
    )
