"""Structured logs: one JSON object a line in production, each with the request's ID.

Log lines carry ids and codes, never a child's name or date of birth: the code logs through
ordinary loggers with ids only, and Django's own request logger names the path (which holds
numeric ids only). The JSON formatter writes only the fields below: never the request a record
carries (its body, cookies, headers), and any query string in the message is cut off, because
a search by name puts the name there (tests/operations/test_logs.py).
"""

import json
import logging
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime

from django.http import HttpRequest, HttpResponse

REQUEST_ID_HEADER = "X-Request-ID"
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
_QUERY_STRING = re.compile(r"\?[^\s\"'?=]*=[^\s\"']*")
QUERY_REMOVED = "?[query removed]"
request_id: ContextVar[str] = ContextVar("request_id", default="-")


class RequestIdMiddleware:
    """Gives every request an ID (the proxy's X-Request-ID when well-formed), puts it in the
    log context and sends it back in the response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        value = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        token = request_id.set(value)
        try:
            response = self.get_response(request)
        finally:
            request_id.reset(token)
        response[REQUEST_ID_HEADER] = value
        return response


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


def without_query_strings(text: str) -> str:
    """`GET /children/search/?q=Rowan` becomes `GET /children/search/?[query removed]`."""
    return _QUERY_STRING.sub(QUERY_REMOVED, text)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "message": without_query_strings(record.getMessage()),
        }
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        if record.exc_info:
            entry["exception"] = record.exc_info[0].__name__ if record.exc_info[0] else "unknown"
        return json.dumps(entry)


def logging_config(*, json_format: bool, level: str) -> dict[str, object]:
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "missinghub.operations.logs.RequestIdFilter"}},
        "formatters": {
            "json": {"()": "missinghub.operations.logs.JsonFormatter"},
            "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["request_id"],
                "formatter": "json" if json_format else "plain",
            }
        },
        "root": {"handlers": ["console"], "level": level},
    }
