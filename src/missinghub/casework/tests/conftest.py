"""Fixtures for casework tests: a child who went missing and came back, the return interview
task the active protocol created, and a missing-team worker. Fictional people only."""

import pytest

from missinghub.accounts.models import Role, User
from missinghub.casework.models import ReturnInterview
from missinghub.casework.services.interviews import open_interview
from missinghub.casework.tests.returns import returned_ten_hours_ago
from missinghub.children.tests.factories import ChildFactory
from missinghub.episodes.models import Episode
from missinghub.protocols.models import ProtocolTask, TaskKind


@pytest.fixture
def returned_episode(agencies) -> Episode:
    child = ChildFactory(given_name="Robin", family_name="Casefield")
    return returned_ten_hours_ago(agencies, child, "CW-1")


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
