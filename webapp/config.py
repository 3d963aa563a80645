"""The app's settings: defaults here, overridden by CHECKER_* environment variables, then by `test_config`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HONG_KONG = dt.timezone(dt.timedelta(hours=8))

DEFAULTS = {
    "SECRET_KEY": None,
    "RULES_DIR": str(ROOT / "rules"),
    "FIXED_DATE": None,
    "RELOAD_INTERVAL": 2,
    "RULES_TIME_LIMIT": 10,
    "MAX_CONTENT_LENGTH": 64 * 1024,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_SECURE": False,
    "PRODUCTION": False,
    "HSTS_MAX_AGE": 0,
    "PAGE_CACHE_MB": 16,
    "BEHIND_PROXY": False,
    "FRAGMENT_CACHE_MB": 4,
    "PUBLIC_URL": None,
    "EDITOR_PREVIEW": False,
    "STALE_AFTER_DAYS": 180,
    "PDF_CONCURRENCY": 1,
    "PDF_WAIT_SECONDS": 5,
    "PDF_TIMEOUT_SECONDS": 25,
    "PDF_CACHE_ITEMS": 32,
    "PDF_RENDERS_PER_PROCESS": 20,
}


def today_function(fixed):
    """A function giving the evaluation date: `fixed` if set, else today in Hong Kong."""
    if fixed:
        day = fixed if isinstance(fixed, dt.date) else dt.date.fromisoformat(str(fixed))
        return lambda: day
    return lambda: dt.datetime.now(HONG_KONG).date()
