"""Schemathesis fuzzes the running API from its own OpenAPI document: no server errors, no
response outside the schema, authorisation honoured. Bounded for `make test`: seed 9 and 10
examples per operation (about 600 requests, one to three minutes here);
`MISSINGHUB_SCHEMATHESIS_EXAMPLES=40` runs the deeper pass (about 1,300 requests).

Runs the `st` command against pytest-django's live server, with seeded records and a token of
a police force with every scope; reads the counts from schemathesis's VCR cassette and its JUnit
report."""

import datetime as dt
import os
import subprocess
import sys
import urllib.request
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from missinghub.accounts.models import Role
from missinghub.children.tests.factories import ChildFactory, ChildIdentifierFactory
from missinghub.episodes.models import ReturnMethod
from missinghub.episodes.services import record_return
from missinghub.episodes.tests.factories import EpisodeFactory
from missinghub.protocols.services import apply_protocol_for_episode

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]
CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
    "ignored_auth",
    "missing_required_header",
    "unsupported_method",
)
EXAMPLES = int(os.environ.get("MISSINGHUB_SCHEMATHESIS_EXAMPLES", "10"))
MIN_REQUESTS = 20 * EXAMPLES  # every operation reached, whatever the example count


def seed(agencies: dict) -> None:
    """Children the police may see, open and returned episodes, and their protocol tasks."""
    for n in range(3):
        child = ChildFactory()
        ChildIdentifierFactory(child=child, agency=agencies["police"], value=f"TP-{n}")
        episode = EpisodeFactory(child=child, reporting_agency=agencies["police"])
        if n:
            record_return(
                actor=None,
                episode=episode,
                returned_at=episode.reported_at + dt.timedelta(hours=n),
                return_method=ReturnMethod.FOUND_BY_POLICE,
            )
            apply_protocol_for_episode(episode)
    ChildFactory()  # one the police may not see


def run_schemathesis(base_url: str, token: str, out: Path) -> subprocess.CompletedProcess:
    command = [
        str(Path(sys.executable).with_name("st")),
        "run",
        f"{base_url}/api/v1/openapi.json",
        "--checks",
        ",".join(CHECKS),
        "--header",
        f"Authorization: Bearer {token}",
        "--max-examples",
        str(EXAMPLES),
        "--seed",
        "9",
        "--workers",
        "1",
        "--request-timeout",
        "60",
        "--continue-on-failure",
        "--no-color",
        "--report",
        "junit,vcr",
        "--report-junit-path",
        str(out / "junit.xml"),
        "--report-vcr-path",
        str(out / "cassette.yaml"),
    ]
    env = {**os.environ, "SCHEMATHESIS_HOOKS": "", "NO_COLOR": "1"}
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=900)  # noqa: S603


def test_schemathesis_finds_no_errors(
    live_server, agencies: dict, issue: Callable[..., str], tmp_path: Path
) -> None:
    seed(agencies)
    token = issue("police", Role.POLICE_OFFICER, rate_per_minute=1_000_000)
    # The first request imports the whole URLconf (slow on a busy machine): not schemathesis's.
    schema_url = f"{live_server.url}/api/v1/openapi.json"
    with urllib.request.urlopen(schema_url, timeout=300) as answer:  # noqa: S310  (http only)
        assert answer.status == 200
    result = run_schemathesis(live_server.url, token, tmp_path)
    print(result.stdout[-6000:])
    cassette = yaml.safe_load((tmp_path / "cassette.yaml").read_text())
    statuses = Counter(int(i["response"]["status"]["code"]) for i in cassette["http_interactions"])
    junit = ET.parse(tmp_path / "junit.xml").getroot()  # noqa: S314  (our own report)
    failures = [f.get("message", "") for f in junit.iter("failure")]
    errors = [e.get("message", "") for e in junit.iter("error")]
    print(f"requests: {sum(statuses.values())}, statuses: {dict(sorted(statuses.items()))}")
    assert sum(statuses.values()) >= MIN_REQUESTS
    assert not [code for code in statuses if code >= 500]
    assert failures == [] and errors == [], (failures + errors)[:5]
    assert result.returncode == 0, result.stdout[-3000:]
