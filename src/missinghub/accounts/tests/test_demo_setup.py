import io

import pytest
from django.core.management import call_command

from missinghub.accounts.models import Role, User
from missinghub.children.models import Child
from missinghub.episodes.models import Episode

pytestmark = pytest.mark.django_db


def run_demo_setup(*args: str) -> str:
    out = io.StringIO()
    call_command("demo_setup", *args, stdout=out)
    return out.getvalue()


def test_demo_setup_creates_one_user_per_role_and_prints_working_passwords(client):
    output = run_demo_setup()
    assert User.objects.count() == len(Role)
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    officer = User.objects.get(role=Role.POLICE_OFFICER)
    row = next(line for line in output.splitlines() if officer.username in line)
    password = row.split("│")[-2].strip()
    assert client.login(username=officer.username, password=password)


def test_demo_setup_loads_demo_children_once_and_can_run_again():
    run_demo_setup()
    children, episodes = Child.objects.count(), Episode.objects.count()
    assert children > 0
    assert Episode.objects.filter(status="open").exists()
    run_demo_setup()
    assert (Child.objects.count(), Episode.objects.count()) == (children, episodes)
    assert User.objects.count() == len(Role)
