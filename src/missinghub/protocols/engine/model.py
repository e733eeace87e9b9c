"""The engine's plain data: protocols, a child's history, events and decisions. No Django here."""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

TaskKind = Literal[
    "return_interview",
    "youth_worker_visit",
    "panel_referral",
    "strategy_meeting",
    "social_care_alert",
]
Trigger = Literal["reported", "returned"]

TASK_KINDS: tuple[str, ...] = (
    "return_interview",
    "youth_worker_visit",
    "panel_referral",
    "strategy_meeting",
    "social_care_alert",
)
EPISODE_CATEGORIES: tuple[str, ...] = ("missing", "absent", "awol")
# Tasks that refer a child to a panel: one open referral per child and rule (engine/referrals.py).
REFERRAL_TASKS: tuple[str, ...] = ("panel_referral", "strategy_meeting")
REPLAY_OPEN_DAYS = 90


@dataclass(frozen=True)
class Conditions:
    """Tests on one episode and the child's history. Every test that is set must hold."""

    min_episodes: int | None = None
    max_episodes: int | None = None
    age_under: int | None = None
    age_at_least: int | None = None
    looked_after: bool | None = None
    county_lines: bool | None = None


@dataclass(frozen=True)
class Deadline:
    """When the task is due, counted from the moment the rule fired (report or return)."""

    hours: int | None = None
    working_days: int | None = None
    ideally_within_hours: int | None = None


@dataclass(frozen=True)
class Rule:
    id: str
    description: str
    task: str
    owner_team: str
    owner_agency_kind: str | None
    trigger: Trigger
    episode_categories: frozenset[str]
    within_days: int | None
    # The rule fires when any one of these holds (the `when` block, with `any_of` expanded).
    alternatives: tuple[Conditions, ...]
    deadline: Deadline
    line: int = 0
    # A floor: fires only when no other rule of the protocol makes a task of the same kind on
    # the same event (the statutory return-interview offer, see engine/statutory.py).
    fallback: bool = False


@dataclass(frozen=True)
class ConcernAlert:
    """When enough children are linked to one person or place of concern within a window, an
    item for an exploitation panel is proposed (issue #27; the pursue app applies it)."""

    id: str
    description: str
    entity_kinds: frozenset[str]
    min_children: int
    within_days: int
    panel_kind: str


@dataclass(frozen=True)
class PoliceReviews:
    """How often the police review a missing child's case, by the current risk level: the
    review is due `hours` after the report, the latest regrading or the latest review."""

    every_hours: tuple[tuple[str, int], ...]  # (risk level, hours), e.g. (("high", 2), ...)
    owner_team: str = "Police missing persons unit"

    def hours_for(self, level: str) -> int | None:
        return dict(self.every_hours).get(level)


@dataclass(frozen=True)
class CareHomeReporting:
    """When a care home reports an absent child in care: by each child's managed risk assessment
    (Lancashire, seed 003), or by a blanket rule of `blanket_hours` for every child."""

    rule: str = "managed_risk_assessment"  # or "blanket"
    blanket_hours: int | None = None

    @property
    def uses_assessment(self) -> bool:
        return self.rule == "managed_risk_assessment"


@dataclass(frozen=True)
class Protocol:
    name: str
    version: str
    title: str
    rules: tuple[Rule, ...]
    area: str = ""
    source: str = ""
    path: str = ""
    concern_alerts: tuple[ConcernAlert, ...] = ()
    # Referral rules from the lowest tier to the highest (`referrals.escalation`).
    escalation: tuple[str, ...] = ()
    # How long the replay takes a referral to stay open (it has no panel meetings to read).
    replay_open_days: int = REPLAY_OPEN_DAYS
    # The police review schedule by risk level; None: the protocol schedules no reviews.
    police_reviews: PoliceReviews | None = None
    care_home_reporting: CareHomeReporting = field(default_factory=CareHomeReporting)


@dataclass(frozen=True)
class EpisodeRecord:
    """One episode as the engine sees it. Times are timezone-aware."""

    episode_id: str
    category: str
    reported_at: datetime
    returned_at: datetime | None = None
    looked_after: bool = False
    county_lines: bool = False
    placement_type: str = ""
    placement_area: str = ""


@dataclass(frozen=True)
class ChildHistory:
    child_id: str
    date_of_birth: date
    episodes: tuple[EpisodeRecord, ...]


@dataclass(frozen=True)
class Event:
    """Something that happened to one of the child's episodes: reported, or the child returned."""

    kind: Trigger
    episode_id: str


@dataclass(frozen=True)
class Decision:
    """One task a protocol asks for. `key` is stable: the same decision always has the same key."""

    key: str
    protocol_name: str
    protocol_version: str
    rule_id: str
    child_id: str
    episode_id: str
    task: str
    owner_team: str
    owner_agency_kind: str | None
    triggered_at: datetime
    due_at: datetime
    ideally_by: datetime | None
    # For a panel referral: the rules whose open referral of this child this decision joins
    # instead of referring the child again (itself and any higher escalation tier).
    joins_open: tuple[str, ...] = ()


def decision_key(protocol: Protocol, rule: Rule, child_id: str, episode_id: str) -> str:
    # The version is left out on purpose: a new version of a protocol does not repeat old tasks.
    return f"{protocol.name}/{rule.id}/child:{child_id}/episode:{episode_id}"
