"""The one view guard: sign-in, role, and the need-to-know rule, with every refusal audited.

Every page view is wrapped in `@guard(...)`:

    @guard(Action.REVIEW_MATCHES)                      # the role table decides (403)
    @guard(post=Action.CONDUCT_INTERVIEWS)            # anyone signed in reads; the role writes
    @guard(Action.ACT_AS_DATA_PROTECTION_OFFICER, any_child=True)  # DPO work on any child

Before the view runs, the guard checks that the user is signed in (else the sign-in page), that
the role table (`access.roles`) gives their role the action (else 403), and that a `child_id` or
`episode_id` in the URL names a child they may see (`access.policy`; else 404, so a record's
existence is not disclosed). The view itself may still refuse, by raising `Http404` (a record it
found no visible row for) or `PermissionDenied` (a condition beyond the role, e.g. "only this
panel's chair"): the guard catches both. Each refusal writes ONE `access.refused` audit event
and answers Django's 403 or 404 page as a response, so the request log holds one line and no
traceback. The API applies the same checks and audit through `api.auth.api_guard`.

`guarded(view)` tells whether a view is wrapped; a test walks every URL pattern with it.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import get_resolver, get_urlconf

from missinghub.access import policy
from missinghub.access.roles import Action, may
from missinghub.accounts.models import User
from missinghub.audit.enums import AuditVerb
from missinghub.audit.services import record_event

GUARD_ATTRIBUTE = "missinghub_guard"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# URL parameters that name a child's record directly, and how to ask whether it is visible.
VISIBILITY: dict[str, Callable[[User, int], bool]] = {
    "child_id": policy.child_is_visible,
    "episode_id": policy.episode_is_visible,
}
View = TypeVar("View", bound=Callable[..., Any])


@dataclass(frozen=True)
class Guard:
    """What a view requires. `action` applies to every request, `post` to writes as well."""

    action: Action | None = None
    post: Action | None = None
    any_child: bool = False  # a child id in the URL may name any child (audited DPO work)

    def actions_for(self, method: str) -> list[Action]:
        wanted = [self.action] if self.action else []
        if method not in SAFE_METHODS and self.post:
            wanted.append(self.post)
        return wanted


class Refusal(Exception):
    """A refusal already decided and audited (`status` 403 or 404): answer it, write nothing."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status


def mark(view: View, rule: Guard) -> View:
    setattr(view, GUARD_ATTRIBUTE, rule)
    return view


def guarded(view: object) -> Guard | None:
    """The guard a view function is wrapped in, or None."""
    rule = getattr(view, GUARD_ATTRIBUTE, None)
    return rule if isinstance(rule, Guard) else None


def guard(
    action: Action | None = None, *, post: Action | None = None, any_child: bool = False
) -> Callable[[View], View]:
    rule = Guard(action=action, post=post, any_child=any_child)

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def guarded_view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            try:
                check(request, user, rule, kwargs)
                return view(request, *args, **kwargs)
            except Refusal as refusal:
                return refused_response(request, refusal.status, refusal)
            except (Http404, PermissionDenied) as error:
                status = 404 if isinstance(error, Http404) else 403
                audit_refusal(request, user, status=status, reason=str(error), ids=kwargs)
                return refused_response(request, status, error)

        return mark(guarded_view, rule)  # type: ignore[return-value]

    return decorate


def check(
    request: HttpRequest,
    user: User,
    rule: Guard,
    ids: dict[str, Any],
    *,
    allowed: bool = True,
    extra: dict[str, Any] | None = None,
) -> None:
    """Raise an audited `Refusal` unless the role may act (and `allowed`, a further condition
    the caller has decided, e.g. the API token's scope) and the URL's child is visible."""
    for action in rule.actions_for(request.method or "GET"):
        if not (allowed and may(user, action)):
            audit_refusal(request, user, status=403, reason=action, ids=ids, extra=extra)
            raise Refusal(403, action)
    if rule.any_child:
        return
    for name, visible in VISIBILITY.items():
        value = ids.get(name)
        if value is not None and not visible(user, int(value)):
            reason = f"{name} not visible"
            audit_refusal(request, user, status=404, reason=reason, ids=ids, extra=extra)
            raise Refusal(404, f"No record you can see has that {name}.")


def audit_refusal(
    request: HttpRequest,
    user: User,
    *,
    status: int,
    reason: str,
    ids: dict[str, Any],
    extra: dict[str, Any] | None = None,
) -> None:
    """One `access.refused` event: who, which route, which record ids, why. Ids and codes only
    (a reason is an action name or a fixed message, never a child's details)."""
    match = request.resolver_match
    record_ids = {k: v for k, v in ids.items() if k.endswith("_id") and isinstance(v, int)}
    detail: dict[str, Any] = {
        "route": match.view_name if match else request.path,
        "status": status,
        "action": reason,
        **record_ids,
        **(extra or {}),
    }
    record_event(
        verb=AuditVerb.ACCESS_REFUSED,
        actor=user if isinstance(user, User) else None,
        child_id=record_ids.get("child_id"),
        detail=detail,
    )


def refused_response(request: HttpRequest, status: int, error: Exception) -> HttpResponse:
    """The site's own 403 or 404 page, as a response: nothing is raised, so nothing logs a
    traceback (Django's request logger writes its one "Forbidden"/"Not Found" line)."""
    handler = get_resolver(get_urlconf()).resolve_error_handler(status)
    exception = PermissionDenied(str(error)) if status == 403 else Http404(str(error))
    response: HttpResponse = handler(request, exception)  # type: ignore[call-arg]  # stubs say one
    return response


def signed_in_user(request: HttpRequest) -> User:
    """The user of a guarded view (the guard has checked that they are signed in)."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied("not signed in")
    return user
