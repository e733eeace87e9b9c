import io
import uuid

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from missinghub.accounts.demo import SECOND_COUNCIL_USERS
from missinghub.accounts.models import Agency, Area, Role, User
from missinghub.accounts.totp import current_code
from missinghub.casework.models import CmeReferral
from missinghub.children.models import Child, IdentifierKind
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


def test_the_demo_school_holds_pupils_and_its_lead_can_start_a_cme_referral(client):
    run_command("demo_setup")
    lead = User.objects.get(role=Role.SCHOOL_SAFEGUARDING_LEAD)
    pupils = Child.objects.filter(
        identifiers__agency=lead.agency, identifiers__kind=IdentifierKind.SCHOOL_UPN
    )
    # Every demo child but the one placed in an Eastmere home (at school there) is on the roll.
    placed_away = Child.objects.filter(identifiers__value="ND-P-2001")
    assert pupils.count() == Child.objects.count() - placed_away.count() > 0
    pupil = pupils.order_by("pk").first()
    client.force_login(lead)
    child_page = client.get(reverse("web:child", args=[pupil.pk]))
    refer_url = reverse("casework:cme-refer", args=[pupil.pk])
    assert refer_url in child_page.content.decode()
    team = Agency.objects.get(kind="missing_team", area=lead.agency.area)
    today = timezone.localdate()
    assert client.get(refer_url).status_code == 200
    response = client.post(
        refer_url,
        {
            "submission_id": str(uuid.uuid4()),
            "ground": "absent_20_days",
            "referred_to": team.pk,
            "referred_day": today.day,
            "referred_month": today.month,
            "referred_year": today.year,
        },
    )
    referral = CmeReferral.objects.get(child=pupil)
    assert response["Location"] == reverse("casework:cme", args=[referral.pk])
    assert (referral.school, referral.referred_by) == (lead.agency, lead)


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
