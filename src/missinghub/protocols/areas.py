"""Which protocol applies to an episode: the responsible authority's, and the force's for police
tasks. Several protocols are active at once, one per area (docs/protocols.md).

- The responsible authority is the council that placed a looked-after child (the responsible
  authority of the legal status the child had on the day of the report), otherwise the child's
  home council (`Child.home_area`), otherwise the area of the agency that reported it (an
  installation with one area).
- Its area's protocol decides every task except those a police force owns; those follow the
  protocol of the force's own area (the reporting force, else the force serving the responsible
  area). Every decision records its protocol's name and version, as before.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from missinghub.accounts.models import AgencyKind, Area
from missinghub.children.models import LegalStatus, LegalStatusKind
from missinghub.episodes.models import Episode
from missinghub.protocols.engine import ChildHistory, Decision, Event, Protocol, evaluate
from missinghub.protocols.registry import active_protocol, get_protocol


@dataclass(frozen=True, slots=True)
class EpisodeProtocols:
    """The protocols one episode follows: its responsible area's, and its force's."""

    area: str
    council: Protocol
    force: Protocol

    def decide(self, history: ChildHistory, episode_id: int) -> list[Decision]:
        """What the protocols decide on the episode's report and, if any, its return. The
        stored episode decides (not a copy from before the return)."""
        [stored] = [e for e in history.episodes if e.episode_id == str(episode_id)]
        events = [Event("reported", stored.episode_id)]
        if stored.returned_at is not None:
            events.append(Event("returned", stored.episode_id))
        decisions = [d for event in events for d in evaluate(self.council, history, event)]
        if self.force.name == self.council.name:
            return decisions
        police = AgencyKind.POLICE_FORCE.value
        forces = [d for event in events for d in evaluate(self.force, history, event)]
        return [d for d in decisions if d.owner_agency_kind != police] + [
            d for d in forces if d.owner_agency_kind == police
        ]


@dataclass(frozen=True, slots=True)
class _Facts:
    child_id: int
    day: date
    reporting_area: str
    reported_by_police: bool
    home_area: str | None


def protocols_for_episodes(episode_ids: Iterable[int]) -> dict[int, EpisodeProtocols]:
    """{episode id: the protocols it follows} (each area's, as `registry.protocol_of_area`
    chooses), in four statements whatever the number."""
    found = {}
    areas = list(Area.objects.values_list("name", "protocol", "police_force__area"))
    forces = {name: force for name, _, force in areas if force}
    chosen = {name: get_protocol(protocol) for name, protocol, _ in areas if protocol}
    default = active_protocol()
    for pk, (area, fact) in _responsible(episode_ids).items():
        force_area = fact.reporting_area if fact.reported_by_police else forces.get(area, area)
        council, force = chosen.get(area, default), chosen.get(force_area, default)
        found[pk] = EpisodeProtocols(area, council, force)
    return found


def responsible_areas(episode_ids: Iterable[int] | None) -> dict[int, str]:
    """{episode id: the area of its responsible authority} (the rule at the top), for the
    episodes given or (None) every episode."""
    return {pk: area for pk, (area, _) in _responsible(episode_ids).items()}


def _responsible(episode_ids: Iterable[int] | None) -> dict[int, tuple[str, _Facts]]:
    episodes = Episode.objects.order_by()
    if episode_ids is not None:
        episodes = episodes.filter(pk__in=list(episode_ids))
    rows = episodes.values_list(
        "pk",
        "child_id",
        "reported_at",
        "reporting_agency__area",
        "reporting_agency__kind",
        "child__home_area__name",
    )
    facts = {
        pk: _Facts(child, timezone.localdate(at), area, kind == AgencyKind.POLICE_FORCE, home)
        for pk, child, at, area, kind, home in rows.iterator(chunk_size=5000)
    }
    placed = _placing_areas(None if episode_ids is None else {f.child_id for f in facts.values()})
    return {
        pk: (
            _placing_area_on(placed.get(fact.child_id, []), fact.day)
            or fact.home_area
            or fact.reporting_area,
            fact,
        )
        for pk, fact in facts.items()
    }


def protocols_for_episode(episode_id: int) -> EpisodeProtocols:
    return protocols_for_episodes([episode_id])[episode_id]


def responsible_area(episode_id: int) -> str:
    """The area of the episode's responsible authority (see the module's rule)."""
    return responsible_areas([episode_id])[episode_id]


def _placing_areas(
    child_ids: set[int] | None,
) -> dict[int, list[tuple[date, date | None, str]]]:
    """Each child's looked-after periods with the area of the council responsible for them
    (the children given, or every child)."""
    periods: dict[int, list[tuple[date, date | None, str]]] = {}
    held = LegalStatus.objects.order_by().filter(
        status=LegalStatusKind.LOOKED_AFTER, responsible_authority__isnull=False
    )
    if child_ids is not None:
        held = held.filter(child_id__in=child_ids)
    rows = held.values_list("child_id", "start_date", "end_date", "responsible_authority__area")
    for child_id, start, end, area in rows.iterator(chunk_size=5000):
        periods.setdefault(child_id, []).append((start, end, area))
    return periods


def _placing_area_on(periods: list[tuple[date, date | None, str]], day: date) -> str | None:
    for start, end, area in periods:
        if start <= day and (end is None or day < end):
            return area
    return None
