"""Hong Kong incentive eligibility checker: the application factory."""

from __future__ import annotations

from flask import Flask

from webapp.cli import rules_cli
from webapp.config import DEFAULTS, ROOT, today_function
from webapp.engine.kinds import kind_of
from webapp.rulebook import store
from webapp.serving import delivery, pdfjobs, privacy, staticversion
from webapp.serving.security import add_security_headers, ensure_secret_key
from webapp.serving.serverheader import quiet_werkzeug
from webapp.web import api, catalogue, errors, i18n, openapi
from webapp.web import pages as views
from webapp.wording.estimates import describe_estimate
from webapp.wording.numbers import about_hkd, format_hkd, format_value
from webapp.wording.parameters import fill
from webapp.wording.results import status_words

__all__ = ["DEFAULTS", "create_app"]


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: defaults, then CHECKER_* environment variables, then `test_config`."""
    app = Flask(__name__, template_folder=str(ROOT / "templates"), static_folder=str(ROOT / "static"))
    app.config.from_mapping(DEFAULTS)
    app.config.from_prefixed_env("CHECKER")
    if test_config:
        app.config.from_mapping(test_config)
    ensure_secret_key(app.config)
    privacy.install()
    quiet_werkzeug()
    app.config["TODAY"] = today_function(app.config["FIXED_DATE"])
    store.install(app)
    pdfjobs.install(app)
    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(openapi.bp)
    app.register_blueprint(catalogue.bp)
    errors.register(app)
    i18n.init(app)
    delivery.register(app)
    staticversion.register(app)
    app.cli.add_command(rules_cli)
    app.after_request(add_security_headers)
    app.add_template_filter(format_hkd, "hkd")
    app.add_template_filter(about_hkd, "about_hkd")
    app.add_template_global(fill, "fill_text")
    app.add_template_global(format_value, "format_value")
    app.add_template_global(describe_estimate, "describe_estimate")
    app.add_template_global(kind_of, "kind_of")
    app.add_template_global(status_words, "status_words")
    return app
