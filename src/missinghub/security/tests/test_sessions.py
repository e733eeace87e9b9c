"""Idle and absolute session limits; disabled users and changed passwords end sessions."""

import time

import pytest
from django.conf import settings
from django.urls import reverse

from missinghub.accounts.services import change_password, disable_user
from missinghub.accounts.tests.factories import UserFactory
from missinghub.audit.enums import AuditVerb
from missinghub.audit.models import AuditEvent
from missinghub.security.sessions import LAST_SEEN_KEY, STARTED_KEY

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


def move_clock_back(client, *, started_by: float = 0, last_seen_by: float = 0) -> None:
    """Make the session look older: shift its stored timestamps into the past."""
    session = client.session
    session[STARTED_KEY] -= started_by
    session[LAST_SEEN_KEY] -= last_seen_by
    session.save()


def ended_reasons() -> list[str]:
    return [e.detail["reason"] for e in AuditEvent.objects.filter(verb=AuditVerb.SESSION_ENDED)]


def test_the_limits_are_thirty_minutes_idle_and_twelve_hours_in_all():
    assert settings.MISSINGHUB_SESSION_IDLE_MINUTES == 30
    assert settings.MISSINGHUB_SESSION_ABSOLUTE_HOURS == 12


def test_sign_in_starts_both_clocks(client, sign_in):
    user = UserFactory(password=PASSWORD)
    before = time.time()
    sign_in(client, user, PASSWORD)
    assert before <= client.session[STARTED_KEY] <= time.time()
    assert client.session[LAST_SEEN_KEY] >= client.session[STARTED_KEY]


def test_a_session_idle_for_thirty_minutes_ends(client):
    user = UserFactory()
    client.force_login(user)
    move_clock_back(client, started_by=29 * 60, last_seen_by=29 * 60)
    assert client.get(reverse("web:home")).status_code == 200
    move_clock_back(client, started_by=31 * 60, last_seen_by=31 * 60)
    response = client.get(reverse("web:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))
    assert ended_reasons() == ["idle"]
    assert AuditEvent.objects.get(verb=AuditVerb.SESSION_ENDED).actor == user


def test_activity_keeps_a_session_alive_until_the_absolute_limit(client):
    user = UserFactory()
    client.force_login(user)
    move_clock_back(client, started_by=11 * 3600 + 50 * 60, last_seen_by=60)
    assert client.get(reverse("web:home")).status_code == 200
    assert time.time() - client.session[LAST_SEEN_KEY] < 5  # the request refreshed it
    move_clock_back(client, started_by=11 * 60)
    response = client.get(reverse("web:home"))
    assert response.status_code == 302
    assert ended_reasons() == ["absolute"]
    assert client.get(reverse("web:home")).status_code == 302


def test_a_disabled_user_is_signed_out_at_the_next_request(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get(reverse("web:home")).status_code == 200
    disable_user(actor=None, user=user, reason="left the agency")
    response = client.get(reverse("web:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))
    assert ended_reasons() == ["account_disabled_or_password_changed"]
    assert AuditEvent.objects.filter(verb=AuditVerb.USER_DISABLED, target_id=str(user.pk)).exists()


def test_a_disabled_user_cannot_sign_in_again(client):
    user = UserFactory(password=PASSWORD)
    disable_user(actor=None, user=user, reason="left the agency")
    response = client.post(
        reverse("accounts:sign-in"), {"login": user.username, "password": PASSWORD}, follow=True
    )
    assert "This account cannot sign in" in response.content.decode()
    assert client.get(reverse("web:home")).status_code == 302
    refused = AuditEvent.objects.get(verb=AuditVerb.SIGN_IN_FAILED)
    assert refused.detail == {"username": user.username}
    assert not AuditEvent.objects.filter(verb=AuditVerb.SIGNED_IN).exists()


def test_changing_the_password_ends_every_session_of_the_user(client, sign_in):
    user = UserFactory(password=PASSWORD)
    other_browser = client.__class__()
    sign_in(client, user, PASSWORD)
    other_browser.force_login(user)
    assert client.get(reverse("web:home")).status_code == 200
    assert other_browser.get(reverse("web:home")).status_code == 200
    change_password(actor=user, user=user, password="a-new-long-passphrase")
    assert client.get(reverse("web:home")).status_code == 302
    assert other_browser.get(reverse("web:home")).status_code == 302
    assert ended_reasons() == ["account_disabled_or_password_changed"] * 2
    assert AuditEvent.objects.filter(verb=AuditVerb.PASSWORD_CHANGED).count() == 1
