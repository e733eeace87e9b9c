"""Missing reports pushed by partner systems (the API): the lean path, built for volume.

One transaction, few statements (`missinghub.statements`, written once, not built per call): the
child when new, the episode, its first grading, one notification per agency that needs to know
(one insert) and every audit event of the report (one insert). The area protocol is not applied
here: the episode is stored with `protocol_pending` set and the background worker applies the
protocol to every pending episode in one pass (`protocols.services.apply_pending_protocols`;
see docs/adr/0002). The web form still applies the protocol at once (`services.report_missing`).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import models, transaction

from missinghub.accounts.models import User
from missinghub.audit.enums import AuditVerb
from missinghub.audit.models import AuditEvent
from missinghub.audit.services import audit_event, record_events
from missinghub.children.models import Child
from missinghub.children.services import store_child
from missinghub.episodes.models import (
    Episode,
    EpisodeCategory,
    EpisodeStatus,
    Notification,
    RiskGrading,
    RiskLevel,
)
from missinghub.episodes.selectors import agencies_to_notify
from missinghub.episodes.services import REPORT_PURPOSE, child_shared_event, placement_on
from missinghub.protocols.scheduling import schedule_pending_protocols
from missinghub.statements import insert


@dataclass(frozen=True, kw_only=True)
class MissingReport:
    """What a partner system reports; `child` is a visible known child, else `new_child` holds
    the fields of a new record."""

    category: EpisodeCategory
    last_seen_at: datetime
    reported_at: datetime
    source_system: str
    source_reference: str
    risk_level: RiskLevel
    risk_reason: str
    police_reference: str = ""
    child: Child | None = None
    new_child: dict[str, Any] | None = None


def take_missing_report(*, actor: User, report: MissingReport) -> Episode:
    """Store the report as `actor` (of the reporting agency), audited; the answer is the episode
    with its gradings and notifications already loaded (no further query to show it)."""
    with transaction.atomic(savepoint=False):
        events: list[AuditEvent] = []
        child = report.child
        if child is None:
            child = store_child(**(report.new_child or {}))
            events.append(_event(AuditVerb.CHILD_CREATED, actor, child, child.pk))
        known = report.child is not None
        notify = agencies_to_notify(
            child_id=child.pk if known else None, reporting_agency=actor.agency
        )
        episode = _new_episode(actor, report, child, known)
        detail = {"category": str(report.category), "reporting_agency_id": actor.agency_id}
        events.append(_event(AuditVerb.EPISODE_REPORTED, actor, episode, child.pk, detail))
        [grading] = insert(
            RiskGrading(
                episode=episode,
                level=report.risk_level,
                reason=report.risk_reason.strip(),
                graded_at=report.reported_at,
                graded_by=actor,
                graded_by_name=actor.get_full_name(),
            )
        )
        detail = {"episode_id": episode.pk, "level": str(report.risk_level)}
        events.append(_event(AuditVerb.RISK_GRADED, actor, grading, child.pk, detail))
        notifications = _notify(actor, episode, notify)
        events += [child_shared_event(actor=actor, notification=n) for n in notifications]
        record_events(events)
        schedule_pending_protocols()
    _loaded(episode, "risk_gradings", [grading])
    _loaded(episode, "notifications", notifications)
    return episode


def _new_episode(actor: User, report: MissingReport, child: Child, known: bool) -> Episode:
    [episode] = insert(
        Episode(
            child=child,
            category=report.category,
            status=EpisodeStatus.OPEN,
            last_seen_at=report.last_seen_at,
            reported_at=report.reported_at,
            # A new record has no placements yet.
            missing_from=placement_on(child, report.last_seen_at) if known else None,
            police_reference=report.police_reference,
            reporting_agency=actor.agency,
            source_system=report.source_system,
            source_reference=report.source_reference,
            protocol_pending=True,
        )
    )
    return episode


def _notify(actor: User, episode: Episode, agencies: list) -> list[Notification]:
    sent_at = episode.reported_at
    expires_at = sent_at + timedelta(days=settings.MISSINGHUB_NOTIFICATION_DAYS)
    return insert(
        *(
            Notification(
                child_id=episode.child_id,
                episode=episode,
                from_agency_id=actor.agency_id,
                to_agency=agency,
                purpose=REPORT_PURPOSE,
                lawful_basis=settings.MISSINGHUB_NOTIFICATION_LAWFUL_BASIS,
                sent_at=sent_at,
                expires_at=expires_at,
            )
            for agency in agencies
        )
    )


def _event(
    verb: AuditVerb,
    actor: User,
    target: models.Model,
    child_id: int,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    return audit_event(verb=verb, actor=actor, target=target, child_id=child_id, detail=detail)


def _loaded(episode: Episode, relation: str, objects: list[Any]) -> None:
    """Record `objects` as the episode's whole `relation`, as a prefetch would have."""
    queryset = getattr(episode, relation).all()
    queryset._result_cache = list(objects)
    queryset._prefetch_done = True
    cache = episode.__dict__.setdefault("_prefetched_objects_cache", {})
    cache[relation] = queryset
