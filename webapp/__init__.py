"""Hong Kong incentive eligibility checker: the application factory."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from flask import Flask

from . import api, catalogue, delivery, errors, i18n, openapi, privacy, views
from .amounts import format_hkd
from .cli import rules_cli
from .engine import fill, format_value
from .estimates import describe_estimate
from .security import add_security_headers, ensure_secret_key
from .store import RuleStore

ROOT = Path(__file__).resolve().parent.parent
HONG_KONG = dt.timezone(dt.timedelta(hours=8))

DEFAULTS = {
    "SECRET_KEY": None,
    "RULES_DIR": str(ROOT / "rules"),
    "FIXED_DATE": None,
    "RELOAD_INTERVAL": 2,
    "MAX_CONTENT_LENGTH": 64 * 1024,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_SECURE": False,
    "PRODUCTION": False,
    "HSTS_MAX_AGE": 0,
    "PAGE_CACHE_MB": 16,
}


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: defaults, then CHECKER_* environment variables, then `test_config`."""
    app = Flask(__name__, template_folder=str(ROOT / "templates"), static_folder=str(ROOT / "static"))
    app.config.from_mapping(DEFAULTS)
    app.config.from_prefixed_env("CHECKER")
    if test_config:
        app.config.from_mapping(test_config)
    ensure_secret_key(app.config)
    privacy.install()
    app.config["TODAY"] = _today_function(app.config["FIXED_DATE"])
    app.extensions["rules"] = RuleStore(app.config["RULES_DIR"], app.config["TODAY"], app.config["RELOAD_INTERVAL"])
    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(openapi.bp)
    app.register_blueprint(catalogue.bp)
    errors.register(app)
    i18n.init(app)
    delivery.register(app)
    app.cli.add_command(rules_cli)
    app.after_request(add_security_headers)
    app.add_template_filter(format_hkd, "hkd")
    app.add_template_global(fill, "fill_text")
    app.add_template_global(format_value, "format_value")
    app.add_template_global(describe_estimate, "describe_estimate")
    return app


def _today_function(fixed):
    if fixed:
        day = fixed if isinstance(fixed, dt.date) else dt.date.fromisoformat(str(fixed))
        return lambda: day
    return lambda: dt.datetime.now(HONG_KONG).date()
