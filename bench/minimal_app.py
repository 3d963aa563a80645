"""The smallest Flask JSON app: the baseline bench/load compares every endpoint with.

`gunicorn --config python:webapp.serving.gunicorn bench.minimal_app:app` runs it under the production server's
own settings (workers, worker class, keep-alive, access log), so the difference to the checker's endpoints is
the checker's own work: reading the answers, evaluating the rules and wording the results.
"""

from __future__ import annotations

from flask import Flask, request

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
