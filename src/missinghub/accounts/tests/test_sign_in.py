import pytest
from django.urls import reverse

from missinghub.accounts.models import Role
from missinghub.accounts.tests.factories import UserFactory
from missinghub.audit.enums import AuditVerb
from missinghub.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_the_sign_in_page_asks_for_username_and_password(client):
    response = client.get(reverse("accounts:sign-in"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="login"' in page
    assert 'name="password"' in page
    assert "Sign in to MissingHub" in page


def test_pages_need_sign_in(client):
    for url in (
        reverse("web:home"),
        reverse("web:child", args=[1]),
        reverse("web:episode", args=[1]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:sign-in"))


def test_signing_in_with_password_and_code_reaches_home_and_is_audited(client, sign_in):
    user = UserFactory(role=Role.MISSING_TEAM_WORKER, password="correct-horse-battery")
    response = sign_in(client, user, "correct-horse-battery")
    assert response.redirect_chain[-1][0] == reverse("web:home")
    assert "Children missing now" in response.content.decode()
    event = AuditEvent.objects.get(verb=AuditVerb.SIGNED_IN)
    assert event.actor == user
    assert event.actor_agency_id == user.agency_id


def test_a_wrong_password_is_refused_and_audited(client):
    user = UserFactory(password="correct-horse-battery")
    response = client.post(
        reverse("accounts:sign-in"), {"login": user.username, "password": "wrong"}
    )
    assert response.status_code == 200
    assert "Enter a correct username and password" in response.content.decode()
    event = AuditEvent.objects.get(verb=AuditVerb.SIGN_IN_FAILED)
    assert event.detail == {"username": user.username}
    assert event.actor is None
    assert not AuditEvent.objects.filter(verb=AuditVerb.SIGNED_IN).exists()


def test_signing_out_ends_the_session(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get(reverse("web:home")).status_code == 200
    client.post(reverse("accounts:sign-out"))
    assert client.get(reverse("web:home")).status_code == 302
    assert AuditEvent.objects.filter(verb=AuditVerb.SIGNED_OUT, actor=user).exists()


def test_there_is_no_self_sign_up_or_password_reset_page(client):
    for path in ("/signup/", "/password/reset/", "/accounts/signup/"):
        assert client.get(path).status_code in {302, 404}
    assert reverse("account_login") == reverse("accounts:sign-in")
