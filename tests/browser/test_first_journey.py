"""A missing-team worker signs in, sees who is missing now, opens the child and the episode;
a user of another agency is refused the same child. Every page passes axe."""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect

from missinghub.accounts.models import Role, User
from missinghub.accounts.tests.factories import UserFactory
from missinghub.accounts.totp import current_code, totp_secret
from tests.browser.conftest import assert_accessible

PASSWORD = "a-long-demo-password"


def sign_in(page: Page, base_url: str, username: str) -> None:
    page.goto(base_url + "/")
    expect(page).to_have_url(re.compile(r"/sign-in/"))
    assert_accessible(page)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    # Two-factor step: the code the user's authenticator app would show now.
    expect(page).to_have_url(re.compile(r"/two-factor/code/"))
    assert_accessible(page)
    user = User.objects.get(username=username)
    # allauth refuses a code that was already used (replay protection); a journey that signs the
    # same user in twice within one 30-second period would otherwise fail by the clock. The
    # live server shares this process's cache, so forgetting the used codes is enough.
    cache.clear()
    page.get_by_label("Enter the code from your authenticator app").fill(
        current_code(totp_secret(user))
    )
    page.get_by_role("button", name="Continue").click()


@pytest.mark.django_db(transaction=True)
def test_a_missing_team_worker_finds_the_child_missing_now(
    page, live_server, agencies, reported_child
):
    worker = UserFactory(
        agency=agencies["missing_team"], role=Role.MISSING_TEAM_WORKER, password=PASSWORD
    )
    sign_in(page, live_server.url, worker.username)
    expect(page.get_by_role("heading", name="Children missing now")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Rowan Testbrook").first.click()
    expect(page.get_by_role("heading", name="Rowan Testbrook")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("region", name="Episodes").get_by_role("link", name="Missing").click()
    expect(page.get_by_text("Not returned from school; phone off")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/sign-in/"))


@pytest.mark.django_db(transaction=True)
def test_a_school_is_refused_a_child_it_does_not_know(page, live_server, agencies, reported_child):
    lead = UserFactory(
        agency=agencies["school"], role=Role.SCHOOL_SAFEGUARDING_LEAD, password=PASSWORD
    )
    sign_in(page, live_server.url, lead.username)
    expect(page.get_by_text("No child you work with is missing now.")).to_be_visible()
    response = page.goto(f"{live_server.url}/children/{reported_child.pk}/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    expect(page.get_by_text("Rowan")).to_have_count(0)
    assert_accessible(page)
