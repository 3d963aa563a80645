"""How responses leave: gzip for clients that accept it, and a cache of rendered results pages.

A results page depends only on its URL (the permalink token and `as_of`), the rules version and today's
date, so a page made once is served again from memory when the same link is opened, reloaded or shared.
Most links are opened once. So a page is kept only when its link comes a second time (the first time, only a
64-bit hash of the link is noted: a "doorkeeper"), which keeps the memory for pages that are asked for again, and
it is kept as it was made: its gzipped copy is made when a client that accepts gzip asks for it (or kept when the
answer that stored it was gzipped anyway), so no time goes on compressing pages that nobody opens again.

Behind a reverse proxy that compresses (CHECKER_BEHIND_PROXY), the app compresses nothing.
"""

from __future__ import annotations

import gzip
import threading
from collections import OrderedDict

from flask import current_app, g, request

from webapp.rulebook.store import rules_in_use

COMPRESSIBLE = {"text/html", "text/css", "text/javascript", "application/javascript", "application/json"}
MIN_SIZE = 1024  # smaller bodies are not worth the work
# gzip levels: pages made for one request (level 1: 3x faster than 6), pages kept in the cache, static files
FAST, KEPT, SMALLEST = 1, 4, 9
CACHED_ENDPOINTS = {"main.results"}
# What of a request a results page may depend on: its scheme, host and full address, and the language and cookies
# it was asked with (the WSGI names: the values as sent, read without parsing them)
PAGE_KEYS = (
    "wsgi.url_scheme",
    "HTTP_HOST",
    "SERVER_NAME",
    "SERVER_PORT",
    "SCRIPT_NAME",
    "PATH_INFO",
    "QUERY_STRING",
    "HTTP_ACCEPT_LANGUAGE",
    "HTTP_COOKIE",
)


