"""Shared fixtures: the app on the bundled rules, a test client, rule-file copies to break, a browser."""

import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from webapp import create_app
from webapp.loader import load_rules

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


@pytest.fixture(scope="session")
def live_server():
    """The app served on 127.0.0.1:<free port> by a real HTTP server in a background thread."""
    server = make_server("127.0.0.1", 0, make_app(WTF_CSRF_ENABLED=True), threaded=True)
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
def page(browser, live_server, request):
    """A fresh browser page; on failure its screenshot and HTML go to test-results/."""
    context = browser.new_context(base_url=live_server)
    pg = context.new_page()
    yield pg
    failed = getattr(request.node, "rep_call", None) and request.node.rep_call.failed
    if failed:
        out = ROOT / "test-results"
        out.mkdir(exist_ok=True)
        pg.screenshot(path=str(out / f"{request.node.name}.png"), full_page=True)
        (out / f"{request.node.name}.html").write_text(pg.content(), encoding="utf-8")
    context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
