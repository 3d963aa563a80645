"""When a programme's terms were last checked, for the results and catalogue pages, and whether that is stale."""

from __future__ import annotations

from flask import current_app

from webapp.rulebook.staleness import is_stale, last_checked


def terms_checked(programme) -> tuple:
    """(the date its newest source was read, True when that is more than CHECKER_STALE_AFTER_DAYS ago)."""
    config = current_app.config
    return last_checked(programme.spec)[0], is_stale(programme.spec, config["TODAY"](), config["STALE_AFTER_DAYS"])
