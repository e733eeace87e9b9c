"""The people and records the authorisation matrix calls every route with.

Two sides: agencies of every kind whose staff are the users under test ("home"), and agencies no
user under test belongs to ("foreign"). The home child is known to every home agency (each kind
through its own need-to-know link); the foreign child only to the foreign agencies. Both carry
marker strings, so a response that shows either child can be recognised.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from missinghub.accounts.models import ROLE_AGENCY_KINDS, Agency, AgencyKind, Role, User
from missinghub.accounts.tests.factories import AgencyFactory, UserFactory
from missinghub.casework.models import CmeReferral, Intervention, ReturnInterview
from missinghub.casework.models.cme import CmeGround
from missinghub.casework.models.interventions import InterventionType
from missinghub.casework.services.interviews import open_interview
from missinghub.children.models import (
    Child,
    ChildIdentifier,
    ContactRole,
    IdentifierKind,
    LegalStatus,
    LegalStatusKind,
    Placement,
    PlacementArea,
    PlacementType,
)
from missinghub.children.services import ContactDetails, add_contact
from missinghub.episodes.models import Episode, EpisodeCategory, Notification, RiskGrading
from missinghub.protocols.models import ProtocolTask, TaskKind

NOW = dt.datetime(2026, 11, 1, 12, 0, tzinfo=dt.UTC)

# Every (role, agency kind) a user may hold, in a stable order: the matrix's rows.
ROLE_KINDS: list[tuple[str, str]] = [
    (str(role), str(kind)) for role in Role for kind in ROLE_AGENCY_KINDS[role]
]


@dataclass
class Side:
    """One side's agencies and one child with a record in each table."""

    name: str
    agencies: dict[str, Agency]
    child: Child
    episode: Episode
    task: ProtocolTask
    notification: Notification
    markers: tuple[str, ...]
    extra: dict[str, Any] = field(default_factory=dict)

    def url_ids(self) -> dict[str, int]:
        """Values for the URL parameters every app shares."""
        return {
            "child_id": self.child.pk,
            "episode_id": self.episode.pk,
            "task_id": self.task.pk,
            "notification_id": self.notification.pk,
            **{key: getattr(value, "pk", value) for key, value in self.extra.items()},
        }


@dataclass
class World:
    home: Side
    foreign: Side
    users: dict[tuple[str, str], User]


def _agencies(prefix: str, area: str) -> dict[str, Agency]:
    return {
        str(kind): AgencyFactory(name=f"{prefix} {kind.label}", kind=kind, area=area)
        for kind in AgencyKind
    }


def _side(name: str, agencies: dict[str, Agency], tag: str) -> Side:
    child = Child.objects.create(
        given_name="Marker",
        family_name=f"{tag}child",
        date_of_birth=dt.date(2011, 4, 3),
        home_postcode="TS24 8AB" if tag == "Zedhome" else "ZZ9 9ZZ",
    )
    identifiers = {
        AgencyKind.CHILDRENS_SOCIAL_CARE: IdentifierKind.SOCIAL_CARE_ID,
        AgencyKind.SCHOOL: IdentifierKind.SCHOOL_UPN,
        AgencyKind.HEALTH: IdentifierKind.NHS_NUMBER,
        AgencyKind.POLICE_FORCE: IdentifierKind.POLICE_PERSON_REFERENCE,
    }
    for kind, id_kind in identifiers.items():
        ChildIdentifier.objects.create(
            child=child, agency=agencies[kind], kind=id_kind, value=f"{tag}-{kind[:4]}-1"
        )
    placement = Placement.objects.create(
        child=child,
        placement_type=PlacementType.CHILDRENS_HOME,
        area=PlacementArea.IN_BOROUGH,
        provider=agencies[AgencyKind.CARE_PROVIDER],
        placing_authority=agencies[AgencyKind.CHILDRENS_SOCIAL_CARE],
        start_date=dt.date(2025, 1, 1),
    )
    LegalStatus.objects.create(
        child=child,
        status=LegalStatusKind.LOOKED_AFTER,
        start_date=dt.date(2025, 1, 1),
        responsible_authority=agencies[AgencyKind.CHILDRENS_SOCIAL_CARE],
    )
    episode = Episode.objects.create(
        child=child,
        category=EpisodeCategory.MISSING,
        last_seen_at=NOW - dt.timedelta(hours=5),
        reported_at=NOW - dt.timedelta(hours=4),
        missing_from=placement,
        police_reference=f"{tag}-PR-1",
        reporting_agency=agencies[AgencyKind.POLICE_FORCE],
        source_system="matrix",
        source_reference=f"{tag}-episode",
    )
    RiskGrading.objects.create(
        episode=episode, level="medium", graded_at=NOW, reason=f"{tag} grading reason"
    )
    notifications = [
        Notification.objects.create(
            child=child,
            episode=episode,
            from_agency=agencies[AgencyKind.POLICE_FORCE],
            to_agency=agencies[kind],
            purpose="Missing episode",
            lawful_basis="Children Act 2004 s.11",
            sent_at=NOW,
            expires_at=NOW + dt.timedelta(days=3650),
        )
        for kind in (AgencyKind.MISSING_TEAM, AgencyKind.VOLUNTARY_SECTOR, AgencyKind.HOUSING)
    ]
    task = ProtocolTask.objects.create(
        child=child,
        episode=episode,
        kind=TaskKind.RETURN_INTERVIEW,
        owner_team="Missing team",
        owner_agency=agencies[AgencyKind.MISSING_TEAM],
        triggered_at=NOW,
        due_at=NOW + dt.timedelta(days=3),
        rule="matrix",
        protocol_name="matrix",
        protocol_version="1",
        decision_key=f"{tag}-task",
    )
    interview = _returned_episode_with_interview(child, agencies, tag)
    markers = (child.family_name, f"{tag}-PR-1", f"{tag}-chil-1", f"{tag}-scho-1")
    side = Side(name, agencies, child, episode, task, notifications[0], markers)
    side.extra["interview_id"] = interview
    side.extra.update(_casework(child, agencies, interview))
    return side


