"""The JSON log formatter never writes a request body, cookies or a query string."""

import json
import logging
import sys

from django.test import RequestFactory

from missinghub.operations.logs import QUERY_REMOVED, JsonFormatter, RequestIdFilter

NAME, DOB = "Rowan Testbrook", "2010-03-14"


def formatted(message: str, *args: object, **extra: object) -> str:
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, message, args, None)
    record.__dict__.update(extra)
    RequestIdFilter().filter(record)
    return JsonFormatter().format(record)


def test_the_request_a_record_carries_is_never_written() -> None:
    request = RequestFactory().post(
        "/children/new/?given_name=Rowan",
        data={"given_name": "Rowan", "family_name": "Testbrook", "date_of_birth": DOB},
        headers={"cookie": "sessionid=secret-session"},
    )
    line = formatted("Bad Request: %s", request.path, request=request, status_code=400)
    assert json.loads(line) == {
        "time": json.loads(line)["time"],
        "level": "WARNING",
        "logger": "django.request",
        "request_id": "-",
        "message": "Bad Request: /children/new/",
        "status": 400,
    }
    for private in ("Rowan", "Testbrook", DOB, "secret-session"):
        assert private not in line


def test_query_strings_are_cut_from_messages() -> None:
    request = RequestFactory().get("/children/search/", {"q": NAME, "dob": DOB})
    line = json.loads(formatted("Slow search %s took %d ms", request.get_full_path(), 900))
    assert line["message"] == f"Slow search /children/search/{QUERY_REMOVED} took 900 ms"
    assert "Rowan" not in line["message"] and DOB not in line["message"]


def test_an_ordinary_question_mark_is_left_alone() -> None:
    assert json.loads(formatted("Retry? yes"))["message"] == "Retry? yes"


def test_an_exception_is_named_without_its_message() -> None:
    try:
        raise ValueError(f"no child called {NAME}")
    except ValueError:
        record = logging.LogRecord("missinghub", logging.ERROR, __file__, 1, "Failed", (), None)
        record.exc_info = sys.exc_info()
    line = JsonFormatter().format(record)
    assert json.loads(line)["exception"] == "ValueError"
    assert NAME not in line
