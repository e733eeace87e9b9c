"""The service navigation offers each role the sections it may use, and every link it offers
opens for that user (no link leads to a refusal)."""

import re

import pytest
from django.urls import reverse

from missinghub.accounts.models import ROLE_AGENCY_KINDS, Role
from missinghub.accounts.tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db

NAV_LINK = re.compile(r'class="govuk-service-navigation__link" href="([^"]+)"')


def links_for(client, role: Role) -> list[str]:
    agency = AgencyFactory(kind=ROLE_AGENCY_KINDS[role][0])
    client.force_login(UserFactory(agency=agency, role=role))
    return NAV_LINK.findall(client.get(reverse("web:home")).content.decode())


@pytest.mark.parametrize("role", list(Role))
def test_every_offered_link_opens(client, role: Role) -> None:
    links = links_for(client, role)
    assert links[0] == "/"
    for link in links:
        assert client.get(link).status_code == 200, f"{role} offered {link}, which refused"


@pytest.mark.parametrize(
    ("role", "offered", "not_offered"),
    [
        (
            Role.POLICE_OFFICER,
            {"/search/", "/pursue/"},
            {"/imports/", "/reports/", "/casework/panels/"},
        ),
        (Role.MISSING_TEAM_MANAGER, {"/imports/", "/linkage/review/", "/casework/panels/"}, set()),
        (
            Role.SCHOOL_SAFEGUARDING_LEAD,
            {"/casework/children-missing-education/"},
            {"/imports/", "/pursue/"},
        ),
        (Role.CARE_HOME_STAFF, set(), {"/pursue/"}),
        (Role.ANALYST, {"/reports/"}, {"/search/", "/casework/panels/", "/pursue/"}),
    ],
)
def test_each_role_sees_its_sections(client, role, offered, not_offered) -> None:
    links = set(links_for(client, role))
    assert offered <= links
    assert not (not_offered & links)


def test_the_current_section_is_marked(client) -> None:
    agency = AgencyFactory(kind=ROLE_AGENCY_KINDS[Role.POLICE_OFFICER][0])
    client.force_login(UserFactory(agency=agency, role=Role.POLICE_OFFICER))
    page = client.get(reverse("web:search")).content.decode()
    assert 'href="/search/" aria-current="page"' in page
