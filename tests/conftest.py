"""Shared fixtures: the app on the bundled rules, a test client, rule-file copies to break, a browser."""

import os
import re
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from webapp import create_app
from webapp.rulebook.loader import load_rules

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"
TODAY = "2026-11-25"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# A complete set of answers for a company that fits NIAS; tests change one answer at a time.
STRONG_FORM = {
    "company_name": "Acme Biotech Ltd",
    "hk_entity": "incorporated",
    "government_subvented": "no",
    "industry": "life_health_tech",
    "company_age_years": "3",
    "employees_hk": "40",
    "production_plan": "new_smart_facility",
    "total_project_cost_hkd": "450m",
    "own_investment_hkd": "300,000,000",
    "high_end_technology": "yes",
    "space_needed": "production_floor",
    "rd_plans": ["in_house_hk"],
    "rd_spend_hkd": "5m",
    "ip_income": "not_sure",
    "hk_profits_tax": "yes",
    "hiring_needs": ["technicians"],
    "train_staff": "yes",
}


def make_app(**config):
    base = {"TESTING": True, "SECRET_KEY": "test-secret", "FIXED_DATE": TODAY, "WTF_CSRF_ENABLED": False}
    return create_app({**base, **config})


@pytest.fixture(scope="session")
def app():
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def bundled_rules():
    import datetime as dt

    return load_rules(RULES, dt.date.fromisoformat(TODAY))


@pytest.fixture
def rules_copy(tmp_path):
    """A private copy of the bundled rules directory, to edit or break."""
    target = tmp_path / "rules"
    shutil.copytree(RULES, target)
    return target


TEST_ONLY_FAILURE = "/test-only/500"


def add_test_only_routes(app):
    """Add a page that always fails, to show the 500 page; only on an app in testing mode, never in production."""
    if not app.testing:
        raise RuntimeError("test-only routes are for apps in testing mode")

    @app.get(TEST_ONLY_FAILURE)
    def test_only_failure():
        raise RuntimeError("a deliberate failure, to show the 500 page")

    return app


@pytest.fixture(scope="session")
def live_server():
    """The app served on 127.0.0.1:<free port> by a real HTTP server in a background thread."""
    server = make_server("127.0.0.1", 0, add_test_only_routes(make_app(WTF_CSRF_ENABLED=True)), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for the whole session. With CI=true a missing browser fails."""
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing in CI: install the 'chromium' apt package")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def new_context(browser, live_server, request):
    """Make browser contexts on the live server (to set a viewport, switch JavaScript off ...).

    On failure, every page of every context made goes to test-results/ as a screenshot and its HTML.
    """
    contexts = []

    def make(**options):
        context = browser.new_context(base_url=live_server, **options)
        contexts.append(context)
        return context

    yield make
    failed = getattr(request.node, "rep_call", None) and request.node.rep_call.failed
    pages = [pg for context in contexts for pg in context.pages]
    if failed and pages:
        from playwright.sync_api import Error as PlaywrightError

        out = ROOT / "test-results"
        out.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.name).strip("_")
        for number, pg in enumerate(pages):
            stem = out / (name if number == 0 else f"{name}-{number + 1}")
            try:
                pg.screenshot(path=f"{stem}.png", full_page=True)
                Path(f"{stem}.html").write_text(pg.content(), encoding="utf-8")
            except PlaywrightError as exc:  # a crashed or closed page: say so, and keep the others
                Path(f"{stem}.txt").write_text(f"{pg.url}: {exc}", encoding="utf-8")
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    """A fresh browser page on the live server; on failure its screenshot and HTML go to test-results/."""
    return new_context().new_page()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
