"""Gzip for clients that accept it (never for a page with a form token), and the results page cache."""

import gzip

from tests.support.app import make_app
from tests.support.forms import STRONG_FORM
from webapp.serving.delivery import PageCache

GZIP = {"Accept-Encoding": "gzip"}


def results_link(app):
    return app.test_client().post("/", data=STRONG_FORM).headers["Location"]


def test_a_results_link_opened_again_is_served_from_the_cache_with_the_same_page_and_headers():
    app = make_app()
    client, link = app.test_client(), results_link(app)
    first = client.get(link)
    client.get(link)  # made a second time: now kept
    again = client.get(link)
    assert app.extensions["page_cache"].hits == 1
    assert again.get_data() == first.get_data()
    for name in ("Content-Security-Policy", "Referrer-Policy", "Cache-Control", "Content-Type"):
        assert again.headers[name] == first.headers[name]
    assert gzip.decompress(client.get(link, headers=GZIP).get_data()) == first.get_data()


def test_each_date_and_each_link_has_its_own_page():
    app = make_app()
    client, link = app.test_client(), results_link(app)
    today = [client.get(link).get_data() for _ in range(2)]
    earlier = [client.get(link + "&as_of=2024-01-01").get_data() for _ in range(2)]
    assert earlier[0] != today[0]
    assert app.extensions["page_cache"].hits == 0
    assert len(app.extensions["page_cache"].pages) == 2


def test_a_page_asked_for_in_another_language_is_made_for_that_language():
    app = make_app()
    client, link = app.test_client(), results_link(app)
    for language in ("en", "zh-HK", "en", "zh-HK", "en"):
        client.get(link, headers={"Accept-Language": language})
    assert app.extensions["page_cache"].hits == 1
    assert len(app.extensions["page_cache"].pages) == 2


def test_the_cache_can_be_turned_off():
    app = make_app(PAGE_CACHE_MB=0)
    client, link = app.test_client(), results_link(app)
    assert client.get(link).status_code == client.get(link).status_code == 200
    assert app.extensions["page_cache"] is None


def test_the_cache_keeps_the_most_recently_used_pages_within_its_budget():
    cache = PageCache(max_bytes=3000)
    for i in range(5):
        for _ in range(2):  # kept the second time
            cache.put(i, bytes([i]) * 1000, "text/html")
        cache.get(0)  # keep the first one in use
    assert 0 in cache.pages and 4 in cache.pages and 1 not in cache.pages
    assert cache.size <= 3000
    cache.put("huge", b"x" * 10_000, "text/html")
    cache.put("huge", b"x" * 10_000, "text/html")
    assert "huge" not in cache.pages


def test_a_link_made_once_is_only_noted_and_the_notes_are_bounded():
    cache = PageCache(max_bytes=10**6)
    for i in range(PageCache.SEEN + 5):
        cache.put(("link", i), b"page", "text/html")
    assert not cache.pages and cache.size == 0
    assert len(cache.seen) == PageCache.SEEN and hash(("link", 0)) not in cache.seen
    cache.put(("link", PageCache.SEEN), b"page", "text/html")
    assert ("link", PageCache.SEEN) in cache.pages


def test_error_pages_and_the_form_are_not_cached():
    app = make_app()
    client = app.test_client()
    client.get("/results?answers=nonsense")
    client.get("/")
    assert not app.extensions["page_cache"].pages


def test_the_api_answer_is_gzipped_for_a_client_that_accepts_it():
    client = make_app().test_client()
    plain = client.post("/api/v1/check", json={"answers": {}})
    packed = client.post("/api/v1/check", json={"answers": {}}, headers=GZIP)
    assert packed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.get_data()) == plain.get_data()
    assert "Content-Encoding" not in plain.headers


def test_a_page_with_a_form_token_is_never_gzipped():
    response = make_app(WTF_CSRF_ENABLED=True).test_client().get("/", headers=GZIP)
    assert 'name="csrf_token"' in response.get_data(as_text=True)
    assert "Content-Encoding" not in response.headers


def test_static_files_are_gzipped_with_their_own_etag():
    client = make_app().test_client()
    with client.get("/static/style.css") as plain, client.get("/static/style.css", headers=GZIP) as packed:
        assert gzip.decompress(packed.get_data()) == plain.get_data()
        assert packed.headers["ETag"] != plain.headers["ETag"]
        assert "Accept-Ranges" not in packed.headers


def test_a_page_opened_once_is_kept_as_made_and_compressed_only_when_asked_for_again():
    app = make_app()
    client, link = app.test_client(), results_link(app)
    cache = app.extensions["page_cache"]
    page = client.get(link).get_data()
    assert not cache.pages  # a link opened once is only noted
    assert client.get(link).get_data() == page
    (kept,) = cache.pages.values()
    assert kept[0] == page and kept[1] is None  # a client without gzip: nothing compressed
    size = cache.size
    packed = client.get(link, headers=GZIP)
    assert gzip.decompress(packed.get_data()) == page and packed.headers["Content-Encoding"] == "gzip"
    assert kept[1] == packed.get_data() and cache.size == size + len(kept[1])
    assert client.get(link, headers=GZIP).get_data() == kept[1]


def test_a_page_gzipped_for_its_first_visitor_keeps_that_copy():
    app = make_app()
    client, link = app.test_client(), results_link(app)
    client.get(link, headers=GZIP)
    first = client.get(link, headers=GZIP)
    (kept,) = app.extensions["page_cache"].pages.values()
    assert kept[1] == first.get_data()
    assert gzip.decompress(kept[1]) == kept[0]


def test_behind_a_proxy_the_app_compresses_nothing():
    app = make_app(BEHIND_PROXY="true")
    client, link = app.test_client(), results_link(app)
    for response in (
        client.get(link, headers=GZIP),
        client.get(link, headers=GZIP),
        client.post("/api/v1/check", json={"answers": {}}, headers=GZIP),
        client.get("/static/style.css", headers=GZIP),
    ):
        with response:
            assert response.status_code == 200 and "Content-Encoding" not in response.headers
    assert all(kept[1] is None for kept in app.extensions["page_cache"].pages.values())


def test_the_production_server_leaves_access_logging_to_the_proxy_when_told(monkeypatch):
    import importlib

    import webapp.serving.gunicorn as settings

    monkeypatch.setenv("CHECKER_BEHIND_PROXY", "1")
    assert importlib.reload(settings).accesslog is None
    monkeypatch.delenv("CHECKER_BEHIND_PROXY")
    assert importlib.reload(settings).accesslog == "-"
