"""PDFs (the panel pack, the grab pack, letters to children) rendered by WeasyPrint from Django
templates. Nothing is fetched: the fetcher refuses every address but `data:` (photos are
embedded as data URIs), so a PDF never reaches the network or the file system."""

import base64

from django.template.loader import render_to_string
from weasyprint import HTML  # type: ignore[import-untyped]
from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]


class OnlyDataUrls(URLFetcher):
    """Refuse every resource but inline `data:` ones."""

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> object:
        if not url.startswith("data:"):
            raise ValueError(f"PDFs fetch nothing from outside: {url[:40]}")
        return super().fetch(url, headers)


def render_pdf(template_name: str, context: dict[str, object]) -> bytes:
    html = render_to_string(template_name, context)
    document = HTML(string=html, base_url="data:,", url_fetcher=OnlyDataUrls())
    pdf = document.write_pdf()
    assert pdf is not None  # noqa: S101  (write_pdf without a target returns the bytes)
    return pdf


def data_url(content: bytes, content_type: str) -> str:
    return f"data:{content_type};base64,{base64.b64encode(content).decode('ascii')}"
