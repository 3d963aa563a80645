"""The smallest Flask JSON app: the baseline bench/load compares every endpoint with.

`gunicorn --config python:webapp.serving.gunicorn bench.minimal_app:app` runs it under the production server's
own settings (workers, worker class, keep-alive, access log), so the difference to the checker's endpoints is
the checker's own work: reading the answers, evaluating the rules and wording the results.

`GET /results` answers the very bytes of one of the checker's results pages, read once from the file named by
BENCH_STATIC_PAGE (bench/load writes it), whatever the link: on the checker's own results links, it is what the
server, Flask and a page of that size cost with nothing worked out, the floor under the checker's results page.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from flask import Flask, abort, request

app = Flask(__name__)


@app.post("/minimal")
def minimal():
    """Read a JSON body, as the API does, and answer a small JSON object."""
    body = request.get_json(silent=True) or {}
    answers = body.get("answers") if isinstance(body, dict) else None
    return {"ok": True, "answers": len(answers) if isinstance(answers, dict) else 0}


@app.get("/")
def ready():
    return {"status": "ok"}


@app.get("/results")
def static_page():
    """The same results page for every link (404 without BENCH_STATIC_PAGE)."""
    page = _static_page(os.environ.get("BENCH_STATIC_PAGE", ""))
    return page if page is not None else abort(404)


@cache
def _static_page(path: str) -> str | None:
    """The page, read on the first request: bench/load writes it once the checker answers."""
    page = Path(path) if path else None
    return page.read_text(encoding="utf-8") if page is not None and page.is_file() else None
