import io

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse

from missinghub.accounts.demo import SECOND_COUNCIL_USERS
from missinghub.accounts.models import Area, Role, User
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
    assert User.objects.count() == len(Role) + len(SECOND_COUNCIL_USERS)
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
    assert User.objects.count() == len(Role) + len(SECOND_COUNCIL_USERS)


def test_demo_has_two_councils_served_by_one_force_and_a_child_placed_across_the_border(
    client,  # type: ignore[no-untyped-def]
) -> None:
    from missinghub.episodes.selectors import agencies_to_notify

    output = run_command("demo_setup")
    areas = {area.name: area for area in Area.objects.select_related("police_force")}
    assert areas["Northdale"].police_force == areas["Eastmere"].police_force
    assert areas["Northdale"].police_force.name == "Northdale Police"
    assert (areas["Northdale"].protocol, areas["Eastmere"].protocol) == ("", "plymouth-2013")
    child = Child.objects.get(identifiers__value="ND-P-2001")
    assert "Rowan Penhallow, looked after by Northdale, lives in Eastmere" in output
    police = areas["Northdale"].police_force
    told = {a.name for a in agencies_to_notify(child_id=child.pk, reporting_agency=police)}
    assert {"Northdale Missing and Return Team", "Eastmere Missing Team"} <= told
    assert User.objects.get(username="eastmere.missing.team.worker").agency.area == "Eastmere"
    run_command("demo_setup")  # again: still one such child
    assert Child.objects.filter(identifiers__value="ND-P-2001").count() == 1
