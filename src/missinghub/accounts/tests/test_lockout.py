"""django-axes locks a username after repeated failures, at either step; both are audited."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from missinghub.accounts.tests.factories import UserFactory
from missinghub.audit.enums import AuditVerb
from missinghub.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


def post_password(client, username: str, password: str):
    return client.post(reverse("accounts:sign-in"), {"login": username, "password": password})


def test_the_limit_is_set():
    assert settings.AXES_FAILURE_LIMIT == 5


def test_a_username_is_locked_after_repeated_wrong_passwords(client):
    user = UserFactory(password=PASSWORD)
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        assert post_password(client, user.username, "wrong").status_code == 200
    assert not AuditEvent.objects.filter(verb=AuditVerb.USER_LOCKED_OUT).exists()

    locking = post_password(client, user.username, "wrong")
    assert locking.status_code == 429
    assert "Sign-in is locked for this username" in locking.content.decode()
    locked = AuditEvent.objects.get(verb=AuditVerb.USER_LOCKED_OUT)
    assert locked.detail == {"username": user.username, "failures": limit}

    # The right password is refused too while locked, and that try is audited.
    refused = post_password(client, user.username, PASSWORD)
    assert refused.status_code == 429
    assert "mfa_authenticate" not in refused.get("Location", "")
    assert client.get(reverse("web:home")).status_code == 302
    attempt = AuditEvent.objects.get(verb=AuditVerb.SIGN_IN_LOCKED_OUT)
    assert attempt.detail == {"username": user.username}
    assert AuditEvent.objects.filter(verb=AuditVerb.SIGN_IN_FAILED).count() == limit + 1
    assert not AuditEvent.objects.filter(verb=AuditVerb.SIGNED_IN).exists()


def test_another_username_is_not_locked(client, sign_in):
    victim = UserFactory(password=PASSWORD)
    other = UserFactory(password=PASSWORD)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_password(client, victim.username, "wrong")
    response = sign_in(client, other, PASSWORD)
    assert response.redirect_chain[-1][0] == reverse("web:home")


def test_wrong_two_factor_codes_lock_the_username_too(client):
    user = UserFactory(password=PASSWORD)
    assert post_password(client, user.username, PASSWORD)["Location"] == reverse("mfa_authenticate")
    statuses = [
        client.post(reverse("mfa_authenticate"), {"code": "not-a-code"}).status_code
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    assert AuditEvent.objects.filter(verb=AuditVerb.USER_LOCKED_OUT).count() == 1
    # The pending sign-in stays locked, and so does the password step in a fresh browser.
    assert client.post(reverse("mfa_authenticate"), {"code": "123456"}).status_code == 429
    assert post_password(Client(), user.username, PASSWORD).status_code == 429
    assert AuditEvent.objects.filter(verb=AuditVerb.SIGN_IN_LOCKED_OUT).count() == 2


def test_a_success_clears_earlier_failures(client, sign_in):
    user = UserFactory(password=PASSWORD)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        post_password(client, user.username, "wrong")
    sign_in(client, user, PASSWORD)
    client.post(reverse("accounts:sign-out"))
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert post_password(client, user.username, "wrong").status_code == 200
