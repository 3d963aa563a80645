"""Hong Kong incentive eligibility checker: the application factory."""

from __future__ import annotations

import re

from flask import Flask
from jinja2 import FileSystemLoader

from webapp.cli import rules_cli
from webapp.config import DEFAULTS, ROOT, today_function
from webapp.engine.kinds import kind_of
from webapp.rulebook import store
from webapp.serving import delivery, pdfjobs, privacy, staticversion
from webapp.serving.security import add_security_headers, ensure_secret_key, warn_random_key
from webapp.serving.serverheader import quiet_werkzeug
from webapp.web import api, catalogue, errors, feeds, fragments, i18n, links, openapi, preview
from webapp.web import pages as views
from webapp.web.freshness import terms_checked
from webapp.wording.estimates import describe_estimate
from webapp.wording.numbers import about_hkd, format_hkd, format_value
from webapp.wording.parameters import fill
from webapp.wording.results import status_words
from webapp.wording.text import names_list

__all__ = ["DEFAULTS", "create_app"]

INDENT = re.compile(r"\n[ \t]+")


COMPACT = {"results.html", "_programme.html", "_programme_line.html", "_chart.html", "_programme_about.html"}
COMPACT |= {"_programme_sources.html", "_answer_row.html", "_also_item.html", "_results_plan.html"}


class CompactLoader(FileSystemLoader):
    """The results page's templates without their indentation (they have no <pre> or <textarea>, and no text
    runs on from one line to the next): the page is a fifth smaller, with no pass over each page made."""

    def get_source(self, environment, template):
        source, filename, uptodate = super().get_source(environment, template)
        return (INDENT.sub("\n", source) if template in COMPACT else source), filename, uptodate


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: defaults, then CHECKER_* environment variables, then `test_config`."""
    app = Flask(__name__, template_folder=str(ROOT / "templates"), static_folder=str(ROOT / "static"))
    app.jinja_loader = CompactLoader(str(ROOT / "templates"))
    app.config.from_mapping(DEFAULTS)
    app.config.from_prefixed_env("CHECKER")
    if test_config:
        app.config.from_mapping(test_config)
    random_key = not app.config.get("SECRET_KEY")
    ensure_secret_key(app.config, warn=False)  # the warning is for a server: `flask rules ...` never sees it
    if random_key:
        _warn_on_first_request(app)
    privacy.install()
    quiet_werkzeug()
    app.config["TODAY"] = today_function(app.config["FIXED_DATE"])
    store.install(app)
    pdfjobs.install(app)
    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(openapi.bp)
    app.register_blueprint(catalogue.bp)
    app.register_blueprint(feeds.bp)
    app.config["BEHIND_PROXY"] = _flag(app.config["BEHIND_PROXY"])
    if _flag(app.config["EDITOR_PREVIEW"]):
        app.register_blueprint(preview.bp)
    errors.register(app)
    i18n.init(app)
    delivery.register(app)
    fragments.register(app)
    links.register(app)
    staticversion.register(app)
    app.cli.add_command(rules_cli)
    add_security_headers(app)
    app.jinja_env.trim_blocks = app.jinja_env.lstrip_blocks = True  # no blank lines where template tags stood
    app.add_template_filter(format_hkd, "hkd")
    app.add_template_filter(about_hkd, "about_hkd")
    app.add_template_filter(names_list, "names_list")
    app.add_template_global(fill, "fill_text")
    app.add_template_global(format_value, "format_value")
    app.add_template_global(describe_estimate, "describe_estimate")
    app.add_template_global(kind_of, "kind_of")
    app.add_template_global(status_words, "status_words")
    app.add_template_global(terms_checked, "terms_checked")
    return app


def _flag(value) -> bool:
    """A yes/no setting, which an environment variable gives as text."""
    return str(value).strip().lower() in ("1", "true", "yes", "on")


def _warn_on_first_request(app) -> None:
    """Say once, when the app serves its first request, that its secret key is random."""
    warned = []

    @app.before_request
    def _random_key_warning():
        if not warned:
            warned.append(True)
            warn_random_key()
