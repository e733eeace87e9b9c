"""Fixtures shared by every app's tests: Northdale-like agencies and a user per role."""

from collections.abc import Callable

import pytest

from missinghub.accounts.models import Agency, AgencyKind, Role, User
from missinghub.accounts.tests.factories import AgencyFactory, UserFactory


@pytest.fixture
def agencies(db: None) -> dict[str, Agency]:
    return {
        "police": AgencyFactory(name="Testshire Police", kind=AgencyKind.POLICE_FORCE),
        "other_police": AgencyFactory(name="Otherton Police", kind=AgencyKind.POLICE_FORCE),
        "missing_team": AgencyFactory(name="Testshire Missing Team", kind=AgencyKind.MISSING_TEAM),
        "social_care": AgencyFactory(
            name="Testshire Social Care", kind=AgencyKind.CHILDRENS_SOCIAL_CARE
        ),
        "care_home": AgencyFactory(name="Hilltop Children's Home", kind=AgencyKind.CARE_PROVIDER),
        "school": AgencyFactory(name="Testshire Academy", kind=AgencyKind.SCHOOL),
    }


@pytest.fixture
def make_user(agencies: dict[str, Agency]) -> Callable[[str, Role], User]:
    def make(agency_key: str, role: Role) -> User:
        return UserFactory(agency=agencies[agency_key], role=role)

    return make
