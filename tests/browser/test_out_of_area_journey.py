"""#25 must show 3: a child looked after by council A (Northdale) and living in a children's home
in council B (Southvale) goes missing, reported by the force through the intake, and comes back.
A's missing team gets the return-interview task (its worker sees it on the home page and it
opens); B's missing team and the force find the child in their "placed in our area" list; a
user of council C (Westmere) finds the child in no list, and the child's page is refused. The
region is built with services (protocols/tests/region.py). Every page passes axe."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from missinghub.accounts.models import Agency, AgencyKind, Role, User
from missinghub.accounts.tests.factories import UserFactory
from missinghub.children.models import Child
from missinghub.protocols.models import ProtocolTask, TaskKind, TaskStatus
from missinghub.protocols.tests.region import build_region, missing_and_back, placed_out_of_area
from tests.browser.conftest import assert_accessible
from tests.browser.test_day_closes_journey import home, sign_out, task_link
from tests.browser.test_first_journey import PASSWORD, sign_in

PLACED_HERE = "Children placed in our area by other councils, longest placed first"
PLACED_AWAY = "Our children placed in other council areas, longest placed first"


def _user(agency: Agency, role: Role) -> User:
    user: User = UserFactory.create(agency=agency, role=role, password=PASSWORD)
    return user


def open_out_of_area_lists(page: Page) -> None:
    page.get_by_role("link", name="Out of area").first.click()
    expect(page.get_by_role("heading", name="Children placed out of area")).to_be_visible()
    assert_accessible(page)


def placing_worker_opens_the_interview(page: Page, url: str, worker: User, child: Child) -> None:
    sign_in(page, url, worker.username)
    home(page)
    task_link(page, f"Return interview for {child.full_name}").click()
    expect(page.get_by_role("heading", name="Return interview", exact=True)).to_be_visible()
    expect(page.get_by_text(child.full_name).first).to_be_visible()
    assert_accessible(page)
    open_out_of_area_lists(page)  # A's own child, placed in Southvale
    away = page.get_by_role("region", name=PLACED_AWAY)
    expect(away.get_by_role("link", name=child.full_name)).to_be_visible()
    expect(away).to_contain_text("Southvale")
    sign_out(page)


def host_sees_the_child_placed_here(page: Page, url: str, user: User, child: Child) -> None:
    sign_in(page, url, user.username)
    home(page)
    open_out_of_area_lists(page)
    here = page.get_by_role("region", name=PLACED_HERE)
    expect(here.get_by_role("link", name=child.full_name)).to_be_visible()
    expect(here).to_contain_text("Northdale Social Care")
    here.get_by_role("link", name=child.full_name).click()
    expect(page.get_by_role("heading", name=child.full_name)).to_be_visible()
    assert_accessible(page)
    sign_out(page)


def third_council_sees_nothing(page: Page, url: str, user: User, child: Child) -> None:
    sign_in(page, url, user.username)
    home(page)
    expect(page.get_by_text(child.full_name)).to_have_count(0)
    open_out_of_area_lists(page)
    expect(page.get_by_text(child.full_name)).to_have_count(0)
    expect(page.get_by_text("No child you can see is placed in your area")).to_be_visible()
    page.goto(f"{url}/search/?q={child.family_name}")
    expect(page.get_by_role("link", name=child.full_name)).to_have_count(0)
    response = page.goto(url + reverse("web:child", args=[child.pk]))
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    expect(page.get_by_text(child.full_name)).to_have_count(0)
    assert_accessible(page)
    sign_out(page)


@pytest.mark.django_db(transaction=True)
def test_a_child_placed_across_the_border_goes_missing(page: Page, live_server: LiveServer) -> None:
    region = build_region()
    child = placed_out_of_area(region)
    force = region["force"][AgencyKind.POLICE_FORCE]
    missing_and_back(child, force)
    task = ProtocolTask.objects.get(
        child=child, kind=TaskKind.RETURN_INTERVIEW, status=TaskStatus.OPEN
    )
    assert task.owner_agency == region["A"][AgencyKind.MISSING_TEAM]
    url = live_server.url
    placing_worker_opens_the_interview(
        page, url, _user(region["A"][AgencyKind.MISSING_TEAM], Role.MISSING_TEAM_WORKER), child
    )
    host_team = _user(region["B"][AgencyKind.MISSING_TEAM], Role.MISSING_TEAM_WORKER)
    host_sees_the_child_placed_here(page, url, host_team, child)
    host_sees_the_child_placed_here(page, url, _user(force, Role.POLICE_OFFICER), child)
    third_council_sees_nothing(
        page, url, _user(region["C"][AgencyKind.MISSING_TEAM], Role.MISSING_TEAM_WORKER), child
    )
