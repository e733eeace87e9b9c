"""The records behind the matrix's other routes, one set per side: a screening, a panel with a
meeting, an agenda item and an agreed action, a Philomena profile with a photo and a grab pack,
an import run, a possible match and a merge. Every route is then called with a real, visible
object on the home side (and the foreign side's record, which no caller may reach).

Panels are decided by membership: every home caller who works with children sits on the home
panel, chaired by the home social-care panel chair; nobody under test sits on the foreign one.
"""

import datetime as dt
import io
from decimal import Decimal
from typing import Any

from django.utils import timezone
from PIL import Image

from missinghub.accounts.models import AgencyKind, Role, User
from missinghub.accounts.tests.factories import UserFactory
from missinghub.casework.models import (
    ExploitationScreening,
    InterviewOutcome,
    InterviewStatus,
    Panel,
    PanelKind,
    ReturnInterview,
)
from missinghub.casework.models.screening import ExploitationLevel, ScreeningKind
from missinghub.casework.services import panels, philomena
from missinghub.children.models import Child, ChildIdentifier, IdentifierKind
from missinghub.episodes.models import Episode, EpisodeCategory, Notification
from missinghub.imports.models import ImportRun, RunStatus
from missinghub.linkage.models import ChildMerge, ReferenceReview, ReviewPair
from missinghub.protocols.models import ProtocolTask, TaskKind
from missinghub.pursue.models import ConcernProposal, EntityKind, LinkSource
from missinghub.pursue.services import Grading, Mention, record_action, record_link

from .world import NOW, Side

CHILD_ROLES = set(Role) - {Role.ANALYST, Role.SYSTEM_ADMINISTRATOR, Role.DATA_PROTECTION_OFFICER}


def add_records(side: Side, users: list[User]) -> None:
    """Build the side's records; `users` are the callers under test who belong to this side."""
    agencies = side.agencies
    social_care = agencies[AgencyKind.CHILDRENS_SOCIAL_CARE]
    chair = next(
        (u for u in users if u.role == Role.PANEL_CHAIR and u.agency_id == social_care.pk),
        None,
    ) or UserFactory(agency=social_care, role=Role.PANEL_CHAIR)
    members = [u for u in users if u.role in CHILD_ROLES and u.pk != chair.pk]
    side.extra["panel_chair"] = chair
    side.extra.update(_panel(side, chair, members))
    side.extra.update(_philomena(side))
    side.extra["screening_id"] = _screening(side)
    side.extra["run_id"] = _import_run(side)
    side.extra.update(_linkage(side))
    side.extra.update(_pursue(side, chair))
    side.extra.update(_owned_tasks(side))
    side.extra["completed_interview_id"] = _completed_interview(side)


def _panel(side: Side, chair: User, members: list[User]) -> dict[str, Any]:
    panel = panels.create_panel(
        actor=chair, name=f"{side.name} VEMT practitioners", kind=PanelKind.VEMT, members=members
    )
    meeting = panels.schedule_meeting(
        actor=chair, panel=panel, meets_at=timezone.now() + dt.timedelta(days=7), location="Room 2"
    )
    item = panels.add_child_to_agenda(
        actor=chair, meeting=meeting, child=side.child, reason="Matrix: professional concern"
    )
    action = panels.agree_action(
        actor=chair,
        item=item,
        description="Matrix: strategy discussion",
        owner=chair,
        due_date=timezone.localdate() + dt.timedelta(days=14),
    )
    _waiting_referral(side, panel)
    return {"panel_id": panel, "meeting_id": meeting, "item_id": item, "action_id": action}


def _waiting_referral(side: Side, panel: Panel) -> None:
    """A referral made after the meeting was scheduled: it waits, on the panel's own page."""
    ProtocolTask.objects.create(
        child=side.child,
        episode=side.episode,
        kind=TaskKind.PANEL_REFERRAL,
        owner_team="Panel",
        owner_agency=panel.agency,
        triggered_at=NOW,
        due_at=NOW + dt.timedelta(days=30),
        rule="matrix",
        protocol_name="matrix",
        protocol_version="1",
        decision_key=f"{side.name}-panel-referral",
    )


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 120, 40)).save(buffer, "PNG")
    return buffer.getvalue()


