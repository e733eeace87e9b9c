"""Writes to episodes after the report (which only `intake` writes): grade, notify, return.
Each is one transaction with its audit."""

import functools
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from missinghub.accounts.models import Agency, User
from missinghub.audit.enums import AuditVerb
from missinghub.audit.models import AuditEvent
from missinghub.audit.services import audit_event, record_event, record_events
from missinghub.children.models import Child, Placement
from missinghub.episodes import hooks
from missinghub.episodes.models import (
    CategoryChange,
    Episode,
    EpisodeCategory,
    EpisodeStatus,
    Notification,
    ReturnMethod,
    RiskGrading,
    RiskLevel,
)
from missinghub.episodes.rules import category_after_grading
from missinghub.episodes.selectors import episode_for_user
from missinghub.statements import from_row, select_from

REPORT_PURPOSE = "Child reported missing: return interview and safeguarding follow-up"


class EpisodeStateError(ValueError):
    """The episode is not in a state that allows this action (e.g. a return recorded twice)."""


class ReturnBeforeReport(ValueError):
    """A return time before the episode was reported (or before the child was last seen)."""


class GradingOutOfOrder(ValueError):
    """A regrading timed before the child was last seen, or before the latest grading."""


def placement_on(child: Child, moment: datetime) -> Placement | None:
    """The child's placement on that (local) day: begun by then and not ended by then."""
    day = connection.ops.adapt_datefield_value(timezone.localtime(moment).date())
    with connection.cursor() as cursor:
        cursor.execute(_placement_on_sql(), [child.pk, day, day])
        row = cursor.fetchone()
    return from_row(Placement, row) if row is not None else None


@functools.cache
def _placement_on_sql() -> str:
    """One statement written once (every report asks it): the latest-begun placement."""
    return (
        select_from(Placement, "p") + " WHERE p.child_id = %s"
        " AND p.start_date <= %s AND (p.end_date IS NULL OR p.end_date > %s)"
        " ORDER BY p.start_date DESC LIMIT 1"
    )


@transaction.atomic
def grade_risk(
    *,
    actor: User | None,
    episode: Episode,
    level: RiskLevel,
    reason: str,
    graded_at: datetime | None = None,
    graded_by_name: str = "",
) -> RiskGrading:
    if not reason.strip():
        raise ValueError("A risk grading needs a reason.")
    grading = RiskGrading.objects.create(
        episode=episode,
        level=level,
        reason=reason.strip(),
        graded_at=graded_at or timezone.now(),
        graded_by=actor,
        graded_by_name=graded_by_name or (actor.get_full_name() if actor else ""),
    )
    record_event(
        verb=AuditVerb.RISK_GRADED,
        actor=actor,
        target=grading,
        child_id=episode.child_id,
        detail={"episode_id": episode.pk, "level": str(level)},
    )
    return grading


@transaction.atomic
def regrade_risk(
    *,
    actor: User | None,
    episode: Episode,
    level: RiskLevel,
    reason: str,
    graded_at: datetime | None = None,
    graded_by_name: str = "",
) -> RiskGrading:
    """A new risk grading of a child still missing (the web page and the API both come here).
    Refused once the child has returned, or timed before the child was last seen or before the
    latest grading. Raising an absent episode's risk makes it a missing episode, recorded."""
    episode = Episode.objects.select_for_update().get(pk=episode.pk)
    if not episode.is_open:
        raise EpisodeStateError("Risk is graded only while the child is missing.")
    graded_at = graded_at or timezone.now()
    if graded_at < episode.last_seen_at:
        raise GradingOutOfOrder("The grading cannot be before the child was last seen.")
    latest = episode.risk_gradings.order_by("-graded_at", "-id").first()
    if latest is not None and graded_at < latest.graded_at:
        when = timezone.localtime(latest.graded_at).strftime("%-d %B %Y %H:%M")
        raise GradingOutOfOrder(f"The grading cannot be before the latest grading ({when}).")
    grading = grade_risk(
        actor=actor,
        episode=episode,
        level=level,
        reason=reason,
        graded_at=graded_at,
        graded_by_name=graded_by_name,
    )
    _keep_category_coherent(actor, episode, grading)
    hooks.risk_graded.call(episode=episode, actor=actor)
    return grading


