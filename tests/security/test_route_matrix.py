"""Must show 1 and 2 of issue 8: the authorisation matrix, generated from the URL routes.

For every route, every role in every kind of agency it may belong to calls it (GET, and POST
where the route writes; the API with a bearer token of that role and agency) with the ids of a
child known to their agencies ("home") and of a child known only to agencies they do not belong
to ("foreign"). Checked on every call:
- a role the table does not allow gets no success (status 400 or more; never 500);
- a foreign child's id in the URL is refused for everyone, unless the route is DPO work on any
  child by design;
- no response shows the foreign child (its name, references or record link) to anyone;
- a call that shows the home child writes an audit event naming that child, by that user.
A route missing from `route_matrix.ROUTES` fails `test_every_route_is_in_the_matrix`.
"""

import json
import uuid
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from missinghub.accounts.models import User
from missinghub.api.scopes import Scope
from missinghub.api.services import issue_token
from missinghub.audit.models import AuditEvent

from .route_matrix import KNOWN_AUDIT_GAPS, ROUTES, Route
from .routes import FoundRoute, all_routes
from .world import ROLE_KINDS, Side, World, build_world

REFUSED = {403, 404}
TEXT_TYPES = ("text/", "application/json", "application/problem+json")


def test_every_route_is_in_the_matrix():
    missing = [r for r in all_routes() if r.name not in ROUTES]
    assert not missing, (
        "These routes are not in the authorisation matrix. Add a row for each to ROUTES in "
        "tests/security/route_matrix.py (who may GET and POST it, whether it shows a child):\n"
        + "\n".join(f"  {r.name!r}  ({r.pattern})" for r in missing)
    )


def test_the_matrix_names_no_route_that_is_gone():
    names = {r.name for r in all_routes()}
    assert sorted(set(ROUTES) - names) == []


@dataclass
class Caller:
    """One role at one agency: a signed-in browser, and an API token of the same role."""

    user: User
    client: Client = field(default_factory=Client)
    token: str = ""
    api_user: User | None = None
    calls: int = 0
    problems: list[str] = field(default_factory=list)

    def bearer(self) -> tuple[User, str]:
        if not self.token:
            issued = issue_token(
                actor=None,
                agency=self.user.agency,
                name="matrix",
                role=self.user.role,  # type: ignore[arg-type]
                scopes=list(Scope),
            )
            self.token, self.api_user = issued.secret, issued.token.service_user
        assert self.api_user is not None
        return self.api_user, self.token


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.mark.parametrize(("role", "kind"), ROLE_KINDS)
def test_route_matrix(world: World, role: str, kind: str) -> None:
    caller = Caller(world.users[(role, kind)])
    for found in all_routes():
        rule = ROUTES.get(found.name)
        if rule is None:
            continue  # reported by test_every_route_is_in_the_matrix
        for method in ("get", "post"):
            if method == "post" and rule.post is None and not rule.public:
                continue
            for side in _sides(found, rule, method, world):
                _call(caller, found, rule, side, method, world)
    known = [p for p in caller.problems if _known_gap(p)]
    print(f"{role} at {kind}: {caller.calls} calls, {len(caller.problems)} problems")
    print("known gaps (see KNOWN_AUDIT_GAPS):", *known, sep="\n  ")
    assert [p for p in caller.problems if p not in known] == [], "\n".join(caller.problems)


def _sides(found: FoundRoute, rule: Route, method: str, world: World) -> list[Side]:
    """Both sides when the call names a record (in the URL or the form); else the home side."""
    home, foreign = world.home, world.foreign
    differs = _url(found, rule, home) != _url(found, rule, foreign) or (
        method == "post" and rule.post_data is not None and "child" in str(rule.post_data(home))
    )
    return [home, foreign] if differs else [home]


def _known_gap(problem: str) -> bool:
    if "without an audit event" not in problem:
        return False
    for gap in KNOWN_AUDIT_GAPS:
        method, _, name = gap.rpartition(" ")
        if f"({name})" in problem and problem.startswith(method):
            return True
    return False


