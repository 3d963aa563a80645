"""The gunicorn master loads the app, its rules and templates once (preload_app); each worker forked from it starts
serving at once, and still follows the rule files: edits made after the master loaded them are in every new worker."""

import gc
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from flask import Flask

from tests.support.app import make_app
from webapp.rulebook import store
from webapp.serving import gunicorn as settings
from webapp.serving.warmup import warm_up, worker_started

ROOT = Path(__file__).resolve().parent.parent


class _Server:  # what gunicorn hands its hooks: an object whose app.wsgi() is the loaded app
    def __init__(self, app):
        self.app = type("Loaded", (), {"wsgi": staticmethod(lambda: app)})()


@pytest.fixture
def unfrozen():
    yield
    gc.unfreeze()


def test_the_settings_preload_the_app_and_warm_it_in_the_master_before_forking():
    assert settings.preload_app is True
    assert settings.when_ready.__module__ == settings.__name__ and settings.post_worker_init


def test_warming_up_loads_the_rules_compiles_the_templates_and_freezes_what_is_alive(unfrozen):
    app = make_app(RELOAD_INTERVAL=0)
    rules = app.extensions[store.EXTENSION]
    assert rules._rules is None
    settings.when_ready(_Server(app))
    assert rules._rules is not None and len(rules._rules.programmes) >= 30
    # The rules' texts in the other languages are made on first use: here, before the workers are forked.
    assert rules._rules.translations.keys() == rules._rules.localised.keys() == {"zh-Hant", "zh-Hans"}
    cached = {key[1] for key in app.jinja_env.cache}
    assert {"results.html", "_programme.html", "form.html", "base.html"} <= cached
    assert app.extensions["translations_by_language"].keys() == {"en", "zh-Hant", "zh-Hans"}
    assert gc.get_freeze_count() > 10_000
    assert rules._reloader is None or not rules._reloader.is_alive()


def test_another_app_under_the_same_settings_is_only_frozen(unfrozen):
    plain = Flask("plain")
    warm_up(plain)
    assert gc.get_freeze_count() > 0


def test_a_worker_forked_after_an_edit_loads_the_edited_files_before_it_serves(tmp_path):
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    app = make_app(RULES_DIR=str(tmp_path / "rules"), RELOAD_INTERVAL=0)
    rules = app.extensions[store.EXTENSION]
    rules.current()
    before = rules.current().version
    worker_started(app)  # nothing changed: the master's load is kept, not redone
    assert rules.current().version == before and rules.last_reload_seconds is not None
    kept = rules.current()
    amc = tmp_path / "rules" / "amc.yaml"
    amc.write_text(amc.read_text(encoding="utf-8") + "# edited after the master loaded the rules\n", encoding="utf-8")
    worker_started(app)
    assert rules.current() is not kept and rules.current().version != before


def _get(base: str, path: str) -> dict:
    with urllib.request.urlopen(base + path, timeout=10) as answer:
        return json.loads(answer.read())