def _keep_category_coherent(actor: User | None, episode: Episode, grading: RiskGrading) -> None:
    category = category_after_grading(episode.category, grading.level)
    if category == episode.category:
        return
    change = CategoryChange.objects.create(
        episode=episode,
        from_category=episode.category,
        to_category=category,
        grading=grading,
        changed_at=grading.graded_at,
    )
    episode.category = EpisodeCategory(category)
    episode.save(update_fields=["category", "updated_at"])
    record_event(
        verb=AuditVerb.EPISODE_RECATEGORISED,
        actor=actor,
        target=episode,
        child_id=episode.child_id,
        detail={
            "from": change.from_category,
            "to": change.to_category,
            "grading_id": grading.pk,
        },
    )


@transaction.atomic
def record_return(
    *,
    actor: User | None,
    episode: Episode,
    returned_at: datetime,
    return_method: ReturnMethod,
    where_found: str = "",
) -> Episode:
    """Close the missing period. A return before the report is refused (and the database
    refuses one before the child was last seen)."""
    episode = Episode.objects.select_for_update().get(pk=episode.pk)
    if episode.status != EpisodeStatus.OPEN:
        raise EpisodeStateError(f"Episode {episode.pk} already has a return recorded.")
    if returned_at < episode.reported_at:
        raise ReturnBeforeReport("The return cannot be before the child was reported missing.")
    episode.status = EpisodeStatus.RETURNED
    episode.returned_at = returned_at
    episode.return_method = return_method
    episode.where_found = where_found.strip()
    episode.save(
        update_fields=["status", "returned_at", "return_method", "where_found", "updated_at"]
    )
    record_event(
        verb=AuditVerb.EPISODE_RETURNED,
        actor=actor,
        target=episode,
        child_id=episode.child_id,
        detail={"return_method": str(return_method)},
    )
    hooks.episode_returned.call(episode=episode, actor=actor)
    return episode


@transaction.atomic
def notify_agency(
    *,
    actor: User | None,
    child: Child,
    from_agency: Agency,
    to_agency: Agency,
    purpose: str,
    lawful_basis: str,
    episode: Episode | None = None,
    sent_at: datetime | None = None,
    expires_at: datetime | None = None,
) -> Notification:
    """Tell another agency about a child; they can see the child until the notification expires."""
    sent_at = sent_at or timezone.now()
    notification = Notification.objects.create(
        child=child,
        episode=episode,
        from_agency=from_agency,
        to_agency=to_agency,
        purpose=purpose,
        lawful_basis=lawful_basis,
        sent_at=sent_at,
        expires_at=expires_at or sent_at + timedelta(days=settings.MISSINGHUB_NOTIFICATION_DAYS),
    )
    record_events([child_shared_event(actor=actor, notification=notification)])
    return notification


def child_shared_event(*, actor: User | None, notification: Notification) -> AuditEvent:
    """The audit event of a notification (not yet written: see audit.services.record_events)."""
    return audit_event(
        verb=AuditVerb.CHILD_SHARED,
        actor=actor,
        target=notification,
        child_id=notification.child_id,
        detail={
            "from_agency_id": notification.from_agency_id,
            "to_agency_id": notification.to_agency_id,
        },
    )


def open_episode_record(*, user: User, episode_id: int) -> Episode | None:
    """The episode for a page, with the look audited; None (and a refusal audited) when the
    user may not see it. Not one transaction: a refusal must stay in the trail."""
    episode = episode_for_user(user=user, episode_id=episode_id)
    if episode is None:
        record_event(
            verb=AuditVerb.ACCESS_REFUSED,
            actor=user,
            detail={"target": "episode", "episode_id": episode_id},
        )
        return None
    record_event(
        verb=AuditVerb.EPISODE_VIEWED, actor=user, target=episode, child_id=episode.child_id
    )
    return episode
