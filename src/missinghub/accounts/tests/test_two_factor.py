"""Two-factor sign-in is required for every role: TOTP through allauth, with GOV.UK pages."""

import pytest
from django.urls import reverse

from missinghub.accounts.models import Role
from missinghub.accounts.tests.factories import UserFactory
from missinghub.accounts.totp import current_code, totp_secret
from missinghub.audit.enums import AuditVerb
from missinghub.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


def test_the_password_alone_does_not_sign_in_a_user_with_totp(client):
    user = UserFactory(password=PASSWORD)
    response = client.post(
        reverse("accounts:sign-in"), {"login": user.username, "password": PASSWORD}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("web:home")).status_code == 302
    page = client.get(reverse("mfa_authenticate")).content.decode()
    assert "Enter the code from your authenticator app" in page
    assert 'autocomplete="one-time-code"' in page
    assert not AuditEvent.objects.filter(verb=AuditVerb.SIGNED_IN).exists()


def test_a_wrong_code_is_refused_and_audited(client, sign_in):
    user = UserFactory(password=PASSWORD)
    right = current_code(totp_secret(user))
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    response = sign_in(client, user, PASSWORD, code=wrong)
    assert response.redirect_chain == []
    assert "There is a problem" in response.content.decode()
    assert client.get(reverse("web:home")).status_code == 302
    event = AuditEvent.objects.get(verb=AuditVerb.SIGN_IN_FAILED)
    assert event.detail == {"username": user.username, "factor": "totp"}
    assert not AuditEvent.objects.filter(verb=AuditVerb.SIGNED_IN).exists()


def test_the_right_code_gets_in(client, sign_in):
    user = UserFactory(password=PASSWORD)
    response = sign_in(client, user, PASSWORD)
    assert response.redirect_chain[-1][0] == reverse("web:home")
    assert client.get(reverse("web:home")).status_code == 200
    assert AuditEvent.objects.filter(verb=AuditVerb.SIGNED_IN, actor=user).count() == 1


@pytest.mark.parametrize("role", list(Role))
def test_every_role_without_totp_is_sent_to_set_it_up_before_any_page(client, role, agencies):
    agency = agencies["social_care"] if role != Role.POLICE_OFFICER else agencies["police"]
    user = UserFactory(role=role, agency=agency, password=PASSWORD, totp=False)
    response = client.post(
        reverse("accounts:sign-in"), {"login": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    for url in (reverse("web:home"), reverse("web:child", args=[1]), reverse("mfa_index")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_activate_totp")


def test_setting_up_totp_then_reaches_home_and_is_audited(
    client, django_capture_on_commit_callbacks
):
    user = UserFactory(password=PASSWORD, totp=False)
    client.post(reverse("accounts:sign-in"), {"login": user.username, "password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    assert "Set up two-factor sign-in" in page.content.decode()
    secret = page.context["form"].secret
    refused = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    if current_code(secret) != "000000":
        assert refused.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("mfa_activate_totp"), {"code": current_code(secret)}, follow=True
        )
    assert response.redirect_chain[-1][0] == reverse("mfa_view_recovery_codes")
    assert "Your recovery codes" in response.content.decode()
    assert totp_secret(user) == secret
    assert client.get(reverse("web:home")).status_code == 200
    assert AuditEvent.objects.filter(verb=AuditVerb.TWO_FACTOR_SET_UP, actor=user).exists()


def test_a_signed_in_user_cannot_turn_two_factor_off(client):
    user = UserFactory()
    client.force_login(user)
    response = client.get(reverse("mfa_deactivate_totp"))
    assert response["Location"] == reverse("web:home")
    response = client.get(reverse("mfa_activate_totp"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("web:home")
