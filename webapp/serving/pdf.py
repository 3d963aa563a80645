"""The results report as a PDF, made on the server with WeasyPrint from the same page and print styles."""

from __future__ import annotations

import mimetypes
from pathlib import Path


class PdfUnavailable(RuntimeError):
    """WeasyPrint or the system libraries it needs (Pango) are not installed."""


def render_pdf(html: str, static_dir: Path, static_url: str) -> bytes:
    """A PDF of `html`; only files under `static_dir` may be loaded, never anything from the network."""
    try:
        from weasyprint import HTML
        from weasyprint.urls import URLFetcher, URLFetcherResponse
    except (ImportError, OSError) as exc:  # OSError: the Pango library is missing
        raise PdfUnavailable(str(exc)) from exc
    root = Path(static_dir).resolve()

    class StaticOnly(URLFetcher):
        """Serves the app's own static files from disk and refuses every other URL."""

        def fetch(self, url, headers=None):
            if not url.startswith(static_url):
                raise ValueError(f"not fetched: {url}")
            path = (root / url[len(static_url) :].split("?")[0]).resolve()
            if root not in path.parents or not path.is_file():
                raise ValueError(f"not a static file: {url}")
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})

    return HTML(string=html, base_url=static_url, url_fetcher=StaticOnly()).write_pdf()