def _philomena(side: Side) -> dict[str, Any]:
    carer = UserFactory(agency=side.agencies[AgencyKind.CARE_PROVIDER], role=Role.CARE_HOME_STAFF)
    content = philomena.ProfileContent(
        description=f"Matrix description of {side.child.family_name}",
        associates="",
        places_frequented="",
        phone_and_social_media="",
        medical_needs="",
        missing_history="",
    )
    profile = philomena.start_profile(actor=carer, child=side.child, content=content)
    philomena.save_photo(
        actor=carer, profile=profile, content=_png(), taken_on=None, expected_version=1
    )
    pack = philomena.produce_grab_pack(
        actor=carer, episode=side.episode, last_seen_clothing="Matrix: grey hoodie"
    )
    return {"pack_id": pack}


def _screening(side: Side) -> ExploitationScreening:
    team = side.agencies[AgencyKind.MISSING_TEAM]
    worker = UserFactory(agency=team, role=Role.MISSING_TEAM_WORKER)
    return ExploitationScreening.objects.create(
        child=side.child,
        episode=side.episode,
        kind=ScreeningKind.CSE,
        screened_at=NOW,
        screened_by=worker,
        child_age=15,
        score=Decimal("1.00"),
        level=ExploitationLevel.LOW,
        level_reason="Matrix: one low indicator",
    )


def _import_run(side: Side) -> ImportRun:
    police = side.agencies[AgencyKind.POLICE_FORCE]
    supervisor = UserFactory(agency=police, role=Role.POLICE_SUPERVISOR)
    return ImportRun.objects.create(
        kind="police",
        file_name="matrix.csv",
        file_sha256="0" * 64,
        mapping_name="matrix.yaml",
        mapping_sha256="1" * 64,
        agency=police,
        started_by=supervisor,
        batch_size=1000,
        status=RunStatus.FINISHED,
        finished_at=NOW,
        summary={"rows": 0},
    )


def _linkage(side: Side) -> dict[str, Any]:
    """A possible match between the child and a second record the same teams hold, and an
    earlier merge into the child."""
    twin = Child.objects.create(
        given_name="Marker",
        family_name=f"Duplicaterecord{side.name}",  # not the child's marker
        date_of_birth=side.child.date_of_birth,
    )
    social_care = side.agencies[AgencyKind.CHILDRENS_SOCIAL_CARE]
    ChildIdentifier.objects.create(
        child=twin, agency=social_care, kind=IdentifierKind.SOCIAL_CARE_ID, value=f"{twin.pk}-twin"
    )
    for kind in (AgencyKind.MISSING_TEAM, AgencyKind.VOLUNTARY_SECTOR):
        Notification.objects.create(
            child=twin,
            from_agency=social_care,
            to_agency=side.agencies[kind],
            purpose="Matrix: possible duplicate record",
            lawful_basis="Children Act 2004 s.11",
            sent_at=NOW,
            expires_at=NOW + dt.timedelta(days=3650),
        )
    first, second = sorted((side.child.pk, twin.pk))
    pair = ReviewPair.objects.create(
        first_child_id=first,
        second_child_id=second,
        match_probability=0.97,
        match_weight=9.1,
        model_label="matrix",
        found_at=NOW,
    )
    merge = ChildMerge.objects.create(
        kept_child_id=side.child.pk,
        merged_child_id=twin.pk + 100_000,
        merged_child_record={"given_name": "Marker"},
        merged_at=NOW,
        reason="Matrix: the same child recorded twice",
    )
    police = side.agencies[AgencyKind.POLICE_FORCE]
    held = ReferenceReview.objects.create(  # an import's reference whose details disagree
        agency=police,
        identifier_kind=IdentifierKind.POLICE_PERSON_REFERENCE,
        reference=f"{side.name}-PR-HELD",
        child_id=side.child.pk,
        given_name="Marker",
        family_name="Other",
        differing="given name, family name",
        source="import 1 of matrix.csv",
        match_probability=0.01,
        match_weight=-7.0,
        model_label="matrix",
        found_at=NOW,
    )
    return {"pair_id": pair, "merge_id": merge, "review_id": held}


