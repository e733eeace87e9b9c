"""The one guard: every route is wrapped in it (or named public on purpose), a refused look is
audited once in every app, and a refusal is one log line with no traceback."""

import inspect
import logging
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from ninja.operation import PathView

from missinghub.access.guards import guarded
from missinghub.access.roles import ACTIONS, CASE_ROLES, WITHOUT_CHILD_RECORDS
from missinghub.accounts.models import Role, User
from missinghub.api.scopes import Scope
from missinghub.api.services import issue_token
from missinghub.audit.enums import AuditVerb
from missinghub.audit.models import AuditEvent
from missinghub.children.tests.factories import ChildFactory
from missinghub.episodes.tests.factories import EpisodeFactory

# Routes served without the guard, each for a reason. Nothing here shows a child's data: the
# sign-in steps (allauth and our own), the health checks a load balancer calls, and the API's
# schema, docs and "nothing at this address" answer. Static files are served by whitenoise,
# outside the URLconf. Add a route here only with its reason.
PUBLIC_ROUTES = {
    "operations:healthz",  # liveness, for the load balancer
    "operations:readyz",  # readiness, for the load balancer
    "accounts:sign-in",  # the sign-in page itself
    "accounts:sign-out",
    # allauth's sign-in steps: password, second factor, single sign-on and their own pages.
    "account_login",
    "account_logout",
    "account_inactive",
    "mfa_index",
    "mfa_authenticate",
    "mfa_activate_totp",
    "mfa_deactivate_totp",
    "mfa_view_recovery_codes",
    "openid_connect_login",
    "openid_connect_callback",
    "socialaccount_login_cancelled",
    "socialaccount_login_error",
    "socialaccount_signup",
    "socialaccount_connections",
    # The API's description of itself; its operations are checked one by one below.
    "api:openapi-json",
    "api:openapi-view",
    "api:api-root",
    "api/v1/^(?P<rest>.*)$",  # any other address under the API: a 404 problem
}


def _walk(patterns: list, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, Any]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            pattern = prefix + str(entry.pattern)
            name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
            yield name or pattern, entry.callback


def _api_operations(callback: Callable[..., Any]) -> list[Any] | None:
    """The django-ninja operations behind a URL pattern's view, or None for a plain view."""
    view = inspect.unwrap(callback)
    for cell in getattr(view, "__closure__", None) or ():
        if isinstance(cell.cell_contents, PathView):
            return list(cell.cell_contents.operations)
    return None


def _unguarded() -> list[str]:
    found = []
    for name, callback in _walk(get_resolver().url_patterns):
        if name in PUBLIC_ROUTES:
            continue
        operations = _api_operations(callback)
        if operations is None:
            if guarded(callback) is None:
                found.append(name)
            continue
        found += [
            f"{name} ({', '.join(op.methods)})" for op in operations if not guarded(op.view_func)
        ]
    return found


def test_every_route_is_served_through_the_guard() -> None:
    unguarded = _unguarded()
    assert unguarded == [], (
        "These routes are served without the guard. Wrap each view in "
        "@missinghub.access.guards.guard(...) (an API operation in @api_guard(...)), or, for a "
        "page that shows no child to anyone, add it to PUBLIC_ROUTES with its reason:\n  "
        + "\n  ".join(unguarded)
    )


def test_the_walk_sees_pages_and_api_operations() -> None:
    """The check above is not vacuous: it finds guarded pages and guarded API operations."""
    routes = dict(_walk(get_resolver().url_patterns))
    assert guarded(routes["web:child"]) is not None
    operations = _api_operations(routes["api:read_episode"]) or []
    assert operations and all(guarded(op.view_func) for op in operations)
    assert set(PUBLIC_ROUTES) <= set(routes), "PUBLIC_ROUTES names a route that is gone"


def test_every_action_on_children_is_given_only_to_roles_that_see_children() -> None:
    for action, roles in ACTIONS.items():
        if action not in WITHOUT_CHILD_RECORDS:
            assert roles <= CASE_ROLES, action


