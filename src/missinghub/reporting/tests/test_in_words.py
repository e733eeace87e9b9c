"""No raw code reaches a reader: every report page, PDF, CSV and chart shows labels, not the
enum codes the database stores ("awol", "childrens_home", "located_closed")."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from html import unescape
from typing import Any

import pytest
from django.apps import apps
from django.db.models import TextChoices
from pypdf import PdfReader

from missinghub.reporting.labels import in_words
from missinghub.reporting.render import document_html, document_pdf
from missinghub.reporting.report import KINDS, Column, quarter_in_words
from missinghub.reporting.services import build_report
from missinghub_analytics.frames import Period

pytestmark = pytest.mark.django_db
YEAR = Period(dt.date(2024, 4, 1), dt.date(2025, 3, 31))


def _every_code_with_other_words() -> set[str]:
    """Codes of every model choice in MissingHub that are not words any label uses ("missing"
    and "open" are words readers see in labels; "awol" and "childrens_home" are not)."""
    choices = [
        (code, str(label))
        for model in apps.get_models()
        if model.__module__.startswith("missinghub.")
        for field in model._meta.get_fields()
        for code, label in getattr(field, "choices", None) or []
        if isinstance(code, str)
    ]
    labels = " | ".join(label.lower() for _, label in choices)
    # A code of one or two characters (an intelligence grade "A", handling "P") cannot be told
    # from ordinary words and figures; longer ones can.
    return {code for code, _ in choices if len(code) > 2 and code.replace("_", " ") not in labels}


def _codes_in(text: str, codes: set[str]) -> set[str]:
    return {code for code in codes if re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", text)}


def _visible_text(html: str) -> str:
    html = re.sub(r"<style.*?</style>", " ", html, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", html))


def _chart_values(report: Any) -> str:
    return json.dumps(
        [section.figure["rows"] for section in report.sections if section.figure is not None]
    )


def test_the_scan_knows_the_codes_readers_have_seen() -> None:
    codes = _every_code_with_other_words()
    assert {"awol", "childrens_home", "located_closed"} <= codes


@pytest.mark.parametrize("kind", KINDS)
def test_no_code_in_a_report_page_pdf_csv_or_chart(small_area: dict[str, Any], kind: str) -> None:
    codes = _every_code_with_other_words()
    report = build_report(kind=kind, period=YEAR)
    pdf = PdfReader(io.BytesIO(document_pdf(report)))
    pdf_text = " ".join(page.extract_text() for page in pdf.pages)
    for name, text in (
        ("page", _visible_text(document_html(report))),
        ("PDF", pdf_text),
        ("CSV", report.to_csv()),
        ("chart", _chart_values(report)),
    ):
        assert not _codes_in(text, codes), f"{kind} {name} shows codes {_codes_in(text, codes)}"


def test_the_published_report_names_placements_and_cme_status_in_words(
    small_area: dict[str, Any],
) -> None:
    text = _visible_text(document_html(build_report(kind="published", period=YEAR)))
    assert "Located and closed" in text
    demand = _visible_text(document_html(build_report(kind="demand", period=YEAR)))
    assert "Children's home" in demand and "Family home" in demand


def test_json_keeps_the_codes_for_machines(small_area: dict[str, Any]) -> None:
    data = json.loads(build_report(kind="published", period=YEAR).to_json())
    assert "located_closed" in data["cme"]


def test_quarters_and_unknown_codes() -> None:
    assert quarter_in_words("2024-10-01") == "October to December 2024"
    assert quarter_in_words(dt.date(2025, 1, 1)) == "January to March 2025"
    assert Column("q", "Quarter", "quarter").show("2024-04-01") == "April to June 2024"
    assert in_words("awol") == "Away from placement without authorisation"
    assert in_words("a note that is not a code") == "a note that is not a code"
    assert issubclass(type(in_words), object) and not isinstance(in_words("x"), TextChoices)


def test_the_service_report_splits_interviews_by_age_sex_and_ethnicity(
    small_area: dict[str, Any],
) -> None:
    report = build_report(kind="service", period=YEAR)
    data = json.loads(report.to_json())
    assert set(data["interviews_by"]) == {"age_band", "sex", "ethnicity"}
    text = _visible_text(document_html(report))
    assert "Return interviews by age, sex and ethnicity" in text
    assert "fewer than 10 returns" in text  # the suppression rule is stated on the page
