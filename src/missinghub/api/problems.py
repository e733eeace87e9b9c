"""Errors as `application/problem+json` (RFC 9457), with field-level detail; never a trace.

Every error the API answers goes through `problem_response`; `install_handlers` registers one
handler per kind of exception on the NinjaAPI, and a last one that logs an unexpected error and
answers a plain 500 problem.
"""

import logging
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

logger = logging.getLogger(__name__)
PROBLEM_CONTENT_TYPE = "application/problem+json"
TITLES = {
    400: "Bad request",
    401: "Not signed in: send a valid API token",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    412: "Precondition failed: the record has changed",
    422: "Invalid request",
    428: "Precondition required",
    429: "Too many requests",
    500: "Something went wrong",
    503: "Service unavailable: try again shortly",
}
# Seconds a client should wait when the database cannot be reached (the `Retry-After` header).
UNAVAILABLE_RETRY_AFTER = 30


class FieldProblem(Schema):
    location: str  # body, query, header or path
    field: str
    detail: str
    code: str


class Problem(Schema):
    type: str
    title: str
    status: int
    detail: str
    instance: str
    errors: list[FieldProblem] = []


class ProblemError(Exception):
    """Raise from an operation to answer a problem with this status, slug and detail."""

    def __init__(
        self, status: int, slug: str, detail: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.slug = slug
        self.detail = detail
        self.headers = headers or {}


def problem_response(
    request: HttpRequest,
    status: int,
    detail: str,
    *,
    slug: str = "",
    errors: Iterable[dict[str, str]] = (),
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    body = {
        "type": f"urn:missinghub:problem:{slug}" if slug else "about:blank",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "instance": request.path,
        "errors": list(errors),
    }
    response = JsonResponse(body, status=status, content_type=PROBLEM_CONTENT_TYPE)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def field_problems(errors: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Pydantic errors as ninja gives them (`loc` like ["body", "payload", "reason"])."""
    found = []
    for error in errors:
        loc = [str(part) for part in error.get("loc", ())]
        location = loc[0] if loc else "body"
        names = loc[2:] if location == "body" and len(loc) > 1 else loc[1:]
        found.append(
            {
                "location": location,
                "field": ".".join(names),
                "detail": str(error.get("msg", "Invalid value")),
                "code": str(error.get("type", "invalid")),
            }
        )
    return found


def install_handlers(api: NinjaAPI) -> None:
    def validation(request: HttpRequest, exc: Any) -> HttpResponse:
        problems = field_problems(exc.errors)
        return problem_response(
            request,
            422,
            "Some fields are missing or not valid.",
            slug="validation",
            errors=problems,
        )

    def http_error(request: HttpRequest, exc: Any) -> HttpResponse:
        headers = {}
        if isinstance(exc, AuthenticationError) or exc.status_code == 401:
            headers["WWW-Authenticate"] = 'Bearer realm="missinghub"'
        if isinstance(exc, Throttled) and exc.wait:
            headers["Retry-After"] = str(exc.wait)
        return problem_response(request, exc.status_code, str(exc), headers=headers)

    def problem(request: HttpRequest, exc: Any) -> HttpResponse:
        return problem_response(request, exc.status, exc.detail, slug=exc.slug, headers=exc.headers)

    def not_found(request: HttpRequest, exc: Any) -> HttpResponse:
        return problem_response(request, 404, "There is no record you can see at this address.")

    def forbidden(request: HttpRequest, exc: Any) -> HttpResponse:
        return problem_response(request, 403, "This token may not do that.")

    def unexpected(request: HttpRequest, exc: Any) -> HttpResponse:
        logger.exception("API error on %s %s", request.method, request.path)
        return problem_response(request, 500, "The error is logged. Please try again later.")

    def unavailable(request: HttpRequest, exc: Any) -> HttpResponse:
        logger.error("API database unreachable on %s %s: %s", request.method, request.path, exc)
        return problem_response(
            request,
            503,
            "The database cannot be reached just now. Try again later.",
            slug="unavailable",
            headers={"Retry-After": str(UNAVAILABLE_RETRY_AFTER)},
        )

    api.add_exception_handler(Exception, unexpected)
    api.add_exception_handler(OperationalError, unavailable)
    api.add_exception_handler(InterfaceError, unavailable)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(ObjectDoesNotExist, not_found)
    api.add_exception_handler(PermissionDenied, forbidden)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(ValidationError, validation)
    api.add_exception_handler(ProblemError, problem)
