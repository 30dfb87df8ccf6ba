"""The published statement as a PDF (WeasyPrint), from the same data as its page."""

from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML

from voice.selectors.statements import StatementPage


def _no_fetching(url: str, *args, **kwargs):
    # The document is self-contained: nothing is fetched from the network or the disk
    # (an image URL in a paragraph must not make the server request it).
    raise ValueError(f"not fetched: {url}")


def statement_pdf(page: StatementPage) -> bytes:
    """Text, endorsing organisations, chosen testimonies and the date, as PDF bytes."""
    html = render_to_string(
        "voice/statement_pdf.html",
        {"page": page, "statement": page.statement, "now": timezone.now()},
    )
    return HTML(string=html, url_fetcher=_no_fetching).write_pdf()
