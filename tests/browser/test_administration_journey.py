"""Day one of an installation: `missinghub setup` makes the first administrator, who signs in
and adds an agency in the pages; the CLI adds a second council's team, a force and a user in
each; those users sign in. An administrator is refused a child's page. Every page passes axe."""

import re
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from playwright.sync_api import Browser, Page, expect

from missinghub.accounts.models import Agency, Area
from missinghub.accounts.totp import current_code
from missinghub.episodes.tests.factories import EpisodeFactory
from tests.browser.conftest import assert_accessible


def _run(*args: str) -> tuple[str, str]:
    out = StringIO()
    call_command(*args, stdout=out)
    text = out.getvalue()
    password = re.search(r"One-time password: (\S+)", text)
    secret = re.search(r"Two-factor secret[^:]*: (\S+)", text)
    assert password and secret, text
    return password.group(1), secret.group(1)


def _sign_in(page: Page, base_url: str, username: str, password: str, secret: str) -> None:
    page.goto(base_url + "/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/two-factor/code/"))
    cache.clear()  # allauth refuses a code used twice in one period; each user signs in once
    page.get_by_label("Enter the code from your authenticator app").fill(current_code(secret))
    page.get_by_role("button", name="Continue").click()


@pytest.mark.django_db(transaction=True)
def test_setup_then_agencies_and_users_from_the_cli_sign_in(
    browser: Browser, page: Page, live_server
) -> None:
    admin = _run(
        "setup", "--agency", "Northdale Council IT", "--area", "Northdale", "--username", "it.admin"
    )
    _sign_in(page, live_server.url, "it.admin", *admin)
    page.get_by_role("link", name="Administration").first.click()
    expect(page.get_by_role("heading", name="Administration")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Add an agency").click()
    page.get_by_label("Name").fill("Northdale Missing Team")
    page.get_by_label("Kind of agency").select_option(label="Council missing team")
    page.get_by_label("Council area it serves").fill("Northdale")
    assert_accessible(page)
    page.get_by_role("button", name="Add the agency").click()
    expect(page.get_by_text("Northdale Missing Team added")).to_be_visible()
    assert Agency.objects.filter(name="Northdale Missing Team", area="Northdale").exists()

    episode = EpisodeFactory()
    page.goto(f"{live_server.url}/children/{episode.child_id}/")
    # The role sees no child: refused (403) before the record is even looked up.
    expect(
        page.get_by_role("heading", name=re.compile("cannot do this|not found", re.I))
    ).to_be_visible()
    assert episode.child.family_name not in page.content()

    call_command(
        "agency",
        "add",
        "Southvale Missing Team",
        "--kind",
        "missing_team",
        "--area",
        "Southvale",
        stdout=StringIO(),
    )
    call_command(
        "agency",
        "add",
        "Eastshire Police",
        "--kind",
        "police_force",
        "--area",
        "Eastshire",
        stdout=StringIO(),
    )
    # The force serves both councils; each council follows its own protocol (#25).
    for area, protocol in (("Northdale", "hartlepool-vemt"), ("Southvale", "plymouth-2013")):
        call_command(
            "area",
            "set",
            area,
            "--protocol",
            protocol,
            "--force",
            "Eastshire Police",
            stdout=StringIO(),
        )
    served = Area.objects.filter(police_force__name="Eastshire Police")
    assert set(served.values_list("name", "protocol")) == {
        ("Northdale", "hartlepool-vemt"),
        ("Southvale", "plymouth-2013"),
    }
    for username, agency, role, heading in (
        ("s.worker", "Southvale Missing Team", "missing_team_worker", "Missing-team worker"),
        ("e.officer", "Eastshire Police", "police_officer", "Police officer"),
    ):
        credentials = _run("user", "add", username, "--agency", agency, "--role", role)
        context = browser.new_context()
        their_page = context.new_page()
        _sign_in(their_page, live_server.url, username, *credentials)
        expect(their_page.get_by_text(f"{heading}, {agency}")).to_be_visible()
        assert_accessible(their_page)
        context.close()