def _request(caller: Caller, rule: Route, side: Side, method: str, url: str) -> tuple[User, Any]:
    data = rule.post_data(side) if (rule.post_data and method == "post") else {}
    if rule.api:
        actor, token = caller.bearer()
        headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": uuid.uuid4().hex}
        if method == "post":
            headers["If-Match"] = "*"
            body = json.dumps(data)
            return actor, caller.client.post(
                url, body, content_type="application/json", headers=headers
            )
        return actor, caller.client.get(url, rule.query, headers=headers)
    user = caller.user
    if caller.client.session.get("_auth_user_id") != str(user.pk):
        caller.client.force_login(user)  # first call, or the last one signed the user out
    send = getattr(caller.client, method)
    return user, send(url, data if method == "post" else rule.query)


def _call(
    caller: Caller, found: FoundRoute, rule: Route, side: Side, method: str, world: World
) -> None:
    url = _url(found, rule, side)
    before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    label = (
        f"{method.upper()} {url} ({found.name}) as {caller.user.role} at {caller.user.agency.kind}"
    )
    try:
        actor, response = _request(caller, rule, side, method, url)
    except Exception as error:  # every failure is reported, the matrix goes on
        caller.problems.append(f"{label}: raised {error!r}")
        return
    caller.calls += 1
    status = response.status_code
    if status >= 500 and not (rule.public and status == 503):  # /readyz: no worker in tests
        caller.problems.append(f"{label}: server error {status}")
        return
    allowed = _allowed(rule, caller.user, side, method)
    if not rule.public and not allowed and status < 400:
        caller.problems.append(f"{label}: unexpected success {status}, should be refused")
    if not rule.public and allowed and status in REFUSED:
        caller.problems.append(f"{label}: refused {status}, the matrix allows it")
    if status >= 300:
        return
    # A page that opens one of the home side's records (its id is in the URL) shows that child.
    names_record = any(p.endswith("_id") for p in found.parameters)
    opens_record = rule.shows_child and names_record and side.name == "home"
    body = _text(response)
    _check_shown_children(caller, label, rule, actor, body, world, before, opens_record)


def _check_shown_children(
    caller: Caller,
    label: str,
    rule: Route,
    actor: User,
    body: str | None,
    world: World,
    before: int,
    opens_record: bool,
) -> None:
    if actor.role not in rule.any_child and _shows(body, world.foreign):
        caller.problems.append(f"{label}: shows the foreign child")
    audited = set(
        AuditEvent.objects.filter(pk__gt=before, actor=actor).values_list("child_id", flat=True)
    )
    shown = [s.child.pk for s in (world.home, world.foreign) if _shows(body, s)]
    if body is None and rule.shows_child:  # a file: its audit event must name the child
        shown = [c for c in (world.home.child.pk, world.foreign.child.pk) if c in audited] or [0]
    if opens_record and world.home.child.pk not in shown:
        shown.append(world.home.child.pk)
    for child_id in shown:
        if child_id not in audited:
            caller.problems.append(f"{label}: shows child {child_id} without an audit event")
    if rule.public and shown:
        caller.problems.append(f"{label}: a public page shows a child")


def _url(found: FoundRoute, rule: Route, side: Side) -> str:
    if rule.url:
        return rule.url
    ids: dict[str, Any] = {**side.url_ids(), **(rule.params(side) if rule.params else {})}
    missing = [p for p in found.parameters if p not in ids]
    assert not missing, (
        f"{found.name}: no value for URL parameter(s) {missing}; give its ROUTES row a "
        "`params` function (tests/security/route_matrix.py)"
    )
    return reverse(found.name, kwargs={p: ids[p] for p in found.parameters})


def _allowed(rule: Route, user: User, side: Side, method: str) -> bool:
    roles = rule.get if method == "get" else (rule.post or frozenset())
    if user.role not in roles:
        return False
    if rule.agency_kinds is not None and user.agency.kind not in rule.agency_kinds:
        return False
    if method == "post" and rule.chair_only and user.pk != side.extra["panel_chair"].pk:
        return False
    return side.name == "home" or user.role in rule.any_child


def _shows(body: str | None, side: Side) -> bool:
    if body is None:
        return False
    return any(marker in body for marker in side.markers) or (f"/children/{side.child.pk}/" in body)


def _text(response: Any) -> str | None:
    content_type = response.get("Content-Type", "")
    if getattr(response, "streaming", False) or not content_type.startswith(TEXT_TYPES):
        return None
    return response.content.decode(errors="replace")