def test_recycled_workers_answer_at_once_and_follow_an_edit(tmp_path):
    from bench.load_kit import free_port

    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    port = free_port()
    env = {
        **os.environ,
        "PORT": str(port),
        "CHECKER_SECRET_KEY": "test-only-key",
        "CHECKER_FIXED_DATE": "2026-11-25",
        "CHECKER_RULES_DIR": str(tmp_path / "rules"),
        "CHECKER_RELOAD_INTERVAL": "3600",  # running workers do not look: only a new worker can see the edit
        "GUNICORN_MAX_REQUESTS": "4",  # a new worker every few requests
        "GUNICORN_MAX_REQUESTS_JITTER": "1",
    }
    log = (tmp_path / "server.log").open("w")
    command = [sys.executable, "-m", "gunicorn", "--config", "python:webapp.serving.gunicorn"]
    server = subprocess.Popen([*command, "webapp:create_app()"], cwd=ROOT, env=env, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                first = _get(base, "/healthz")
                break
            except OSError:
                assert server.poll() is None, (tmp_path / "server.log").read_text()
                time.sleep(0.1)
        answers = [_get(base, "/healthz") for _ in range(24)]  # several generations of workers
        assert {a["rules_version"] for a in answers} == {first["rules_version"]}
        assert all(a["status"] == "ok" and a["programmes"] == first["programmes"] for a in answers)
        amc = tmp_path / "rules" / "amc.yaml"
        amc.write_text(amc.read_text(encoding="utf-8") + "# an edit\n", encoding="utf-8")
        # Both workers are replaced within a dozen requests; their successors, forked from a master that still holds
        # the rules as they were, load the edited files before answering.
        versions = [_get(base, "/healthz")["rules_version"] for _ in range(40)]
        assert len(set(versions[-20:])) == 1 and versions[-1] != first["rules_version"]
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        log.close()


def test_a_worker_told_to_stop_before_its_own_handlers_are_set_does_not_serve():
    """A stop that reached a worker before gunicorn set its handlers sat in the worker's copy of the master's queue."""
    import queue

    from webapp.serving.warmup import worker_forked

    saved = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGINT, signal.SIGQUIT)}
    try:
        for queued, alive in (([signal.SIGCHLD, signal.SIGTERM], False), ([signal.SIGCHLD, signal.NSIG], True)):
            signals = queue.SimpleQueue()
            for signum in queued:
                signals.put_nowait(signum)
            server, worker = type("Arbiter", (), {"SIG_QUEUE": signals})(), type("Worker", (), {"alive": True})()
            settings.post_fork(server, worker)
            assert worker.alive is alive and signals.empty()
        # After the hook, a stop is the worker's own, however early it comes.
        worker_forked(None, worker)
        os.kill(os.getpid(), signal.SIGTERM)
        assert worker.alive is False
    finally:
        for signum, handler in saved.items():
            signal.signal(signum, handler)


def test_a_real_worker_stopped_while_it_starts_leaves_at_once_and_the_server_stops_quickly(tmp_path):
    """The race CI met: gunicorn stopped while its second worker was starting took its whole graceful_timeout (20 s)
    to stop. Here the first worker is sent SIGTERM as gunicorn's own post_fork hook is reached, before the worker's
    handlers exist, which is where the race put it."""
    from bench.load_kit import free_port

    (tmp_path / "early_stop.py").write_text(
        "import os, signal\n"
        "from webapp.serving.gunicorn import *  # noqa: F403 - the production settings\n"
        "from webapp.serving import gunicorn as production\n\n"
        "def post_fork(server, worker):\n"
        "    if worker.age == 1:\n"
        "        os.kill(os.getpid(), signal.SIGTERM)\n"
        "    production.post_fork(server, worker)\n",
        encoding="utf-8",
    )
    port = free_port()
    env = {**os.environ, "PORT": str(port), "CHECKER_SECRET_KEY": "test-only-key", "CHECKER_FIXED_DATE": "2026-11-25"}
    log_path = tmp_path / "server.log"
    log = log_path.open("w")
    command = [sys.executable, "-m", "gunicorn", "--config", str(tmp_path / "early_stop.py"), "webapp:create_app()"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                assert _get(base, "/healthz")["status"] == "ok"
                break
            except OSError:
                assert server.poll() is None, log_path.read_text()
                time.sleep(0.1)
        deadline = time.monotonic() + 10
        while "Worker exiting" not in log_path.read_text() and time.monotonic() < deadline:
            time.sleep(0.1)
        text = log_path.read_text()
        first = text.split("Booting worker with pid: ", 1)[1].split()[0]
        assert f"Worker exiting (pid: {first})" in text, text  # the first worker left instead of serving
        assert _get(base, "/healthz")["status"] == "ok"  # and the master replaced it
    finally:
        server.send_signal(signal.SIGTERM)
        started = time.monotonic()
        server.wait(timeout=30)
        log.close()
    assert time.monotonic() - started < 10, log_path.read_text()
