"""Pages are light and self-contained: under 50 KB of HTML, CSS and JavaScript, and no request to another site."""

import gzip
import re

import pytest

from tests.support.app import make_app
from tests.support.forms import STRONG_FORM

BUDGET = 50 * 1024
BROWSER = {"Accept-Encoding": "gzip, deflate, br"}
ASSETS = ("/static/style.css", "/static/app.js")
# Attributes that make the browser fetch something (a link with <a href> is only followed when clicked).
FETCHING = re.compile(
    r"<(?:script|img|iframe|frame|embed|source|audio|video|track|input)\b[^>]*?\s(?:src|srcset|poster)=\"([^\"]*)\""
    r"|<link\b[^>]*?\shref=\"([^\"]*)\"|<object\b[^>]*?\sdata=\"([^\"]*)\"|<form\b[^>]*?\saction=\"([^\"]*)\"",
    re.IGNORECASE,
)
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)|@import\s+['\"]([^'\"]+)", re.IGNORECASE)


@pytest.fixture(scope="module")
def site():
    """A client of the app as in production (with form tokens), and a typical results link."""
    link = make_app().test_client().post("/", data=STRONG_FORM).headers["Location"]
    return make_app(WTF_CSRF_ENABLED=True).test_client(), link


def transferred(client, path: str) -> int:
    """Bytes on the wire for `path` to a browser that accepts gzip."""
    response = client.get(path, headers=BROWSER)
    assert response.status_code == 200, path
    body = response.get_data()
    response.close()
    if response.headers.get("Content-Encoding") == "gzip":
        gzip.decompress(body)  # a valid gzip stream
    return len(body)


@pytest.mark.parametrize("page", ["form", "results"])
def test_a_page_with_its_css_and_javascript_weighs_under_50_kb(site, page):
    client, link = site
    path = "/" if page == "form" else link
    weight = transferred(client, path) + sum(transferred(client, asset) for asset in ASSETS)
    assert weight < BUDGET, f"{page}: {weight:,} bytes of HTML, CSS and JavaScript (budget {BUDGET:,})"


def test_a_gzipped_page_reads_back_the_same(site):
    client, link = site
    plain = client.get(link).get_data()
    packed = client.get(link, headers=BROWSER)
    assert packed.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed.headers["Vary"]
    assert gzip.decompress(packed.get_data()) == plain


def _pages(client, link):
    paths = ["/", link, "/programmes/", "/no-such-page", "/api/v1/openapi.json"]
    paths += [f"/programmes/{pid}" for pid in client.application.extensions["rules"].current().programmes]
    return paths


def test_no_page_makes_the_browser_fetch_from_another_site(site):
    client, link = site
    for path in _pages(client, link):
        html = client.get(path).get_data(as_text=True)
        for groups in FETCHING.findall(html):
            target = next(g for g in groups if g)
            assert not re.match(r"(?i)(https?:)?//", target) or target.startswith("http://localhost/"), (path, target)


def test_the_stylesheet_and_script_fetch_nothing_from_another_site(site):
    client, _ = site
    with client.get("/static/style.css") as response:
        css = response.get_data(as_text=True)
    for found in CSS_URL.findall(css):
        target = next(g for g in found if g)
        assert not re.match(r"(?i)(https?:)?//", target), target
    with client.get("/static/app.js") as response:
        script = response.get_data(as_text=True)
    assert not re.search(r"(?i)https?://", script)
