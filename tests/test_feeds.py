"""Atom feeds of changes to the terms (issue 13, point 3), read with a real feed parser."""

import feedparser
import pytest

from tests.support.app import ROOT, make_app
from tests.support.rulefiles import edit

CHANGES = """changes:
  - date: 2026-11-20
    text:
      en: Trainees no longer need a diploma.
      zh-Hant: 受訓者不再需要文憑。
      zh-Hans: 受训者不再需要文凭。
next_step:"""


@pytest.fixture
def client(rules_copy):
    edit(rules_copy / "nittp.yaml", "next_step:", CHANGES)
    return make_app(RULES_DIR=str(rules_copy)).test_client()


def _parse(response):
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    feed = feedparser.parse(response.data)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    return feed


def test_the_feed_of_all_programmes_is_valid_atom_newest_first(client):
    feed = _parse(client.get("/programmes/changes.atom"))
    assert feed.feed.id and feed.feed.title and feed.feed.updated
    dates = [entry.updated_parsed for entry in feed.entries]
    assert dates == sorted(dates, reverse=True)
    for entry in feed.entries:
        assert entry.id and entry.title and entry.updated and entry.link.startswith("http://localhost/programmes/")
    assert len({entry.id for entry in feed.entries}) == len(feed.entries)
    titles = [entry.title for entry in feed.entries]
    assert "NITTP: Trainees no longer need a diploma." in titles
    assert any(
        t.startswith("NITTP: Maximum funding per company") and "HK$250,000 from 10 January 2026" in t for t in titles
    )
    assert any("Opens for applications on" in t for t in titles)


def test_a_programme_feed_lists_its_log_parameter_changes_and_window(client, rules_copy):
    feed = _parse(client.get("/programmes/nittp/changes.atom"))
    assert feed.entries[0].title == "NITTP: Trainees no longer need a diploma."
    assert feed.entries[0].link == "http://localhost/programmes/nittp"
    assert feed.feed.updated.startswith("2026-11-20")
    hant = _parse(client.get("/programmes/nittp/changes.atom?lang=zh-Hant"))
    assert hant.entries[0].title == "NITTP: 受訓者不再需要文憑。"
    assert client.get("/programmes/nosuch/changes.atom").status_code == 404


def test_the_catalogue_links_the_feed_for_feed_readers(client):
    page = client.get("/programmes/").get_data(as_text=True)
    assert '<link rel="alternate" type="application/atom+xml"' in page and 'href="/programmes/changes.atom"' in page
    assert 'href="/programmes/nittp/changes.atom"' in client.get("/programmes/nittp").get_data(as_text=True)


def test_a_worker_imports_the_feed_library_only_when_a_feed_is_asked_for():
    """feedgen brings lxml (about 5 MB a worker): the form, results pages and the API must not load it."""
    import subprocess
    import sys

    script = (
        "import sys; from webapp import create_app; from webapp.web.tokens import make_token; "
        "app = create_app({'SECRET_KEY': 's' * 40, 'TESTING': True, 'WTF_CSRF_ENABLED': False}); "
        "c = app.test_client(); "
        "assert c.get('/').status_code == 200; "
        "assert c.post('/api/v1/check', json={'answers': {'industry': 'life_health_tech'}}).status_code == 200; "
        "assert c.get('/results?answers=' + make_token('s' * 40, {'industry': 'life_health_tech'})).status_code == 200; "
        "print(sorted(m for m in ('feedgen', 'lxml', 'weasyprint') if m in sys.modules)); "
        "assert c.get('/programmes/changes.atom').status_code == 200; "
        "print('feedgen' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.split("\n")[:2] == ["[]", "True"]
