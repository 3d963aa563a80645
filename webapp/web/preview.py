"""The editors' preview: every programme that loads, drafts included, as its public page would show it.

Only registered when `CHECKER_EDITOR_PREVIEW` is set (default off), so a public site never serves drafts; run it on
an editor's machine or behind the office's access control. Pages are marked `noindex`.
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from webapp.web.catalogue import render_programme
from webapp.web.rules import served_rules

bp = Blueprint("preview", __name__, url_prefix="/preview")


@bp.after_request
def _not_for_search_engines(response):
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


@bp.get("/")
def index():
    rules = served_rules(localised=False)
    programmes = sorted((programme for programme, _ in rules.parsed.values()), key=lambda p: p.id)
    return render_template("preview.html", programmes=programmes, published=rules.programmes)


@bp.get("/<pid>")
def programme(pid):
    rules = served_rules(localised=False)
    parsed = rules.parsed.get(pid) or abort(404)
    return render_programme(rules, parsed[0], preview=True)