# A refused look in each app: (app, who, what they ask for). Each must answer 403 or 404 and
# write exactly one `access.refused` event naming the route.
Ask = Callable[[dict[str, Any]], str]
REFUSALS: list[tuple[str, str, Role, Ask, int]] = [
    ("web", "other_police", Role.POLICE_OFFICER, lambda w: f"/children/{w['child'].pk}/", 404),
    ("web", "police", Role.POLICE_OFFICER, lambda w: reverse("web:episode", args=[w["far"]]), 404),
    (
        "casework",
        "social_care",
        Role.ANALYST,
        lambda w: reverse("casework:philomena", args=[w["child"].pk]),
        403,
    ),
    (
        "casework",
        "other_police",
        Role.POLICE_OFFICER,
        lambda w: reverse("casework:philomena", args=[w["child"].pk]),
        404,
    ),
    ("exports", "police", Role.POLICE_OFFICER, lambda w: reverse("exports:episodes"), 403),
    ("imports", "police", Role.POLICE_OFFICER, lambda w: reverse("imports:upload"), 403),
    ("linkage", "police", Role.POLICE_OFFICER, lambda w: reverse("linkage:review-queue"), 403),
    ("reporting", "police", Role.POLICE_OFFICER, lambda w: reverse("reporting:dashboard"), 403),
    (
        "audit",
        "police",
        Role.POLICE_OFFICER,
        lambda w: reverse("exports:child-access-log", args=[w["child"].pk]),
        403,
    ),
]


@pytest.fixture
def world(agencies: dict[str, Any]) -> dict[str, Any]:
    child = ChildFactory()
    EpisodeFactory(child=child, reporting_agency=agencies["police"])
    far = EpisodeFactory(reporting_agency=agencies["other_police"])
    return {"child": child, "far": far.pk}


def _refusals(user: User) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(verb=AuditVerb.ACCESS_REFUSED, actor=user))


@pytest.mark.parametrize(("app", "agency", "role", "ask", "status"), REFUSALS)
def test_a_refused_look_is_audited_once_in_every_app(
    client: Client,
    make_user: Callable[[str, Role], User],
    world: dict[str, Any],
    app: str,
    agency: str,
    role: Role,
    ask: Ask,
    status: int,
) -> None:
    user = make_user(agency, role)
    client.force_login(user)
    url = ask(world)
    response = client.get(url)
    assert response.status_code == status, app
    (event,) = _refusals(user)
    assert event.detail["status"] == status
    assert event.detail["route"] == response.wsgi_request.resolver_match.view_name
    assert world["child"].family_name not in str(event.detail)


@pytest.mark.parametrize(
    ("role", "agency_key", "status"),
    [(Role.SCHOOL_SAFEGUARDING_LEAD, "school", 403), (Role.POLICE_OFFICER, "other_police", 404)],
)
def test_a_refused_api_call_is_audited_once(
    client: Client,
    agencies: dict[str, Any],
    world: dict[str, Any],
    role: Role,
    agency_key: str,
    status: int,
) -> None:
    issued = issue_token(
        actor=None, agency=agencies[agency_key], name="guard", role=role, scopes=list(Scope)
    )
    episode = world["child"].episodes.get()
    if role == Role.SCHOOL_SAFEGUARDING_LEAD:  # a school may not regrade risk at all
        url = reverse("api:regrade_risk", args=[episode.pk])
        response = client.post(
            url,
            {"level": "high", "reason": "Guard check: new information"},
            content_type="application/json",
            headers={
                "Authorization": f"Bearer {issued.secret}",
                "Idempotency-Key": "guard-check-0001",
                "If-Match": "*",
            },
        )
    else:  # another force's officer may not see this child's episode
        url = reverse("api:read_episode", args=[episode.pk])
        response = client.get(url, headers={"Authorization": f"Bearer {issued.secret}"})
    assert response.status_code == status
    (event,) = _refusals(issued.token.service_user)
    assert event.detail["status"] == status
    assert event.detail["target"] == "api"
    assert event.detail["episode_id"] == episode.pk


# (agency of a police officer, the page, the answer): refused by the role table, by the child
# in the URL, and by the view itself (its selector finds no screening of that number).
REFUSED_PAGES: list[tuple[str, Ask, int]] = [
    ("police", lambda w: reverse("reporting:dashboard"), 403),
    ("other_police", lambda w: f"/children/{w['child'].pk}/", 404),
    ("police", lambda w: reverse("casework:screening", args=[2**31 - 7]), 404),
]


@pytest.mark.parametrize(("agency", "ask", "status"), REFUSED_PAGES)
def test_a_refused_page_logs_one_line_and_no_traceback(
    client: Client,
    make_user: Callable[[str, Role], User],
    world: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
    agency: str,
    ask: Ask,
    status: int,
) -> None:
    user = make_user(agency, Role.POLICE_OFFICER)
    url = ask(world)
    client.force_login(user)
    caplog.clear()
    with caplog.at_level(logging.INFO):
        response = client.get(url)
    assert response.status_code == status
    lines = [r for r in caplog.records if r.name.startswith(("django", "missinghub"))]
    assert [(r.name, r.levelname) for r in lines] == [("django.request", "WARNING")]
    assert lines[0].exc_info is None
    assert lines[0].getMessage().endswith(url)
    assert len(_refusals(user)) == 1
