"""Fixtures for pursue tests: children a police officer and the missing team may see (each went
missing and came back), users of every role that matters, a MACE panel with a meeting next
week. Fictional people and the Ofcom drama phone range only."""

import datetime as dt

import pytest
from django.utils import timezone

from missinghub.accounts.models import Role, User
from missinghub.casework.models import PanelKind, PanelMeeting
from missinghub.casework.services.panels import create_panel
from missinghub.casework.tests.returns import returned_ten_hours_ago
from missinghub.children.models import Child
from missinghub.children.tests.factories import ChildFactory

NAMES = (("Robin", "Ashcombe"), ("Sky", "Birchfield"), ("Jordan", "Coldmere"), ("Alex", "Dunholme"))


@pytest.fixture
def children(agencies) -> list[Child]:
    made = []
    for number, (given, family) in enumerate(NAMES):
        child = ChildFactory(given_name=given, family_name=family)
        returned_ten_hours_ago(agencies, child, f"PU-{number}")
        made.append(child)
    return made


@pytest.fixture
def officer(make_user) -> User:
    return make_user("police", Role.POLICE_OFFICER)


@pytest.fixture
def worker(make_user) -> User:
    return make_user("missing_team", Role.MISSING_TEAM_WORKER)


@pytest.fixture
def chair(make_user) -> User:
    return make_user("social_care", Role.PANEL_CHAIR)


@pytest.fixture
def meeting(chair) -> PanelMeeting:
    panel = create_panel(actor=chair, name="Testshire MACE", kind=PanelKind.MACE)
    return PanelMeeting.objects.create(panel=panel, meets_at=timezone.now() + dt.timedelta(days=7))
