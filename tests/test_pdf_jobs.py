"""PDFs: made outside the request worker, a bounded number at once, cached per link and language, not stored."""

import threading
import time

import pytest

from tests.support.app import make_app
from tests.support.forms import post
from webapp.serving import gunicorn as settings
from webapp.serving.pdfjobs import EXTENSION, PdfBusy, PdfCache, PdfRenderer


@pytest.fixture(scope="module")
def pdf_app():
    app = make_app(PDF_WAIT_SECONDS=0.2)
    yield app
    app.extensions[EXTENSION].shutdown()


def test_a_pdf_is_an_attachment_not_stored_and_cached_per_link_and_language(pdf_app):
    client = pdf_app.test_client()
    location = post(client).headers["Location"]
    url = location.replace("/results?", "/results.pdf?")
    first = client.get(url)
    assert first.status_code == 200 and first.data.startswith(b"%PDF")
    assert first.headers["Cache-Control"] == "no-store"
    assert first.headers["Content-Disposition"].startswith("attachment; filename=")
    renderer = pdf_app.extensions[EXTENSION]
    started = time.perf_counter()
    again = client.get(url)
    assert again.data == first.data and time.perf_counter() - started < 0.5  # from the cache
    assert len(renderer.cache) == 1
    assert client.get(url + "&lang=zh-Hant").status_code == 200
    assert len(renderer.cache) == 2  # another language, another PDF


def test_weasyprint_never_runs_in_the_request_process(pdf_app):
    import sys

    client = pdf_app.test_client()
    url = post(client).headers["Location"].replace("/results?", "/results.pdf?") + "&as_of=2026-01-05"
    assert client.get(url).status_code == 200
    # The render process imports WeasyPrint; the worker (this process, in the test) need not.
    assert "weasyprint" not in sys.modules or getattr(sys.modules["weasyprint"], "__file__", None)


def test_when_every_slot_stays_busy_the_request_gets_a_clear_503(pdf_app):
    client = pdf_app.test_client()
    renderer = pdf_app.extensions[EXTENSION]
    url = post(client).headers["Location"].replace("/results?", "/results.pdf?") + "&as_of=2026-02-01"
    renderer.slots.acquire()  # another request is making the only PDF this worker makes at once
    try:
        response = client.get(url)
    finally:
        renderer.slots.release()
    assert response.status_code == 503
    assert "Too many PDFs are being made right now" in response.get_data(as_text=True)


def test_the_cache_is_bounded():
    cache = PdfCache(3)
    for i in range(10):
        cache.put(i, b"x")
    assert len(cache) == 3 and cache.get(9) == b"x" and cache.get(0) is None


def test_a_renderer_waits_briefly_then_refuses():
    renderer = PdfRenderer(concurrency=1, wait=0.1)
    holder = threading.Thread(target=lambda: (renderer.slots.acquire(), time.sleep(0.5), renderer.slots.release()))
    holder.start()
    time.sleep(0.05)
    with pytest.raises(PdfBusy):
        renderer.render("k", "<p>x</p>", ".", "http://x/static/")
    holder.join()


def test_gunicorn_workers_are_recycled_with_jitter():
    assert 0 < settings.max_requests <= 5000
    assert settings.max_requests_jitter > 0
