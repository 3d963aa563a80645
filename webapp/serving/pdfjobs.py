"""PDFs made outside the request worker, a few at a time, and kept for a while per results link and language.

WeasyPrint takes a process from about 50 MB to 150 MB and creeps with every PDF, so it never runs in the
request worker: each worker process hands the page's HTML to one render process of its own (a spawned
ProcessPoolExecutor, which never imports WeasyPrint into the worker) and that process is replaced after
PDF_RENDERS_PER_PROCESS PDFs. At most PDF_CONCURRENCY PDFs are made at once per worker process; a request that
finds them all busy waits up to PDF_WAIT_SECONDS, then gets a clear 503 ("busy, try again"). Finished PDFs
are kept in a small LRU cache (PDF_CACHE_ITEMS per worker process, keyed by rules version, token, language
and date), so opening the same PDF link again costs nothing. nginx limits PDF requests per client in front.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections import OrderedDict
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool

from webapp.serving.pdf import PdfUnavailable, render_pdf


class PdfBusy(RuntimeError):
    """Every PDF slot stayed busy for the whole wait, or the render took too long."""


class PdfCache:
    """A bounded least-recently-used map of finished PDFs."""

    def __init__(self, items: int):
        self.items = max(0, int(items))
        self._data: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                return self._data[key]
        return None

    def put(self, key, value: bytes) -> None:
        if not self.items:
            return
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.items:
                self._data.popitem(last=False)

    def __len__(self):
        return len(self._data)


class PdfRenderer:
    """Renders PDFs in a separate process, with bounded concurrency and a cache."""

    def __init__(self, concurrency=1, wait=5.0, timeout=30.0, cache_items=32, renders_per_process=20):
        self.slots = threading.BoundedSemaphore(max(1, int(concurrency)))
        self.concurrency = max(1, int(concurrency))
        self.wait, self.timeout = float(wait), float(timeout)
        self.renders_per_process = max(1, int(renders_per_process))
        self.cache = PdfCache(cache_items)
        self._pool = None
        self._pool_lock = threading.Lock()

    def _executor(self) -> ProcessPoolExecutor:
        with self._pool_lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    max_workers=self.concurrency,
                    mp_context=multiprocessing.get_context("spawn"),
                    max_tasks_per_child=self.renders_per_process,
                )
            return self._pool

    def _reset(self) -> None:
        with self._pool_lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            for process in list(getattr(pool, "_processes", {}).values()):
                process.kill()
            pool.shutdown(wait=False, cancel_futures=True)

    def render(self, key, html: str, static_dir: str, static_url: str) -> bytes:
        """The PDF for `key` from the cache, or made now; PdfBusy or PdfUnavailable when it cannot be."""
        cached = self.cache.get(key)
        if cached is not None:
            return cached
        if not self.slots.acquire(timeout=self.wait):
            raise PdfBusy("all PDF slots busy")
        try:
            future = self._executor().submit(render_pdf, html, str(static_dir), static_url)
            try:
                data = future.result(timeout=self.timeout)
            except FutureTimeout as exc:
                self._reset()
                raise PdfBusy("the PDF took too long") from exc
            except BrokenProcessPool as exc:
                self._reset()
                raise PdfUnavailable("the PDF process stopped") from exc
        finally:
            self.slots.release()
        self.cache.put(key, data)
        return data

    def shutdown(self) -> None:
        self._reset()


EXTENSION = "pdf_renderer"


def install(app) -> PdfRenderer:
    """Give `app` a PdfRenderer made from its PDF_* settings (the process starts on the first PDF)."""
    renderer = PdfRenderer(
        app.config["PDF_CONCURRENCY"],
        app.config["PDF_WAIT_SECONDS"],
        app.config["PDF_TIMEOUT_SECONDS"],
        app.config["PDF_CACHE_ITEMS"],
        app.config["PDF_RENDERS_PER_PROCESS"],
    )
    app.extensions[EXTENSION] = renderer
    return renderer
