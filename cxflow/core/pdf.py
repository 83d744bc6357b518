"""PDF documents from Jinja templates with WeasyPrint. The template names its fonts (DejaVu,
installed with the system, renders Cyrillic); nothing outside the document is fetched, so user
text in a template can never make the server load a URL (only inline data: URIs are read)."""

from io import BytesIO

import weasyprint
from flask import render_template, send_file

PDF_MIMETYPE = "application/pdf"


def _fetcher() -> weasyprint.URLFetcher:
    return weasyprint.URLFetcher(allowed_protocols={"data"}, allow_redirects=False)


def render_document(template: str, stylesheet: str, **context) -> weasyprint.Document:
    """The laid-out document (its pages' boxes hold the text, for checks). `stylesheet` is a
    template too (no <style> in pages: the content security policy forbids inline styles)."""
    html = render_template(template, **context)
    css = weasyprint.CSS(string=render_template(stylesheet), url_fetcher=_fetcher())
    return weasyprint.HTML(string=html, url_fetcher=_fetcher()).render(stylesheets=[css])


def render_pdf(template: str, stylesheet: str, **context) -> bytes:
    return render_document(template, stylesheet, **context).write_pdf()


def pdf_download(body: bytes, name: str):
    """The PDF as an attachment named `name`."""
    return send_file(BytesIO(body), mimetype=PDF_MIMETYPE, as_attachment=True, download_name=name)
