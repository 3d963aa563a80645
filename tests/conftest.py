"""Shared fixtures and hooks: the app on the bundled rules, a test client, rule-file copies to break, a browser.

Plain helpers and data are in tests/support/.
"""

import os
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.support.app import ROOT, RULES, add_test_only_routes, load_bundled_rules, make_app
from tests.support.chromium import CHROMIUM, CHROMIUM_ARGS
from tests.support.proxy import stop


@pytest.fixture(scope="session")
def app():
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def bundled_rules():
    return load_bundled_rules()


@pytest.fixture
def rules_copy(tmp_path):
    """A private copy of the bundled rules directory, to edit or break."""
    target = tmp_path / "rules"
    shutil.copytree(RULES, target, ignore=shutil.ignore_patterns(".*"))
    return target


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


@pytest.fixture(scope="module")
def gunicorn(tmp_path_factory):
    """The production server with its own settings, on a free port; stopped by its PID."""
    work = tmp_path_factory.mktemp("gunicorn")
    from bench.load_kit import free_port

    port = free_port()
    log = (work / "server.log").open("w")
    env = {**os.environ, "PORT": str(port), "CHECKER_SECRET_KEY": "test-only-key", "CHECKER_FIXED_DATE": "2026-11-25"}
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--config",
        "python:webapp.serving.gunicorn",
        "--pid",
        str(work / "pid"),
    ]
    process = subprocess.Popen([*command, "webapp:create_app()"], cwd=ROOT, env=env, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(base, process, work / "server.log")
        yield base, work / "server.log"
    finally:
        stop(process)  # SIGTERM; killed if it outlasts gunicorn's graceful_timeout (tests/test_warmup.py times a stop)
        log.close()


def _wait_for(base, process, log_path, seconds: float = 30):
    deadline = time.monotonic() + seconds  # a slow CI machine starts the warmed master in a few seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2):
                return
        except OSError:
            if process.poll() is not None:
                pytest.fail("gunicorn did not start:\n" + log_path.read_text())
            time.sleep(0.1)
    pytest.fail("gunicorn did not answer /healthz")
