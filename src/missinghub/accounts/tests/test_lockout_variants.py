"""Lockout holds whatever letter case is typed, and locks the username, never the address
(security review, findings 4 and 8)."""

import pytest
from django.conf import settings
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from missinghub.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"
# The tester's spellings of one username.
VARIANTS = ("Casey.Jones", "CASEY.JONES", "casey.JONES", "cASEY.jONES")


def post_password(client: Client, username: str, password: str) -> int:
    response = client.post(reverse("accounts:sign-in"), {"login": username, "password": password})
    return response.status_code


def test_wrong_passwords_in_every_letter_case_lock_the_one_username(client: Client) -> None:
    UserFactory(username="casey.jones", password=PASSWORD)
    statuses = [
        post_password(client, VARIANTS[n % len(VARIANTS)], "wrong")
        for n in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses[-1] == 429
    # The right password, in any case, is refused while the username is locked.
    for spelling in ("casey.jones", *VARIANTS):
        assert post_password(Client(), spelling, PASSWORD) == 429


def test_a_sign_in_in_another_case_is_the_same_user(client: Client, sign_in) -> None:
    user = UserFactory(username="casey.jones", password=PASSWORD)
    user.username = "Casey.Jones"  # as typed; the stored name is lower case
    response = sign_in(client, user, PASSWORD)
    assert response.redirect_chain[-1][0] == reverse("web:home")


def test_usernames_are_unique_whatever_their_case() -> None:
    UserFactory(username="casey.jones")
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(username="Casey.Jones")


def test_a_colleague_at_the_same_address_signs_in_after_many_failures(client: Client, sign_in):
    """Police stations and council offices share one address: 40 failures a minute from it,
    spread over several usernames so none is locked, must not refuse a colleague."""
    others = [UserFactory(password=PASSWORD) for _ in range(10)]
    for other in others:
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            assert post_password(Client(), other.username, "wrong") == 200
    colleague = UserFactory(password=PASSWORD)
    response = sign_in(client, colleague, PASSWORD)
    assert response.redirect_chain[-1][0] == reverse("web:home")
