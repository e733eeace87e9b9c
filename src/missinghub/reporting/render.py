"""A report as a standalone HTML document (charts as SVG, no scripts) and as a PDF.

Charts are drawn server-side by vl-convert (the same Vega-Lite version the pages use) and laid out
with WeasyPrint. WeasyPrint may fetch `data:` URLs only: nothing from the network or the disk.
"""

from __future__ import annotations

import base64
import logging

import vl_convert
from django.template.loader import render_to_string
from django.utils import timezone

from missinghub.reporting.report import Report

VEGA_LITE_VERSION = "6.4"


def chart_svg(spec: dict[str, object]) -> str:
    return str(vl_convert.vegalite_to_svg(spec, vl_version=VEGA_LITE_VERSION))


def _svg_data_url(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def document_html(report: Report) -> str:
    """The report as one HTML file: every chart an SVG image with its data table beside it."""
    charts = {
        section.key: _svg_data_url(chart_svg(section.figure["spec"]))
        for section in report.sections
        if section.figure is not None
    }
    return render_to_string(
        "reporting/document.html",
        {
            "report": report,
            "sections": [(section, charts.get(section.key)) for section in report.sections],
            "produced_at": timezone.localtime(),
        },
    )


def document_pdf(report: Report) -> bytes:
    from weasyprint import HTML  # type: ignore[import-untyped]
    from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]

    for noisy in ("weasyprint", "weasyprint.progress", "fontTools"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    fetcher = URLFetcher(allowed_protocols=("data",))
    pdf = HTML(string=document_html(report), url_fetcher=fetcher).write_pdf()
    assert pdf is not None  # noqa: S101  (write_pdf without a target returns the bytes)
    return bytes(pdf)
