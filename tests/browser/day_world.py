"""The world of the day's-work journey (#24, must show 1), built with the services the pages
and the intake use (no rows written around the rules): a child back from an overnight episode
(a return interview, statutory offer), a first-time runaway under Northamptonshire (the police
early-intervention youth worker's visit and a return interview), a looked-after child missing a
third time in 90 days under Hartlepool's VEMT protocol (a panel referral onto the meeting's
agenda; back, the interviews done), and a pupil on the school's roll. Fictional people."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from missinghub.accounts.models import Agency, Role, User
from missinghub.accounts.tests.factories import UserFactory
from missinghub.casework.models import InterviewOutcome, PanelKind, PanelMeeting
from missinghub.casework.services.interviews import (
    InterviewContent,
    complete_interview,
    open_interview,
)
from missinghub.casework.services.panels import create_panel, schedule_meeting
from missinghub.casework.tests.returns import returned_ten_hours_ago
from missinghub.casework.tests.scenarios import looked_after_child, report_episodes
from missinghub.children.models import Child, IdentifierKind
from missinghub.children.services import add_identifier
from missinghub.children.tests.factories import ChildFactory
from missinghub.protocols.models import ProtocolTask, TaskKind, TaskStatus
from tests.browser.test_first_journey import PASSWORD


@dataclass
class DayWorld:
    worker: User  # missing team: return interviews, notifications
    social_worker: User  # children's social care: alerts, a panel action
    chair: User  # the VEMT panel's chair (social care): the panel referral
    officer: User  # police: the early-intervention youth worker's visit, the CP alert
    school_lead: User  # the school: a child missing education
    care_home: User  # the looked-after child's home: told of each episode
    interviewed: Child
    visited: Child
    on_agenda: Child
    pupil: Child
    meeting: PanelMeeting


def _users(agencies: dict[str, Agency]) -> dict[str, User]:
    def user(key: str, role: Role, first: str, last: str) -> User:
        return UserFactory(
            agency=agencies[key], role=role, password=PASSWORD, first_name=first, last_name=last
        )

    return {
        "worker": user("missing_team", Role.MISSING_TEAM_WORKER, "Ash", "Worker"),
        "social_worker": user("social_care", Role.SOCIAL_WORKER, "Sol", "Carer"),
        "chair": user("social_care", Role.PANEL_CHAIR, "Chris", "Chair"),
        "officer": user("police", Role.POLICE_OFFICER, "Yan", "Youthworker"),
        "school_lead": user("school", Role.SCHOOL_SAFEGUARDING_LEAD, "Dee", "Lead"),
        "care_home": user("care_home", Role.CARE_HOME_STAFF, "Hal", "Keyworker"),
    }


def _interviews_done_at_the_time(worker: User, child: Child) -> None:
    """The interviews of the child's episodes, done at the time by the missing team."""
    for task in ProtocolTask.objects.filter(
        child=child, kind=TaskKind.RETURN_INTERVIEW, status=TaskStatus.OPEN
    ):
        interview, _ = open_interview(actor=worker, task=task)
        complete_interview(
            actor=worker,
            interview=interview,
            content=InterviewContent(
                interviewed_at=min(interview.returned_at + dt.timedelta(hours=5), timezone.now()),
                place="Children's home",
                present="The child and the worker",
                child_voice="I went to my friend's house.",
            ),
            outcome=InterviewOutcome.NO_FURTHER_ACTION,
            expected_version=interview.version,
        )


def _panel(users: dict[str, User]) -> PanelMeeting:
    chair = users["chair"]
    panel = create_panel(
        actor=chair,
        name="Testshire VEMT practitioners",
        kind=PanelKind.VEMT,
        members=[users["social_worker"], users["worker"]],
    )
    return schedule_meeting(
        actor=chair,
        panel=panel,
        meets_at=timezone.now() + dt.timedelta(days=5),
        location="Civic Centre, room 2",
    )


def build_day(agencies: dict[str, Agency], settings: object) -> DayWorld:
    users = _users(agencies)
    settings.MISSINGHUB_ACTIVE_PROTOCOL = "england-statutory"  # type: ignore[attr-defined]
    interviewed = ChildFactory(given_name="Kit", family_name="Returnfield")
    returned_ten_hours_ago(agencies, interviewed, "DAY-1")
    settings.MISSINGHUB_ACTIVE_PROTOCOL = "northamptonshire"  # type: ignore[attr-defined]
    visited = ChildFactory(given_name="Pat", family_name="Firsttime")
    report_episodes(visited, agencies, [1])  # 3 episodes or fewer: the youth worker visits
    settings.MISSINGHUB_ACTIVE_PROTOCOL = "hartlepool-vemt"  # type: ignore[attr-defined]
    meeting = _panel(users)
    on_agenda = looked_after_child(agencies, given_name="Robin", family_name="Agendale")
    # The third episode is referred on its report. Robin is back from it (under Hartlepool a
    # child still missing has a police review due: the supervisor's journey walks those).
    report_episodes(on_agenda, agencies, [60, 30, 0])
    _interviews_done_at_the_time(users["worker"], on_agenda)
    settings.MISSINGHUB_ACTIVE_PROTOCOL = "england-statutory"  # type: ignore[attr-defined]
    pupil = ChildFactory(given_name="Sam", family_name="Offroll")
    add_identifier(
        actor=None,
        child=pupil,
        agency=agencies["school"],
        kind=IdentifierKind.SCHOOL_UPN,
        value="T880000000001",
    )
    return DayWorld(
        **users,
        interviewed=interviewed,
        visited=visited,
        on_agenda=on_agenda,
        pupil=pupil,
        meeting=meeting,
    )
