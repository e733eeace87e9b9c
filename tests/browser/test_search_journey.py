"""An officer finds a child by a misspelt name from the service menu; the page passes axe."""

import pytest
from playwright.sync_api import Page, expect

from missinghub.accounts.models import Role
from missinghub.accounts.tests.factories import UserFactory
from tests.browser.conftest import assert_accessible
from tests.browser.test_first_journey import PASSWORD, sign_in


@pytest.mark.django_db(transaction=True)
def test_find_a_child_by_a_misspelt_name(page: Page, live_server, agencies, reported_child):
    officer = UserFactory(agency=agencies["police"], role=Role.POLICE_OFFICER, password=PASSWORD)
    sign_in(page, live_server.url, officer.username)
    page.get_by_role("link", name="Find a child").click()
    assert_accessible(page)
    page.get_by_label("Name, date of birth or reference").fill("Rowen Testbrok")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="1 child found")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Rowan Testbrook").click()
    expect(page.get_by_role("heading", name="Rowan Testbrook")).to_be_visible()