def _pursue(side: Side, chair: User) -> dict[str, Any]:
    """A phone number of concern linked to the side's child, a CAWN on it, and a proposal."""
    link = record_link(
        actor=chair,
        child=side.child,
        # One number per side, whatever the ids (a shared number would join the two sides).
        mention=Mention(
            kind=EntityKind.PHONE, value=f"07700 90000{1 if side.name == 'home' else 2}"
        ),
        source=LinkSource.POLICE_LOG,
        seen_on=NOW.date(),
        grading=Grading("1", "A", "P"),
    )
    action = record_action(
        actor=chair,
        entity=link.entity,
        kind="cawn",
        description="Matrix check",
        owner=chair,
        due_date=NOW.date(),
        child=side.child,
    )
    proposal = ConcernProposal.objects.create(
        entity=link.entity,
        protocol_name="matrix",
        rule_id=f"matrix-{side.name}",
        panel_kind="mace",
        reason="Matrix check",
        proposed_at=NOW,
    )
    # Not "action_id": that key is the panel action's (a shared key gave one route the other's id).
    return {"entity_id": link.entity, "disruption_action": action, "proposal_id": proposal}


def _owned_tasks(side: Side) -> dict[str, Any]:
    """A youth-worker visit and a panel referral owned by the missing team, a social-care
    alert owned by social care, a police review owned by the police force: each completed on
    its own page by its owner's staff."""
    owners = {
        "visit_task_id": (TaskKind.YOUTH_WORKER_VISIT, AgencyKind.MISSING_TEAM),
        "alert_task_id": (TaskKind.SOCIAL_CARE_ALERT, AgencyKind.CHILDRENS_SOCIAL_CARE),
        # A strategy-meeting referral: the page serves both kinds, and no panel of the world takes
        # this one, so no panel page lists it.
        "referral_task_id": (TaskKind.STRATEGY_MEETING, AgencyKind.MISSING_TEAM),
        # A police review of the open episode, on the protocol's schedule (#24).
        "police_review_task_id": (TaskKind.POLICE_REVIEW, AgencyKind.POLICE_FORCE),
    }
    return {
        key: ProtocolTask.objects.create(
            child=side.child,
            episode=side.episode,
            kind=kind,
            owner_team="Matrix team",
            owner_agency=side.agencies[agency],
            triggered_at=NOW,
            due_at=NOW + dt.timedelta(days=3),
            rule="matrix",
            protocol_name="matrix",
            protocol_version="1",
            decision_key=f"{side.name}-{key}",
        )
        for key, (kind, agency) in owners.items()
    }


def _completed_interview(side: Side) -> ReturnInterview:
    """A return interview the missing team completed this month: audited by its manager."""
    team = side.agencies[AgencyKind.MISSING_TEAM]
    worker = UserFactory(agency=team, role=Role.MISSING_TEAM_WORKER)
    returned = timezone.now() - dt.timedelta(hours=30)
    episode = Episode.objects.create(
        child=side.child,
        category=EpisodeCategory.MISSING,
        status="returned",
        last_seen_at=returned - dt.timedelta(hours=8),
        reported_at=returned - dt.timedelta(hours=7),
        returned_at=returned,
        reporting_agency=side.agencies[AgencyKind.POLICE_FORCE],
        source_system="matrix",
        source_reference=f"{side.name}-audited-episode",
    )
    task = ProtocolTask.objects.create(
        child=side.child,
        episode=episode,
        kind=TaskKind.RETURN_INTERVIEW,
        owner_team="Missing team",
        owner_agency=team,
        triggered_at=returned,
        due_at=returned + dt.timedelta(days=3),
        status="done",
        closed_at=timezone.now(),
        rule="matrix",
        protocol_name="matrix",
        protocol_version="1",
        decision_key=f"{side.name}-audited-task",
    )
    return ReturnInterview.objects.create(
        task=task,
        child=side.child,
        episode=episode,
        returned_at=returned,
        status=InterviewStatus.COMPLETED,
        assigned_to=worker,
        interviewed_at=returned + dt.timedelta(hours=20),
        outcome=InterviewOutcome.NO_FURTHER_ACTION,
        completed_at=timezone.now(),
        completed_by=worker,
        child_voice="Matrix: I went to my friend's",
    )
