"""Administration from the terminal: the first administrator, agencies and users, audited."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from missinghub.accounts.models import Agency, AgencyKind, Role, User
from missinghub.accounts.totp import current_code, totp_secret
from missinghub.audit.enums import AuditVerb
from missinghub.audit.models import AuditEvent


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def one_time(output: str) -> tuple[str, str]:
    password = re.search(r"One-time password: (\S+)", output)
    secret = re.search(r"[Tt]wo-factor secret[^:]*: (\S+)", output)
    assert password and secret, output
    return password.group(1), secret.group(1)


@pytest.mark.django_db
def test_setup_makes_the_first_administrator_once() -> None:
    output = run("setup", "--agency", "Northdale Council IT", "--area", "Northdale")
    password, secret = one_time(output)
    admin = User.objects.get(username="administrator")
    assert admin.role == Role.SYSTEM_ADMINISTRATOR
    assert admin.check_password(password)
    assert totp_secret(admin) == secret and len(current_code(secret)) == 6
    assert admin.agency.area == "Northdale"
    with pytest.raises(CommandError, match="already has a system administrator"):
        run("setup", "--agency", "Other", "--area", "Elsewhere", "--username", "second")
    assert User.objects.filter(role=Role.SYSTEM_ADMINISTRATOR).count() == 1


@pytest.mark.django_db
def test_a_second_council_and_a_force_with_a_user_in_each() -> None:
    run("agency", "add", "Southvale Missing Team", "--kind", "missing_team", "--area", "Southvale")
    run("agency", "add", "Eastshire Police", "--kind", "police_force", "--area", "Eastshire")
    worker_out = run(
        "user",
        "add",
        "S.Worker",
        "--agency",
        "southvale missing team",
        "--role",
        "missing_team_worker",
    )
    officer_out = run(
        "user", "add", "e.officer", "--agency", "Eastshire Police", "--role", "police_officer"
    )
    worker = User.objects.get(username="S.Worker")
    officer = User.objects.get(username="e.officer")
    assert worker.agency.kind == AgencyKind.MISSING_TEAM and worker.agency.area == "Southvale"
    assert officer.agency.kind == AgencyKind.POLICE_FORCE
    assert worker.check_password(one_time(worker_out)[0])
    assert officer.check_password(one_time(officer_out)[0])
    listing = run("user", "list", "--agency", "Eastshire Police")
    assert "e.officer" in listing and "S.Worker" not in listing
    assert "Southvale\tactive" in run("agency", "list")
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {AuditVerb.AGENCY_CREATED, AuditVerb.USER_CREATED} <= verbs


@pytest.mark.django_db
def test_mistakes_are_refused_with_a_clear_message() -> None:
    run("agency", "add", "Westby School", "--kind", "school", "--area", "Westby")
    with pytest.raises(CommandError, match="already exists"):
        run("agency", "add", "WESTBY SCHOOL", "--kind", "school", "--area", "Westby")
    with pytest.raises(CommandError, match="cannot belong to a School"):
        run("user", "add", "x", "--agency", "Westby School", "--role", "police_officer")
    with pytest.raises(CommandError, match="No agency is called"):
        run("user", "add", "x", "--agency", "Nowhere", "--role", "analyst")
    assert not User.objects.filter(username="x").exists()
    assert Agency.objects.filter(name__iexact="westby school").count() == 1


@pytest.mark.django_db
def test_disable_unlock_and_reset_two_factor_are_audited(agencies) -> None:
    output = run(
        "user",
        "add",
        "t.lead",
        "--agency",
        agencies["school"].name,
        "--role",
        "school_safeguarding_lead",
    )
    _, first_secret = one_time(output)
    run("user", "disable", "T.LEAD", "--reason", "left the school")
    assert not User.objects.get(username="t.lead").is_active
    run("user", "enable", "t.lead")
    run("user", "unlock", "t.lead")
    reset = run("user", "reset-two-factor", "t.lead")
    new_secret = reset.rsplit(": ", 1)[1].strip()
    user = User.objects.get(username="t.lead")
    assert user.is_active and totp_secret(user) == new_secret != first_secret
    verbs = list(AuditEvent.objects.filter(target_id=str(user.pk)).values_list("verb", flat=True))
    for verb in (
        AuditVerb.USER_DISABLED,
        AuditVerb.USER_ENABLED,
        AuditVerb.USER_UNLOCKED,
        AuditVerb.TWO_FACTOR_RESET,
    ):
        assert verb in verbs