def _casework(
    child: Child, agencies: dict[str, Agency], interview: ReturnInterview
) -> dict[str, Any]:
    """A referral of the child as missing education, an intervention after the interview, and
    the child's allocated social worker (one of the child's people)."""
    school = agencies[AgencyKind.SCHOOL]
    school_lead = UserFactory(agency=school, role=Role.SCHOOL_SAFEGUARDING_LEAD)
    worker = UserFactory(agency=agencies[AgencyKind.MISSING_TEAM], role=Role.MISSING_TEAM_WORKER)
    referral = CmeReferral.objects.create(
        child=child,
        school=agencies[AgencyKind.SCHOOL],
        referred_by=school_lead,
        referred_on=dt.date(2026, 10, 20),
        referred_to=agencies[AgencyKind.MISSING_TEAM],
        ground=CmeGround.MOVED_AWAY,
    )
    intervention = Intervention.objects.create(
        child=child,
        interview=interview,
        intervention_type=InterventionType.ONE_TO_ONE,
        worker=worker,
        start_date=dt.date(2026, 10, 25),
        planned_end_date=dt.date(2027, 1, 25),
    )
    contact = add_contact(
        actor=worker,
        child=child,
        details=ContactDetails(
            role=ContactRole.ALLOCATED_SOCIAL_WORKER,
            name="Sam Allocated",
            agency=agencies[AgencyKind.CHILDRENS_SOCIAL_CARE].name,
            phone="01632 960000",
        ),
    )
    return {"referral_id": referral, "intervention_id": intervention, "contact_id": contact}


def _returned_episode_with_interview(
    child: Child, agencies: dict[str, Agency], tag: str
) -> ReturnInterview:
    """An earlier episode, returned, with its return interview opened from its task."""
    earlier = NOW - dt.timedelta(days=20)
    episode = Episode.objects.create(
        child=child,
        category=EpisodeCategory.MISSING,
        status="returned",
        last_seen_at=earlier,
        reported_at=earlier + dt.timedelta(hours=1),
        returned_at=earlier + dt.timedelta(hours=9),
        reporting_agency=agencies[AgencyKind.POLICE_FORCE],
        source_system="matrix",
        source_reference=f"{tag}-earlier-episode",
    )
    task = ProtocolTask.objects.create(
        child=child,
        episode=episode,
        kind=TaskKind.RETURN_INTERVIEW,
        owner_team="Missing team",
        owner_agency=agencies[AgencyKind.MISSING_TEAM],
        triggered_at=episode.returned_at,
        due_at=NOW + dt.timedelta(days=1),
        rule="matrix",
        protocol_name="matrix",
        protocol_version="1",
        decision_key=f"{tag}-earlier-task",
    )
    return open_interview(actor=None, task=task)[0]  # type: ignore[arg-type]


def build_world() -> World:
    home = _side("home", _agencies("Home", "Testshire"), "Zedhome")
    foreign = _side("foreign", _agencies("Foreign", "Farshire"), "Quillforeign")
    users = {
        (role, kind): UserFactory(agency=home.agencies[kind], role=role)
        for role, kind in ROLE_KINDS
    }
    from .world_records import add_records  # it builds on this module's sides

    add_records(home, list(users.values()))
    add_records(foreign, [])
    return World(home=home, foreign=foreign, users=users)
