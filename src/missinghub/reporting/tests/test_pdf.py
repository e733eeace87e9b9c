"""A PDF report renders with its charts; read back with pypdf."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from pypdf import PdfReader

from missinghub.reporting.pseudonyms import pseudonym
from missinghub.reporting.render import document_pdf
from missinghub.reporting.services import build_report
from missinghub_analytics.frames import Period

pytestmark = pytest.mark.django_db
YEAR = Period(dt.date(2024, 4, 1), dt.date(2025, 3, 31))


def test_demand_pdf_has_its_text_charts_and_tables(small_area: dict[str, Any]) -> None:
    report = build_report(kind="demand", period=YEAR)
    pdf = PdfReader(io.BytesIO(document_pdf(report)))
    # Words as read, whitespace collapsed: where a heading wraps depends on the fonts installed.
    text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    assert "Demand: how long, when, and who goes missing again" in text
    # Chart titles are drawn inside the SVG charts, so finding them proves the charts rendered.
    for chart_title in (
        "Share of episodes still open (Kaplan-Meier)",
        "When episodes were reported (local time)",
        "Share of episodes from the 10% of children missing most often",
    ):
        assert chart_title in text
    # The data table beside the duration chart, and the pseudonymised children.
    assert "Still open" in text
    assert pseudonym(small_area["cal"].pk) in text
    assert "Lovelace" not in text
    drawn = sum(len(page["/Resources"].get("/XObject", {})) for page in pdf.pages)
    assert drawn >= 3


def test_published_pdf_shows_the_table(small_area: dict[str, Any]) -> None:
    report = build_report(kind="published", period=YEAR)
    text = " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(document_pdf(report))).pages
    )
    assert "Episodes by category" in text  # the chart's title
    assert "looked after, placed out of borough" in text
