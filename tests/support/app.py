"""The app as the tests make it: the repository's paths, the fixed date, and an app in testing mode."""

import datetime as dt
from functools import cache
from pathlib import Path

from webapp import create_app

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "rules"
TODAY = "2026-11-25"
TODAY_DATE = dt.date.fromisoformat(TODAY)
TEST_ONLY_FAILURE = "/test-only/500"


def make_app(**config):
    base = {"TESTING": True, "SECRET_KEY": "test-secret", "FIXED_DATE": TODAY, "WTF_CSRF_ENABLED": False}
    return create_app({**base, **config})


@cache
def load_bundled_rules():
    """The bundled rules as of TODAY, loaded once (the `bundled_rules` fixture gives the same object)."""
    from webapp.rulebook.loader import load_rules

    return load_rules(RULES, TODAY_DATE)


def add_test_only_routes(app):
    """Add a page that always fails, to show the 500 page; only on an app in testing mode, never in production."""
    if not app.testing:
        raise RuntimeError("test-only routes are for apps in testing mode")

    @app.get(TEST_ONLY_FAILURE)
    def test_only_failure():
        raise RuntimeError("a deliberate failure, to show the 500 page")

    return app
