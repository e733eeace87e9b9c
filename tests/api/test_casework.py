"""Interview outcomes through the API: outcomes only, scoped, and every look audited."""

import datetime as dt
from collections.abc import Callable

import pytest
from django.utils import timezone

from missinghub.accounts.models import Role
from missinghub.audit.enums import AuditVerb
from missinghub.audit.models import AuditEvent
from missinghub.casework.models import InterviewOutcome
from missinghub.casework.services.interviews import (
    InterviewContent,
    assign_interview,
    complete_interview,
    open_interview,
)
from missinghub.children.tests.factories import ChildFactory
from missinghub.episodes.intake import report_missing
from missinghub.episodes.models import EpisodeCategory, ReturnMethod, RiskLevel
from missinghub.episodes.services import record_return
from missinghub.protocols.models import ProtocolTask, TaskKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def completed_interview(agencies: dict, make_user: Callable):
    returned_at = timezone.now() - dt.timedelta(hours=10)
    episode = report_missing(
        actor=None,
        child=ChildFactory(),
        category=EpisodeCategory.MISSING,
        last_seen_at=returned_at - dt.timedelta(hours=20),
        reported_at=returned_at - dt.timedelta(hours=19),
        reporting_agency=agencies["police"],
        source_system="api-test",
        source_reference="API-CW-1",
        risk_level=RiskLevel.MEDIUM,
        risk_reason="Missing overnight",
        notify=(agencies["missing_team"],),
    )
    record_return(
        actor=None, episode=episode, returned_at=returned_at, return_method=ReturnMethod.OTHER
    )
    task = ProtocolTask.objects.get(episode=episode, kind=TaskKind.RETURN_INTERVIEW)
    manager = make_user("missing_team", Role.MISSING_TEAM_MANAGER)
    interview, _ = open_interview(actor=manager, task=task)
    interview = assign_interview(
        actor=manager, interview=interview, worker=manager, expected_version=interview.version
    )
    content = InterviewContent(
        interviewed_at=timezone.now() - dt.timedelta(hours=2),
        push_factors=["conflict_at_home"],
        child_voice="Fictional words that must not leave MissingHub",
    )
    return complete_interview(
        actor=manager,
        interview=interview,
        content=content,
        outcome=InterviewOutcome.NO_FURTHER_ACTION,
        expected_version=interview.version,
    )


def test_interview_outcomes_are_read_without_the_childs_words(
    api_as: Callable, completed_interview
) -> None:
    team = api_as("missing_team", Role.MISSING_TEAM_WORKER)
    response = team.get(f"/api/v1/interviews?child_id={completed_interview.child_id}")
    assert response.status_code == 200, response.content
    [item] = response.json()["items"]
    assert item["outcome"] == "no_further_action"
    assert item["push_factors"] == ["conflict_at_home"]
    assert "Fictional words" not in response.content.decode()
    viewed = AuditEvent.objects.filter(verb=AuditVerb.INTERVIEW_VIEWED)
    assert viewed.get().child_id == completed_interview.child_id


def test_another_agency_sees_no_interviews(api_as: Callable, completed_interview) -> None:
    other = api_as("other_police", Role.POLICE_OFFICER).get("/api/v1/interviews")
    assert other.json() == {"count": 0, "items": []}


@pytest.fixture
def pupil(agencies: dict):
    from missinghub.children.models import IdentifierKind
    from missinghub.children.tests.factories import ChildIdentifierFactory

    child = ChildFactory()
    ChildIdentifierFactory(
        child=child, agency=agencies["school"], kind=IdentifierKind.SCHOOL_UPN, value="U123"
    )
    return child


def cme_body(child_id: int, team_id: int) -> dict:
    return {
        "child_id": child_id,
        "referred_to_id": team_id,
        "ground": "absent_20_days",
        "referred_on": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
        "parent_name": "Pat Example",
    }


def test_a_school_refers_a_child_missing_education_once(
    api_as: Callable, agencies: dict, pupil
) -> None:
    from missinghub.casework.models import CmeReferral

    school = api_as("school", Role.SCHOOL_SAFEGUARDING_LEAD)
    body = cme_body(pupil.pk, agencies["missing_team"].pk)
    first = school.post("/api/v1/cme-referrals", body, Idempotency_Key="cme-1")
    again = school.post("/api/v1/cme-referrals", body, Idempotency_Key="cme-1")
    assert first.status_code == 201, first.content
    assert again.json() == first.json()
    assert CmeReferral.objects.get().referred_to == agencies["missing_team"]
    second = school.post("/api/v1/cme-referrals", body, Idempotency_Key="cme-2")
    assert second.status_code == 409
    assert "ongoing" in second.json()["detail"]


def test_a_cme_referral_goes_to_a_council_team(api_as: Callable, agencies: dict, pupil) -> None:
    school = api_as("school", Role.SCHOOL_SAFEGUARDING_LEAD)
    body = cme_body(pupil.pk, agencies["police"].pk)
    refused = school.post("/api/v1/cme-referrals", body, Idempotency_Key="cme-1")
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "referred_to_id"
    body = cme_body(pupil.pk, agencies["missing_team"].pk)
    # The police refer too (#24), but only a child their force may see; a care home may not.
    police = api_as("police", Role.POLICE_OFFICER)
    assert police.post("/api/v1/cme-referrals", body, Idempotency_Key="x").status_code == 404
    care_home = api_as("care_home", Role.CARE_HOME_STAFF)
    assert care_home.post("/api/v1/cme-referrals", body, Idempotency_Key="y").status_code == 403
