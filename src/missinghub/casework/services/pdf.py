"""PDFs (the panel pack, the grab pack, letters to children) rendered by WeasyPrint from Django
templates. Nothing is fetched: the fetcher refuses every address but `data:` (photos are
embedded as data URIs), so a PDF never reaches the network or the file system."""

import base64
import logging
from functools import cache
from typing import Any

from django.template.loader import render_to_string


@cache
def _weasyprint() -> tuple[Any, Any]:
    """WeasyPrint, loaded on the first PDF (it takes seconds to import, and every process
    that loads the URLconf would pay for it); its progress messages are not ours to log."""
    from weasyprint import HTML  # type: ignore[import-untyped]
    from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]

    for noisy in ("weasyprint", "weasyprint.progress", "fontTools"):
        logging.getLogger(noisy).setLevel(logging.WARNING)

    class OnlyDataUrls(URLFetcher):
        """Refuse every resource but inline `data:` ones."""

        def fetch(self, url: str, headers: dict[str, str] | None = None) -> object:
            if not url.startswith("data:"):
                raise ValueError(f"PDFs fetch nothing from outside: {url[:40]}")
            return super().fetch(url, headers)

    return HTML, OnlyDataUrls


def render_pdf(template_name: str, context: dict[str, object]) -> bytes:
    html = render_to_string(template_name, context)
    html_document, only_data_urls = _weasyprint()
    document = html_document(string=html, base_url="data:,", url_fetcher=only_data_urls())
    pdf = document.write_pdf()
    assert pdf is not None  # noqa: S101  (write_pdf without a target returns the bytes)
    return pdf


def data_url(content: bytes, content_type: str) -> str:
    return f"data:{content_type};base64,{base64.b64encode(content).decode('ascii')}"
