"""Exports of episodes: identifiable (own permission, stated reason) and pseudonymised research.

Each export writes, in its transaction, one event with the reason and the row count and one
"included in an export" event per child, so the access log of a child shows every export of it.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from missinghub.access.roles import Action, may
from missinghub.accounts.models import User
from missinghub.audit.enums import AuditVerb
from missinghub.audit.services import record_event, record_for_each_child
from missinghub.episodes.models import Episode
from missinghub.exports import selectors
from missinghub.exports.pseudonyms import district_of, month_of, pseudonym, pseudonym_key
from missinghub.pursue.selectors import links_for_research
from missinghub.security.spreadsheets import csv_text

EPISODE_COLUMNS = (
    "episode_number", "child_number", "given_name", "family_name", "date_of_birth", "sex",
    "category", "status", "last_seen_at", "reported_at", "returned_at", "return_method",
    "where_found", "police_reference", "latest_risk_level", "reporting_agency",
)  # fmt: skip
RESEARCH_COLUMNS = (
    "child_pseudonym", "episode_pseudonym", "birth_month", "sex", "ethnicity", "home_district",
    "category", "status", "last_seen_at", "reported_at", "returned_at", "return_method",
    "placement_type", "placement_area", "placement_district", "latest_risk_level",
    "reporting_agency_kind",
)  # fmt: skip


NETWORK_COLUMNS = (
    "child_pseudonym", "contact_pseudonym", "contact_kind", "source", "seen_month",
    "source_evaluation", "intelligence_assessment",
)  # fmt: skip


class ExportRefused(PermissionError):
    """The user's role may not make this export."""


@dataclass(frozen=True)
class ExportFile:
    filename: str
    content: str
    rows: int


def _latest_risk(episode: Episode) -> str:
    risk = episode.current_risk
    return risk.level if risk else ""


def _episode_row(episode: Episode) -> tuple:
    child = episode.child
    return (
        episode.pk, child.pk, child.given_name, child.family_name, child.date_of_birth,
        child.sex, episode.category, episode.status, episode.last_seen_at, episode.reported_at,
        episode.returned_at, episode.return_method, episode.where_found,
        episode.police_reference, _latest_risk(episode), episode.reporting_agency.name,
    )  # fmt: skip


def _research_row(episode: Episode, key: bytes) -> tuple:
    child, placement = episode.child, episode.missing_from
    return (
        pseudonym("child", child.pk, key=key), pseudonym("episode", episode.pk, key=key),
        month_of(child.date_of_birth), child.sex, child.ethnicity,
        district_of(child.home_postcode), episode.category, episode.status,
        episode.last_seen_at, episode.reported_at, episode.returned_at, episode.return_method,
        placement.placement_type if placement else "", placement.area if placement else "",
        district_of(placement.postcode) if placement else "", _latest_risk(episode),
        episode.reporting_agency.kind,
    )  # fmt: skip


def _record_children_exported(*, actor: User, export: str, child_ids: set[int]) -> None:
    record_for_each_child(
        verb=AuditVerb.CHILDREN_EXPORTED, user=actor, child_ids=child_ids, detail={"export": export}
    )


@transaction.atomic
def export_episodes(*, actor: User, reason: str, months: int | None = None) -> ExportFile:
    """The episodes of every child `actor` may see, as CSV. Needs the export permission."""
    if not may(actor, Action.EXPORT):
        record_event(verb=AuditVerb.ACCESS_REFUSED, actor=actor, detail={"action": "export"})
        raise ExportRefused("export")
    episodes = list(selectors.episodes_for_export(user=actor, months=months))
    record_event(
        verb=AuditVerb.EXPORT_PRODUCED,
        actor=actor,
        detail={"export": "episodes", "reason": reason, "rows": len(episodes), "months": months},
    )
    _record_children_exported(
        actor=actor, export="episodes", child_ids={e.child_id for e in episodes}
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    content = csv_text(EPISODE_COLUMNS, (_episode_row(e) for e in episodes))
    return ExportFile(f"missinghub-episodes-{stamp}.csv", content, len(episodes))


@transaction.atomic
def export_research(*, actor: User, reason: str, months: int | None = None) -> ExportFile:
    """Pseudonymised episodes of the analyst's area: no names, ids or full postcodes."""
    if not may(actor, Action.EXPORT_RESEARCH):
        record_event(
            verb=AuditVerb.ACCESS_REFUSED, actor=actor, detail={"action": "research export"}
        )
        raise ExportRefused("research export")
    key = pseudonym_key()
    episodes = list(selectors.episodes_for_research(user=actor, months=months))
    record_event(
        verb=AuditVerb.RESEARCH_EXPORT_PRODUCED,
        actor=actor,
        detail={"export": "research", "reason": reason, "rows": len(episodes), "months": months},
    )
    _record_children_exported(
        actor=actor, export="research", child_ids={e.child_id for e in episodes}
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    content = csv_text(RESEARCH_COLUMNS, (_research_row(e, key) for e in episodes))
    return ExportFile(f"missinghub-research-{stamp}.csv", content, len(episodes))


@transaction.atomic
def export_research_network(*, actor: User, reason: str, months: int | None = None) -> ExportFile:
    """The pursue network of the research export's children, pseudonymised with the same key
    (the child pseudonyms match): which children share a person, place, phone or vehicle, never
    who or where. Links that may be shared only with conditions (handling code C) are left out."""
    if not may(actor, Action.EXPORT_RESEARCH):
        record_event(
            verb=AuditVerb.ACCESS_REFUSED, actor=actor, detail={"action": "research network export"}
        )
        raise ExportRefused("research network export")
    key = pseudonym_key()
    episodes = selectors.episodes_for_research(user=actor, months=months)
    links = list(links_for_research(set(episodes.values_list("child_id", flat=True))))
    record_event(
        verb=AuditVerb.RESEARCH_EXPORT_PRODUCED,
        actor=actor,
        detail={"export": "research_network", "reason": reason, "rows": len(links)},
    )
    _record_children_exported(
        actor=actor, export="research_network", child_ids={link.child_id for link in links}
    )
    rows = (
        (
            pseudonym("child", link.child_id, key=key),
            pseudonym("contact", link.entity_id, key=key),
            link.entity.kind,
            link.source,
            month_of(link.seen_on),
            link.source_evaluation,
            link.intelligence_assessment,
        )
        for link in links
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    content = csv_text(NETWORK_COLUMNS, rows)
    return ExportFile(f"missinghub-research-network-{stamp}.csv", content, len(links))
