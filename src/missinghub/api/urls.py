"""The partner REST API, mounted at /api/v1/ by the root URLconf.

API requests carry a bearer token, not a session: the views are exempt from the site's
sign-in redirect, and any other address under /api/v1/ answers a 404 problem."""

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, re_path

from missinghub.api.auth import TokenAuth
from missinghub.api.casework import router as casework_router
from missinghub.api.episodes import router as episodes_router
from missinghub.api.openapi import LocalSwagger, PartnerAPI
from missinghub.api.problems import PROBLEM_CONTENT_TYPE, install_handlers, problem_response
from missinghub.api.reads import router as reads_router

app_name = "api"

api = PartnerAPI(
    title="MissingHub partner API",
    version="1",
    description=(
        "Report missing episodes, record returns, regrade risk, look up children, read tasks "
        "and interview outcomes, refer children missing education. See docs/api.md."
    ),
    auth=TokenAuth(),
    docs=LocalSwagger(),
    docs_decorator=login_not_required,
    urls_namespace="api",
)
install_handlers(api)
api.add_router("", episodes_router)
api.add_router("", reads_router)
api.add_router("", casework_router)


@login_not_required
def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    return problem_response(request, 404, "There is nothing at this address in the API.")


def _problems_for_other_methods(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """ninja answers a method an address does not take with a bare 405: make it a problem."""

    @functools.wraps(view)
    def answer(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and response.get("Content-Type") != PROBLEM_CONTENT_TYPE:
            allowed = {"Allow": response.get("Allow", "")}
            return problem_response(
                request, 405, "Use one of: " + allowed["Allow"], headers=allowed
            )
        return response

    return login_not_required(answer)


def _patterns() -> list[URLPattern | URLResolver]:
    patterns, _, _ = api.urls
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = _problems_for_other_methods(pattern.callback)
    return [*patterns, re_path(r"^(?P<rest>.*)$", not_found)]


urlpatterns = _patterns()
