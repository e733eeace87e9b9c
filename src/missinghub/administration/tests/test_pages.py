"""The administration pages: an administrator manages agencies and users and sees no child;
nobody else may use them; a disabled user's session ends at once."""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from missinghub.accounts.models import Agency, Role, User
from missinghub.accounts.tests.factories import UserFactory
from missinghub.accounts.totp import totp_secret
from missinghub.audit.enums import AuditVerb
from missinghub.audit.models import AuditEvent
from missinghub.episodes.tests.factories import EpisodeFactory


@pytest.fixture
def administrator(agencies) -> User:
    return UserFactory(agency=agencies["social_care"], role=Role.SYSTEM_ADMINISTRATOR)


@pytest.fixture
def admin_client(administrator: User) -> Client:
    client = Client()
    client.force_login(administrator)
    return client


def test_an_administrator_adds_an_agency_and_a_user(admin_client: Client, agencies) -> None:
    page = admin_client.get(reverse("administration:index"))
    assert page.status_code == 200 and "Testshire Academy" in page.content.decode()
    admin_client.post(
        reverse("administration:agency-add"),
        {"name": "Southvale Missing Team", "kind": "missing_team", "area": "Southvale"},
    )
    southvale = Agency.objects.get(name="Southvale Missing Team")
    added = admin_client.post(
        reverse("administration:user-add"),
        {
            "username": "s.worker",
            "first_name": "Sam",
            "last_name": "Vale",
            "agency": southvale.pk,
            "role": "missing_team_worker",
        },
    )
    text = added.content.decode()
    user = User.objects.get(username="s.worker")
    password = re.search(r'data-testid="one-time-password">([^<]+)<', text)
    secret = re.search(r'data-testid="two-factor-secret">([^<]+)<', text)
    assert password and user.check_password(password.group(1))
    assert secret and totp_secret(user) == secret.group(1)
    assert "Missing-team worker" in text and "missing_team_worker" not in text


def test_a_second_user_with_the_same_name_in_another_case_is_refused(
    admin_client: Client, agencies
) -> None:
    UserFactory(username="j.smith", agency=agencies["school"], role=Role.SCHOOL_SAFEGUARDING_LEAD)
    page = admin_client.post(
        reverse("administration:user-add"),
        {"username": "J.Smith", "agency": agencies["school"].pk, "role": "analyst"},
    )
    assert "A user with this username already exists" in page.content.decode()
    assert User.objects.filter(username__iexact="j.smith").count() == 1


def test_a_role_that_does_not_fit_the_agency_is_a_form_error(
    admin_client: Client, agencies
) -> None:
    page = admin_client.post(
        reverse("administration:user-add"),
        {"username": "p.c", "agency": agencies["school"].pk, "role": "police_officer"},
    )
    assert "cannot belong to a School" in page.content.decode()
    assert not User.objects.filter(username="p.c").exists()


def test_a_disabled_user_is_signed_out_at_once(admin_client: Client, make_user) -> None:
    worker = make_user("missing_team", Role.MISSING_TEAM_WORKER)
    their_browser = Client()
    their_browser.force_login(worker)
    assert their_browser.get(reverse("web:home")).status_code == 200
    admin_client.post(
        reverse("administration:user-action", args=[worker.pk, "disable"]),
        {"reason": "left the service"},
    )
    after = their_browser.get(reverse("web:home"))
    assert after.status_code == 302 and "/sign-in/" in after["Location"]
    assert AuditEvent.objects.filter(verb=AuditVerb.USER_DISABLED).exists()


def test_disabling_needs_a_reason(admin_client: Client, make_user) -> None:
    worker = make_user("missing_team", Role.MISSING_TEAM_WORKER)
    page = admin_client.post(
        reverse("administration:user-action", args=[worker.pk, "disable"]), {"reason": ""}
    )
    assert page.status_code == 400 and "Enter why the account is disabled" in page.content.decode()
    worker.refresh_from_db()
    assert worker.is_active


@pytest.mark.parametrize(
    "role", [Role.MISSING_TEAM_MANAGER, Role.POLICE_SUPERVISOR, Role.DATA_PROTECTION_OFFICER]
)
def test_nobody_else_may_administer_and_the_refusal_is_audited(make_user, role: Role) -> None:
    agency = {"missing_team_manager": "missing_team", "police_supervisor": "police"}.get(
        role, "social_care"
    )
    client = Client()
    client.force_login(make_user(agency, role))
    for name in ("administration:index", "administration:users", "administration:user-add"):
        assert client.get(reverse(name)).status_code == 403
    assert AuditEvent.objects.filter(verb=AuditVerb.ACCESS_REFUSED).count() == 3


def _child_pages(resolver: URLResolver, prefix: str = "") -> list[tuple[str, str]]:
    """(URL name, keyword) of every page named by one child or episode id alone."""
    pages = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            pages += _child_pages(pattern, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            keywords = set(pattern.pattern.converters)
            if keywords in ({"child_id"}, {"episode_id"}):
                pages.append((f"{prefix}{pattern.name}", keywords.pop()))
    return pages


def test_an_administrator_is_refused_every_child_page(admin_client: Client, agencies) -> None:
    episode = EpisodeFactory(reporting_agency=agencies["police"])
    ids = {"child_id": episode.child_id, "episode_id": episode.pk}
    pages = _child_pages(get_resolver())
    assert len(pages) >= 10, pages  # the walk finds the child and episode pages
    served = []
    for name, keyword in pages:
        response = admin_client.get(reverse(name, kwargs={keyword: ids[keyword]}))
        if response.status_code not in (401, 403, 404, 405):
            served.append((name, response.status_code))
        assert episode.child.family_name not in response.content.decode()
    assert not served, f"served to an administrator: {served}"
