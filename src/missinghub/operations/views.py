"""/healthz (everything the service needs, worker included) and /readyz (can serve requests)."""

import sys

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.views.decorators.cache import never_cache

from missinghub.operations.health import (
    Check,
    database_reachable,
    migrations_applied,
    worker_heartbeat_recent,
)

UNAVAILABLE = (
    "MissingHub is unavailable at the moment. Try again in a few minutes.\n"
    "If a child is in immediate danger, call 999.\n"
)


def _answer(checks: list[Check]) -> JsonResponse:
    healthy = all(check.ok for check in checks)
    body = {
        "status": "ok" if healthy else "unavailable",
        "checks": {check.name: {"ok": check.ok, "detail": check.detail} for check in checks},
    }
    return JsonResponse(body, status=200 if healthy else 503)


@login_not_required
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    database = database_reachable()
    if not database.ok:
        return _answer([database])
    return _answer([database, migrations_applied(), worker_heartbeat_recent()])


@login_not_required
@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    database = database_reachable()
    if not database.ok:
        return _answer([database])
    return _answer([database, migrations_applied()])


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a database outage is a plain 503 (no page that needs the database, no details,
    no data); any other error is the static 500 page."""
    error = sys.exc_info()[1]
    if isinstance(error, DatabaseError):
        response = HttpResponse(UNAVAILABLE, status=503, content_type="text/plain; charset=utf-8")
        response["Retry-After"] = "30"
        return response
    return HttpResponse(loader.get_template("500.html").render(), status=500)
