"""Smaller gaps the security review found (#29 finding 10): the rejected-rows CSV's every cell
is neutralised; the OpenAPI document states the checks the API makes; the nginx example takes
the uploads the app takes; an identifiable export needs a reason that says something."""

import csv
import io
import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from missinghub.imports.forms import MAX_UPLOAD_BYTES
from missinghub.imports.models import ImportRejection, ImportRun
from missinghub.imports.rejections import rejection_lines

ROOT = Path(__file__).resolve().parents[2]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@pytest.mark.django_db
@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_every_cell_of_the_rejected_rows_csv_is_neutralised(agencies: dict, start: str) -> None:
    run = ImportRun.objects.create(
        kind="police",
        file_name=f'{start}HYPERLINK("http://evil.example").csv',
        file_sha256="0" * 64,
        mapping_name="m.yaml",
        mapping_sha256="0" * 64,
        agency=agencies["police"],
        batch_size=10,
    )
    ImportRejection.objects.create(
        run=run, line=2, column=f"{start}col", value=f"{start}1+1", reason=f"{start}cmd"
    )
    rows = list(csv.reader(io.StringIO("".join(rejection_lines(run)))))
    [cells] = rows[1:]
    assert [cell[:1] for cell in cells if cell != "2"] == ["'"] * 4


def _schema(client: Client) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


@pytest.mark.django_db
def test_the_openapi_document_states_the_checks_the_api_makes(client: Client) -> None:
    schema = _schema(client)
    [q] = schema["paths"]["/api/v1/children"]["get"]["parameters"]
    assert "pattern" in q["schema"]  # no control characters
    assert re.fullmatch(q["schema"]["pattern"], "Alex Testchild")
    assert not re.fullmatch(q["schema"]["pattern"], "Alex\x07")
    report = schema["components"]["schemas"]["ReportMissingIn"]["properties"]
    assert "future" in report["last_seen_at"]["description"]
    assert "pattern" in report["risk_reason"]
    birth = schema["components"]["schemas"]["NewChildIn"]["properties"]["date_of_birth"]
    assert "today" in birth["description"]
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            names = {p["name"] for p in operation.get("parameters", [])}
            responses = operation["responses"]
            if "If-Match" in names:
                assert "If-Match" in responses["412"]["description"], path
            if "Idempotency-Key" in names:
                assert "Idempotency-Key" in responses["422"]["description"], path
            assert "Retry-After" in responses["503"]["headers"], (method, path)


def test_the_nginx_example_allows_the_uploads_the_app_allows() -> None:
    conf = (ROOT / "deploy" / "nginx" / "missinghub.conf").read_text()
    [size] = re.findall(r"client_max_body_size\s+(\d+)m;", conf)
    assert int(size) * 1024 * 1024 >= MAX_UPLOAD_BYTES


@pytest.mark.parametrize(
    "reason",
    [
        "aaaaaaaaaa",
        "xxxxxxxxxxxxxxxxxxxxxxxx",
        "asdf asdf asdf asdf",
        "1234567890 12345",
        "because",
    ],
)
def test_a_junk_reason_is_refused(reason: str) -> None:
    from missinghub.exports.reasons import reason_problem

    assert reason_problem(reason) is not None


@pytest.mark.parametrize(
    "reason",
    ["Monthly return to the safeguarding partnership", "Strategy meeting for case review 14/2"],
)
def test_a_reason_that_says_something_is_accepted(reason: str) -> None:
    from missinghub.exports.reasons import reason_problem

    assert reason_problem(reason) is None


@pytest.mark.django_db
def test_the_export_page_refuses_a_ten_character_junk_reason(client: Client, make_user) -> None:
    from missinghub.accounts.models import Role

    client.force_login(make_user("police", Role.POLICE_SUPERVISOR))
    response = client.post(reverse("exports:episodes"), {"reason": "aaaaaaaaaa", "period": ""})
    assert response.status_code == 200
    assert response.get("Content-Disposition") is None
    assert "reason" in response.context["form"].errors
