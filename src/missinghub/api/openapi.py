"""The NinjaAPI for partners: every error documented as `application/problem+json`, the docs
page served from local static files with the request's CSP nonce."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja import NinjaAPI
from ninja.openapi.docs import Swagger
from ninja.openapi.schema import OpenAPISchema

from missinghub.api.problems import PROBLEM_CONTENT_TYPE, TITLES, FieldProblem, Problem

# Every operation may answer these; writes also 409, updates also 412.
COMMON_ERRORS = (400, 401, 403, 404, 422, 429, 503)
RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait", "schema": {"type": "string"}}}
HEADERS_OF = {
    401: {"WWW-Authenticate": {"schema": {"type": "string"}}},
    429: RETRY_AFTER,
    503: RETRY_AFTER,
}
# What the API checks beyond the schemas, said where a client reads it.
STALE_VERSION = (
    "Precondition failed: If-Match does not name the episode's current version (its ETag); "
    "read the episode again"
)
KEY_REUSED = (
    "Invalid request: a field fails the checks its schema states, or this Idempotency-Key was "
    "used before for a different request (use a new key)"
)
UNAVAILABLE = "Service unavailable: the database cannot be reached; try again after Retry-After"
ETAG_HEADER = {"ETag": {"description": "The episode's version", "schema": {"type": "string"}}}


class LocalSwagger(Swagger):
    """Swagger UI from ninja's bundled static files, scripts carrying the CSP nonce."""

    template = "api/swagger.html"

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        return render(request, self.template, {"swagger_settings": self.settings, "api": api})


class PartnerAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        document_problems(schema)
        return schema


def _problem_response(status: int, description: str = "") -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": description or TITLES[status],
        "content": {PROBLEM_CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }
    if status in HEADERS_OF:
        response["headers"] = HEADERS_OF[status]
    return response


def document_problems(schema: dict[str, Any]) -> None:
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["FieldProblem"] = FieldProblem.model_json_schema()
    problem = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    problem.pop("$defs", None)
    components["Problem"] = problem
    for methods in schema.get("paths", {}).values():
        for method, operation in methods.items():
            statuses = set(COMMON_ERRORS)
            names = {p.get("name") for p in operation.get("parameters", [])}
            if method == "post":
                statuses.add(409)
            if "If-Match" in names:
                statuses.add(412)
            responses = operation.setdefault("responses", {})
            for status, answer in responses.items():
                if int(status) < 300 and "/episodes" in str(answer):
                    answer["headers"] = ETAG_HEADER
            described = {412: STALE_VERSION, 503: UNAVAILABLE}
            if "Idempotency-Key" in names:
                described[422] = KEY_REUSED
            for status in sorted(statuses):
                responses[str(status)] = _problem_response(status, described.get(status, ""))
