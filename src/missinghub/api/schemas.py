"""What the API accepts and answers. Field names follow the models; choices are their codes."""

import datetime as dt

from ninja import Schema
from pydantic import Field, model_validator

from missinghub.api.fields import (
    Day,
    Moment,
    Name,
    PersonName,
    Place,
    PoliceReference,
    Reason,
    RecordId,
    SourceReference,
)
from missinghub.api.versioning import episode_etag
from missinghub.children.models import IdentifierKind, PlacementArea, PlacementType, Sex
from missinghub.episodes.models import (
    Episode,
    EpisodeCategory,
    EpisodeStatus,
    ReturnMethod,
    RiskLevel,
)
from missinghub.protocols.models import TaskKind, TaskStatus

EXPLOITATION_FLAG = "A county lines or criminal exploitation concern on the episode."
EXPLOITATION_FLAG_UPDATE = (
    "true marks the episode with a county lines or criminal exploitation concern (found with "
    "drugs, cash or phones, far from home...); false leaves it as it is (never cleared here)."
)


class NewChildIn(Schema):
    given_name: Name
    family_name: Name
    date_of_birth: Day
    sex: Sex = Sex.NOT_KNOWN


class ReportMissingIn(Schema):
    """Exactly one of `child_id` (a child your agency can see) or `child` (a new record)."""

    child_id: RecordId | None = None
    child: NewChildIn | None = None
    category: EpisodeCategory
    last_seen_at: Moment
    reported_at: Moment | None = None
    risk_level: RiskLevel
    risk_reason: Reason
    police_reference: PoliceReference = ""
    source_reference: SourceReference
    exploitation_flag: bool = Field(False, description=EXPLOITATION_FLAG)

    @model_validator(mode="after")
    def one_child(self) -> "ReportMissingIn":
        if (self.child_id is None) == (self.child is None):
            raise ValueError("Give either child_id or child, not both and not neither.")
        return self


class ReturnIn(Schema):
    returned_at: Moment
    return_method: ReturnMethod
    where_found: Place = ""
    exploitation_flag: bool = Field(False, description=EXPLOITATION_FLAG_UPDATE)


class RiskGradingIn(Schema):
    level: RiskLevel
    reason: Reason
    graded_at: Moment | None = None
    graded_by_name: PersonName = ""
    exploitation_flag: bool = Field(False, description=EXPLOITATION_FLAG_UPDATE)


class RiskGradingOut(Schema):
    id: int
    level: RiskLevel
    graded_at: dt.datetime
    reason: str
    graded_by_name: str


class EpisodeOut(Schema):
    id: int
    child_id: int
    category: EpisodeCategory
    status: EpisodeStatus
    last_seen_at: dt.datetime
    reported_at: dt.datetime
    returned_at: dt.datetime | None
    return_method: ReturnMethod | None
    where_found: str
    police_reference: str
    exploitation_flag: bool
    reporting_agency_id: int
    source_system: str
    source_reference: str
    risk_gradings: list[RiskGradingOut]
    notified_agency_ids: list[int]
    version: str


def episode_body(episode: Episode) -> dict:
    """The episode as the API answers it (JSON-ready), with its version."""
    gradings = [RiskGradingOut.from_orm(g) for g in episode.risk_gradings.all()]
    out = EpisodeOut(
        **{name: getattr(episode, name) for name in EPISODE_FIELDS},
        return_method=ReturnMethod(episode.return_method) if episode.return_method else None,
        risk_gradings=gradings,
        notified_agency_ids=sorted({n.to_agency_id for n in episode.notifications.all()}),
        version=episode_etag(episode),
    )
    return out.model_dump(mode="json")


EPISODE_FIELDS = (
    "id",
    "child_id",
    "category",
    "status",
    "last_seen_at",
    "reported_at",
    "returned_at",
    "where_found",
    "police_reference",
    "exploitation_flag",
    "reporting_agency_id",
    "source_system",
    "source_reference",
)


class IdentifierOut(Schema):
    kind: IdentifierKind
    value: str
    agency_id: int


class PlacementOut(Schema):
    placement_type: PlacementType
    area: PlacementArea
    provider_id: int | None
    start_date: dt.date


class EpisodeSummaryOut(Schema):
    id: int
    category: EpisodeCategory
    status: EpisodeStatus
    last_seen_at: dt.datetime
    returned_at: dt.datetime | None


class ChildSummaryOut(Schema):
    id: int
    given_name: str
    family_name: str
    date_of_birth: dt.date


class ChildOut(ChildSummaryOut):
    date_of_birth_is_approximate: bool
    sex: Sex
    identifiers: list[IdentifierOut]
    current_placement: PlacementOut | None
    episodes: list[EpisodeSummaryOut]


class TaskOut(Schema):
    id: int
    child_id: int
    episode_id: int
    kind: TaskKind
    status: TaskStatus
    owner_team: str
    owner_agency_id: int | None
    triggered_at: dt.datetime
    due_at: dt.datetime
    ideally_by: dt.datetime | None
    closed_at: dt.datetime | None
    rule: str
    protocol_name: str
    protocol_version: str


class TaskPageOut(Schema):
    count: int
    items: list[TaskOut]
