import io

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse

from missinghub.accounts.models import Role, User
from missinghub.accounts.totp import current_code
from missinghub.children.models import Child
from missinghub.episodes.models import Episode

pytestmark = pytest.mark.django_db


def run_command(name: str, *args: str) -> str:
    out = io.StringIO()
    call_command(name, *args, stdout=out)
    return out.getvalue()


def test_demo_setup_creates_one_user_per_role_who_can_sign_in_with_printed_secrets(client):
    output = run_command("demo_setup")
    assert User.objects.count() == len(Role)
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    officer = User.objects.get(role=Role.POLICE_OFFICER)
    row = next(line for line in output.splitlines() if officer.username in line)
    password, secret = (cell.strip() for cell in row.split("│")[-3:-1])
    response = client.post(
        reverse("accounts:sign-in"), {"login": officer.username, "password": password}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    with override_settings(MISSINGHUB_DEMO=True):
        code = run_command("demo_totp", officer.username).strip()
    assert code == current_code(secret)
    response = client.post(reverse("mfa_authenticate"), {"code": code}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("web:home")


def test_demo_totp_is_refused_outside_the_demo():
    run_command("demo_setup", "--no-data")
    with pytest.raises(CommandError, match="demo only"):
        run_command("demo_totp", "police.officer")


def test_demo_setup_loads_demo_children_once_and_can_run_again():
    run_command("demo_setup")
    children, episodes = Child.objects.count(), Episode.objects.count()
    assert children > 0
    assert Episode.objects.filter(status="open").exists()
    run_command("demo_setup")
    assert (Child.objects.count(), Episode.objects.count()) == (children, episodes)
    assert User.objects.count() == len(Role)
