"""Fixtures for casework tests: a child who went missing and came back, the return interview
task the active protocol created, and a missing-team worker. Fictional people only."""

import datetime as dt

import pytest
from django.utils import timezone

from missinghub.accounts.models import Role, User
from missinghub.casework.models import ReturnInterview
from missinghub.casework.services.interviews import open_interview
from missinghub.children.tests.factories import ChildFactory
from missinghub.episodes.models import Episode, EpisodeCategory, ReturnMethod, RiskLevel
from missinghub.episodes.services import record_return, report_missing
from missinghub.protocols.models import ProtocolTask, TaskKind


@pytest.fixture
def returned_episode(agencies) -> Episode:
    returned_at = timezone.now() - dt.timedelta(hours=10)
    episode = report_missing(
        actor=None,
        child=ChildFactory(given_name="Robin", family_name="Casefield"),
        category=EpisodeCategory.MISSING,
        last_seen_at=returned_at - dt.timedelta(hours=20),
        reported_at=returned_at - dt.timedelta(hours=19),
        reporting_agency=agencies["police"],
        source_system="casework-test",
        source_reference="CW-1",
        risk_level=RiskLevel.MEDIUM,
        risk_reason="Missing overnight, phone off",
        notify=(agencies["missing_team"],),
    )
    return record_return(
        actor=None,
        episode=episode,
        returned_at=returned_at,
        return_method=ReturnMethod.FOUND_BY_POLICE,
        where_found="Railway station",
    )


@pytest.fixture
def interview_task(returned_episode) -> ProtocolTask:
    return ProtocolTask.objects.get(episode=returned_episode, kind=TaskKind.RETURN_INTERVIEW)


@pytest.fixture
def worker(make_user) -> User:
    return make_user("missing_team", Role.MISSING_TEAM_WORKER)


@pytest.fixture
def manager(make_user) -> User:
    return make_user("missing_team", Role.MISSING_TEAM_MANAGER)


@pytest.fixture
def interview(worker, interview_task) -> ReturnInterview:
    return open_interview(actor=worker, task=interview_task)[0]
