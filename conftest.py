"""Fixtures shared by every app's tests: Northdale-like agencies and a user per role."""

from collections.abc import Callable, Iterator

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from missinghub.accounts.models import Agency, AgencyKind, Role, User
from missinghub.accounts.tests.factories import AgencyFactory, UserFactory
from missinghub.accounts.totp import current_code, totp_secret


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


@pytest.fixture
def sign_in() -> Callable[..., HttpResponse]:
    """Sign in through the real pages: password, then the TOTP code the user's device shows now.

    `sign_in(client, user, password, code=None)` returns the response to the code step (followed
    to its end); pass `code` to send a wrong one.
    """

    def sign_in_with_totp(
        client: Client, user: User, password: str, code: str | None = None
    ) -> HttpResponse:
        response = client.post(
            reverse("accounts:sign-in"), {"login": user.username, "password": password}
        )
        if response.get("Location") != reverse("mfa_authenticate"):
            raise AssertionError(f"the password step should pass, got {response.status_code}")
        code = code if code is not None else current_code(totp_secret(user))
        return client.post(reverse("mfa_authenticate"), {"code": code}, follow=True)

    return sign_in_with_totp


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """allauth keeps its per-address rate limits and used TOTP codes in the cache: start clean."""
    cache.clear()
    yield
    cache.clear()
