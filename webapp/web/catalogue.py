"""The programme catalogue: every programme by kind, and each rule file rendered for people."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template
from flask_babel import lazy_gettext as _l

from webapp.engine.report import RELEVANCE_WORDS, VERDICT_WORDS
from webapp.web.pages import served_rules
from webapp.wording.describe import describe

bp = Blueprint("catalogue", __name__, url_prefix="/programmes")

KIND_TITLES = {
    "funding": _l("Funding"),
    "tax": _l("Tax concessions"),
    "talent": _l("Talent and immigration"),
    "space": _l("Space and land"),
    "advice": _l("Advice and investment services"),
}
STATUS_WORDS = {"open": _l("Open"), "closed": _l("Closed"), "upcoming": _l("Not yet open")}


def checked(programme):
    return max(s.checked for s in programme.sources)


@bp.get("/")
def index():
    rules = served_rules()
    today = current_app.config["TODAY"]()
    kinds = {kind: [] for kind in KIND_TITLES}
    for programme in sorted(rules.programmes.values(), key=lambda p: p.name):
        kinds[programme.kind].append(programme)
    return render_template(
        "catalogue.html",
        kinds=kinds,
        titles=KIND_TITLES,
        today=today,
        rules=rules,
        status_words=STATUS_WORDS,
        checked=checked,
    )


@bp.get("/<pid>")
def programme(pid):
    rules = served_rules()
    programme = rules.programmes.get(pid) or abort(404)
    today = current_app.config["TODAY"]()
    q = rules.questionnaire
    criteria = [(c, describe(programme.conditions[c.id], q, programme, today)) for c in programme.spec.criteria]
    words = RELEVANCE_WORDS if programme.kind == "advice" else VERDICT_WORDS
    examples = [(example, words[example.verdict]) for example in programme.spec.examples]
    return render_template(
        "programme.html",
        p=programme,
        criteria=criteria,
        examples=examples,
        today=today,
        rules=rules,
        q=q,
        status_words=STATUS_WORDS,
        checked=checked(programme),
        verdict_words=words,
    )
