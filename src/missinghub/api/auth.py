"""Bearer-token authentication, per-token rate limits and the scope-and-role check.

A request is authenticated as the token's service user, so every selector and service applies
the same need-to-know rule and role checks as for a person of that agency and role.
"""

import functools
import hmac
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import AuthorizationError, Throttled
from ninja.security import HttpBearer

from missinghub.access.guards import Guard, Refusal, check, mark
from missinghub.access.roles import Action
from missinghub.accounts.models import Agency, User
from missinghub.api.models import ApiToken
from missinghub.api.problems import ProblemError
from missinghub.api.scopes import Scope
from missinghub.api.services import hash_token, split_token
from missinghub.audit.enums import AuditVerb
from missinghub.audit.services import record_event
from missinghub.statements import columns, from_row

LAST_USED_EVERY = timedelta(minutes=1)
RATE_WINDOW_SECONDS = 60


class TokenAuth(HttpBearer):
    """`Authorization: Bearer mh_<prefix>_<secret>`."""

    openapi_description = "A token issued with `missinghub api_token issue`."

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        prefix = split_token(token)
        if prefix is None:
            return None
        found = _token_with_user(prefix)
        if found is None or not hmac.compare_digest(found.secret_hash, hash_token(token)):
            return None
        now = timezone.now()
        reason = _refusal(found, now)
        if reason:
            record_event(
                verb=AuditVerb.ACCESS_REFUSED,
                actor=found.service_user,
                detail={"target": "api", "api_token_id": found.pk, "reason": reason},
            )
            return None
        _count_request(found)
        if found.last_used_at is None or now - found.last_used_at > LAST_USED_EVERY:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.service_user
        return found


def _token_with_user(prefix: str) -> ApiToken | None:
    """The token with this prefix, its service user and the user's agency, as
    `select_related("service_user", "service_user__agency")` gives them, from one statement
    written once (every request asks this; the ORM built the query anew each time)."""
    with connection.cursor() as cursor:
        cursor.execute(_token_sql(), [prefix])
        row = cursor.fetchone()
    if row is None:
        return None
    tokens, users = len(ApiToken._meta.concrete_fields), len(User._meta.concrete_fields)
    token = from_row(ApiToken, row[:tokens])
    user = from_row(User, row[tokens : tokens + users])
    agency = from_row(Agency, row[tokens + users :]) if user.agency_id is not None else None
    ApiToken._meta.get_field("service_user").set_cached_value(token, user)
    User._meta.get_field("agency").set_cached_value(user, agency)
    return token


@functools.cache
def _token_sql() -> str:
    quote = connection.ops.quote_name
    token, user, agency = (quote(str(m._meta.db_table)) for m in (ApiToken, User, Agency))
    return (
        f"SELECT {columns(ApiToken, 't')}, {columns(User, 'u')}, {columns(Agency, 'a')}"  # noqa: S608
        f" FROM {token} t JOIN {user} u ON u.id = t.service_user_id"
        f" LEFT JOIN {agency} a ON a.id = u.agency_id WHERE t.prefix = %s"
    )


def _refusal(token: ApiToken, now: object) -> str:
    if token.revoked_at is not None:
        return "revoked"
    if token.expires_at <= now:  # type: ignore[operator]
        return "expired"
    if not token.service_user.is_active:
        return "service user disabled"
    return ""


def _count_request(token: ApiToken) -> None:
    """A fixed one-minute window per token in the cache (use a shared cache, e.g. the database
    cache, when several processes serve the API)."""
    window = int(time.time()) // RATE_WINDOW_SECONDS
    key = f"missinghub-api-rate:{token.pk}:{window}"
    cache.add(key, 0, timeout=RATE_WINDOW_SECONDS * 2)
    try:
        used = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=RATE_WINDOW_SECONDS * 2)
        used = 1
    if used > token.rate_per_minute:
        raise Throttled(wait=RATE_WINDOW_SECONDS - int(time.time()) % RATE_WINDOW_SECONDS)


Operation = TypeVar("Operation", bound=Callable[..., Any])


def api_guard(scope: Scope, action: Action) -> Callable[[Operation], Operation]:
    """The view guard (`access.guards`) for an API operation: the token must carry `scope`, the
    role table must give its service user's role `action` (else 403), and an `episode_id` or
    `child_id` in the path must name a child the agency may see (else 404). Each refusal is one
    audited `access.refused` event, as for a page, naming the token."""
    rule = Guard(action=action)

    def decorate(operation: Operation) -> Operation:
        @functools.wraps(operation)
        def guarded_operation(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            token = request.auth  # type: ignore[attr-defined]
            assert isinstance(token, ApiToken)  # noqa: S101  (every operation requires TokenAuth)
            extra = {"target": "api", "api_token_id": token.pk, "scope": str(scope)}
            try:
                check(
                    request,
                    token.service_user,
                    rule,
                    kwargs,
                    allowed=str(scope) in token.scopes,
                    extra=extra,
                )
            except Refusal as refusal:
                if refusal.status == 404:
                    raise ProblemError(
                        404, "not-found", "There is no record you can see."
                    ) from None
                raise AuthorizationError(
                    message=f"This token may not do that (needs {scope})."
                ) from None
            return operation(request, *args, **kwargs)

        return mark(guarded_operation, rule)  # type: ignore[return-value]

    return decorate


def token_user(request: HttpRequest) -> User:
    """The service user of the token of a guarded operation."""
    token = request.auth  # type: ignore[attr-defined]
    assert isinstance(token, ApiToken)  # noqa: S101  (every operation requires TokenAuth)
    return token.service_user
