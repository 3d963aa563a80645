"""The production server's settings: `gunicorn -c python:webapp.serving 'webapp:create_app()'`.

gunicorn reads the module-level names below as its settings; environment variables can override the bind
address (PORT) and the number of workers (WEB_CONCURRENCY).
"""

from __future__ import annotations

import os
import sys

from flask import Config
from gunicorn.glogging import Logger

from webapp.config import DEFAULTS
from webapp.serving.privacy import redact
from webapp.serving.security import MissingSecretKey, ensure_secret_key
from webapp.serving.serverheader import quiet_gunicorn
from webapp.serving.warmup import warm_up, worker_forked, worker_started

quiet_gunicorn()  # no `Server: gunicorn` header

bind = f"127.0.0.1:{os.environ.get('PORT', '5000')}"
# Evaluation is CPU-bound and quick: one synchronous worker per core (2 on the reference machine).
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "sync"
timeout = 30  # a worker that takes longer than this on one request is restarted
graceful_timeout = 20
keepalive = 2
# Each worker is replaced after about this many requests (jitter spreads the restarts), so no slow growth of
# memory lasts; PDFs are made in a separate process anyway (webapp/serving/pdfjobs.py).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "100"))
# The app is loaded, its rules checked and its templates compiled once, in the master, and every worker starts from
# that (webapp/serving/warmup.py): a replaced worker does not start up again (67 ms a request instead of 194 ms
# with a new worker for every request).
preload_app = True
backlog = 512
limit_request_line = 8190  # results links carry every answer, so allow long URLs
limit_request_fields = 100
# Behind a reverse proxy that logs (CHECKER_BEHIND_PROXY=1), the proxy's access log is the one kept.
BEHIND_PROXY = os.environ.get("CHECKER_BEHIND_PROXY", "").strip().lower() in ("1", "true", "yes", "on")
accesslog = None if BEHIND_PROXY else "-"
errorlog = "-"
raw_env = ["CHECKER_PRODUCTION=1"]  # the app refuses to start without a configured secret key
control_socket_disable = True  # no gunicornc socket in the home directory


def on_starting(server):
    """Refuse to start, once and with the reason, when production settings are incomplete (no secret key)."""
    config = Config(".")
    config.from_mapping({**DEFAULTS, "PRODUCTION": True})
    config.from_prefixed_env("CHECKER")
    try:
        ensure_secret_key(config)
    except MissingSecretKey as exc:
        server.log.error("%s", exc)
        sys.exit(1)


def when_ready(server):
    """In the master, after the app is loaded (preload_app) and before any worker is forked."""
    warm_up(server.app.wsgi())


def post_fork(server, worker):
    """In each worker, first thing after the fork: a stop signal sent while it starts is kept (warmup.worker_forked)."""
    worker_forked(server, worker)


def post_worker_init(worker):
    """In each worker, before it serves: load the rules again if they were edited since the master loaded them."""
    worker_started(worker.app.wsgi())


class RedactingLogger(Logger):
    """gunicorn's logger, with results-link tokens replaced by [redacted] in every access-log field."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {k: redact(v) if isinstance(v, str) else v for k, v in atoms.items()}


logger_class = RedactingLogger