class BudgetLRU:
    """Least-recently-used entries within a budget of bytes, per worker process; `cost` says what one weighs.
    A lock keeps the entries and their total right when a threaded server (`flask run`) uses it from two threads."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.size = 0
        self.entries: OrderedDict = OrderedDict()
        self.hits = 0
        self.lock = threading.Lock()

    @staticmethod
    def cost(entry) -> int:
        raise NotImplementedError

    def get(self, key):
        # Without the lock: a look-up and a move are each one step under the interpreter's lock, and an entry that
        # another thread lets go in between is still returned (it was found), only not moved.
        entry = self.entries.get(key)
        if entry is not None:
            try:  # noqa: SIM105 - free when nothing is raised, where suppress() is a call at every hit
                self.entries.move_to_end(key)
            except KeyError:
                pass
            self.hits += 1
        return entry

    def store(self, key, entry) -> None:
        """Keep `entry`, unless it alone is over the budget; then forget the least recently used over it."""
        cost = self.cost(entry)
        if cost > self.max_bytes:
            return
        with self.lock:
            if key in self.entries:  # made twice at once (threaded servers)
                self.size -= self.cost(self.entries.pop(key))
            self.entries[key] = entry
            self.size += cost
            self.trim()

    def trim(self) -> None:
        """Forget the least recently used entries over the budget (called with the lock held)."""
        while self.size > self.max_bytes and self.entries:
            _, old = self.entries.popitem(last=False)
            self.size -= self.cost(old)


class PageCache(BudgetLRU):
    """Rendered pages ([body, gzipped body or None, content type]); a page is kept the second time it is made."""

    SEEN = 10_000  # links noted as made once, most recent first (about 1 MB)

    def __init__(self, max_bytes: int):
        super().__init__(max_bytes)
        self.seen: OrderedDict = OrderedDict()  # hash of the key of a page made once -> None

    @property
    def pages(self) -> OrderedDict:
        return self.entries

    @staticmethod
    def cost(page) -> int:
        return len(page[0]) + len(page[1] or b"")

    def gzipped(self, key, page: list) -> bytes:
        """The gzipped copy of a kept page, made the first time a client that accepts gzip asks for it again."""
        if page[1] is None:
            page[1] = gzip.compress(page[0], KEPT, mtime=0)
            with self.lock:
                if self.entries.get(key) is page:
                    self.size += len(page[1])
                    self.trim()
        return page[1]

    def put(self, key, body: bytes, mimetype: str, gz: bytes | None = None) -> list:
        """Keep a page made for `key`, if a page was made for it before; else note the key."""
        page = [body, gz, mimetype]
        noted = hash(key)
        if noted not in self.seen:
            self.seen[noted] = None
            if len(self.seen) > self.SEEN:
                self.seen.popitem(last=False)
            return page
        self.store(key, page)
        return page


def _accepts_gzip() -> bool:
    return not current_app.config.get("BEHIND_PROXY") and request.accept_encodings["gzip"] > 0


def _key(rules) -> tuple:
    """Everything a results page may depend on: the link, the language asked for, the rules and the day; worked
    out once a request (the cache is looked in before the page is made, and the page kept after)."""
    key = g.get("page_cache_key")
    if key is None or key[-2] != rules.version:
        environ = request.environ  # as the server (and a proxy fix-up) left it: the page's address, whole
        page = tuple(environ.get(name) for name in PAGE_KEYS)
        key = g.page_cache_key = (*page, rules.version, current_app.config["TODAY"]())
    return key


def _cacheable() -> bool:
    return request.endpoint in CACHED_ENDPOINTS and request.method in ("GET", "HEAD")


def serve_cached():
    """before_request: answer from the cache when this exact page was made before."""
    if not _cacheable() or current_app.extensions.get("page_cache") is None:
        return None
    page = current_app.extensions["page_cache"].get(_key(rules_in_use()))
    if page is None:
        return None
    g.page_from_cache = True
    response = current_app.response_class(page[0], mimetype=page[2])
    if _accepts_gzip():
        return _use_gzip(response, current_app.extensions["page_cache"].gzipped(_key(rules_in_use()), page))
    return response


def finish(response):
    """after_request: keep a fresh results page, and gzip a text body for a client that accepts it."""
    if response.status_code != 200 or "Content-Encoding" in response.headers:
        return response
    if response.mimetype in COMPRESSIBLE:
        response.vary.add("Accept-Encoding")
    cache = current_app.extensions.get("page_cache")
    if cache is not None and _cacheable() and not g.get("page_from_cache") and _private_free(response):
        body = response.get_data()
        gz = gzip.compress(body, FAST, mtime=0) if _accepts_gzip() else None  # for this answer, kept as well
        cache.put(_key(rules_in_use()), body, response.mimetype, gz)
        return _use_gzip(response, gz) if gz is not None else response
    if response.mimetype not in COMPRESSIBLE or not _accepts_gzip() or _has_form_token():
        return response  # a page with a form token stays uncompressed, so its size cannot leak the token (BREACH)
    if response.direct_passthrough:  # a static file: compress it once
        return _static(response)
    body = response.get_data()
    return _use_gzip(response, gzip.compress(body, FAST, mtime=0)) if len(body) >= MIN_SIZE else response


def _has_form_token() -> bool:
    return current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token") in g


def _private_free(response) -> bool:
    """True when the page carries nothing for one visitor only: no cookie set and no form token."""
    return "Set-Cookie" not in response.headers and not _has_form_token()


def _static(response):
    cache = current_app.extensions.setdefault("static_gzip", {})
    key = (request.path, response.get_etag()[0])
    if key not in cache:
        response.direct_passthrough = False
        cache[key] = gzip.compress(response.get_data(), SMALLEST, mtime=0)
    return _use_gzip(response, cache[key])


def _use_gzip(response, gz: bytes):
    if response.direct_passthrough and hasattr(response.response, "close"):
        response.response.close()  # the static file, never read: its gzipped copy is sent instead
    response.direct_passthrough = False
    response.set_data(gz)
    response.headers["Content-Encoding"] = "gzip"
    response.headers.pop("Accept-Ranges", None)
    response.vary.add("Accept-Encoding")
    etag, weak = response.get_etag()
    if etag:
        response.set_etag(etag + "-gzip", weak)
    return response


def register(app) -> None:
    """Install the cache (PAGE_CACHE_MB; 0 turns it off) and the compression on `app`."""
    megabytes = app.config.get("PAGE_CACHE_MB") or 0
    app.extensions["page_cache"] = PageCache(int(megabytes * 2**20)) if megabytes > 0 else None
    app.before_request(serve_cached)
    app.after_request(finish)
