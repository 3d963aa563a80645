"""No answer reaches a log: results-link tokens are redacted in request lines, error logs hold no message text."""

import logging
import os
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from http.cookiejar import CookieJar
from urllib.parse import urlencode

from flask import request
from werkzeug.serving import make_server

from tests.support.app import ROOT, make_app
from tests.support.forms import STRONG_FORM
from webapp.serving.privacy import redact

SECRET_NAME = "Zyxwvut Confidential Holdings Ltd"
ANSWERS = {**STRONG_FORM, "company_name": SECRET_NAME, "total_project_cost_hkd": "987,654,321"}
NEVER_LOGGED = (SECRET_NAME, "Zyxwvut", "987,654,321", "987654321")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def visit(base: str) -> str:
    """Post the form, open the results link and the change link, as a person would; the token."""
    opener = urllib.request.build_opener(NoRedirect, urllib.request.HTTPCookieProcessor(CookieJar()))
    with opener.open(f"{base}/", timeout=10) as form:
        found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form.read().decode())
    data = {**ANSWERS, **({"csrf_token": found.group(1)} if found else {})}
    try:
        opener.open(f"{base}/", data=urlencode(data, doseq=True).encode(), timeout=10)
        raise AssertionError("the form should redirect to the results")
    except urllib.error.HTTPError as redirect:
        location = redirect.headers["Location"]
    token = re.search(r"answers=([^&]+)", location).group(1)
    for path in (location, f"/?answers={token}", f"/results?answers={token}&as_of=2026-01-01"):
        with opener.open(base + path, timeout=10) as page:
            assert page.status == 200
    return token


def assert_clean(text: str, token: str) -> None:
    assert token not in text and token[:20] not in text, "a results-link token was logged"
    for value in NEVER_LOGGED:
        assert value not in text, f"an answer was logged: {value}"
    assert "answers=[redacted]" in text


def test_redact_replaces_every_token_and_keeps_the_rest():
    line = '"GET /results?answers=eyJh.b-c_d&as_of=2026-01-01 HTTP/1.1" 200 "/?answers=xyz"'
    assert redact(line) == '"GET /results?answers=[redacted]&as_of=2026-01-01 HTTP/1.1" 200 "/?answers=[redacted]"'


def test_the_development_server_log_has_no_answers_and_no_tokens(caplog):
    caplog.set_level(logging.INFO)
    server = make_server("127.0.0.1", 0, make_app(), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        token = visit(f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        thread.join(timeout=5)
    assert any(r.name == "werkzeug" for r in caplog.records), "the request lines were captured"
    assert_clean(caplog.text, token)


def test_an_unexpected_error_is_logged_without_its_message(caplog):
    app = make_app()

    @app.post("/boom")
    def boom():
        raise ValueError(request.get_data(as_text=True))  # a message that quotes what was sent

    response = app.test_client().post("/boom", data=SECRET_NAME)
    assert response.status_code == 500
    assert "unhandled ValueError on POST /boom" in caplog.text
    assert SECRET_NAME not in caplog.text


def test_the_production_server_logs_have_no_answers_and_no_tokens(gunicorn):
    base, log_path = gunicorn
    token = visit(base)
    time.sleep(0.3)  # the access log is written after each response
    text = log_path.read_text()
    assert '"GET /results?answers=[redacted] HTTP/1.1" 200' in text
    assert_clean(text, token)


def test_the_production_server_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "CHECKER_SECRET_KEY"}
    command = [sys.executable, "-m", "gunicorn", "--config", "python:webapp.serving.gunicorn", "webapp:create_app()"]
    result = subprocess.run(command, cwd=ROOT, env={**env, "PORT": "0"}, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "no secret key is configured" in result.stderr + result.stdout
    assert "export CHECKER_SECRET_KEY=" in result.stderr + result.stdout
