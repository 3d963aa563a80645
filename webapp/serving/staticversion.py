"""Links to static files carry a hash of their content (`/static/style.css?v=1a2b3c4d`), so a proxy and browsers
may keep them for a year (deploy/nginx/checker.conf) and still get a changed file at once."""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import current_app


def _version(filename: str) -> str | None:
    cache = current_app.extensions.setdefault("static_versions", {})
    if filename not in cache:
        root = Path(current_app.static_folder).resolve()
        path = (root / filename).resolve()
        try:
            ok = root in path.parents and path.is_file()
            cache[filename] = hashlib.sha256(path.read_bytes()).hexdigest()[:10] if ok else None
        except OSError:
            cache[filename] = None
    return cache[filename]


def add_version(endpoint: str, values: dict) -> None:
    """A url_defaults hook: `v=<hash>` on every url_for('static', filename=...)."""
    if endpoint == "static" and values.get("filename") and "v" not in values:
        version = _version(values["filename"])
        if version:
            values["v"] = version


def register(app) -> None:
    app.url_defaults(add_version)
