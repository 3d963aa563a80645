"""The programme catalogue: every programme by kind, and each rule file rendered for people."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template

from webapp.web.rules import served_rules
from webapp.wording.describe import describe
from webapp.wording.results import KIND_TITLES, verdict_word_set

bp = Blueprint("catalogue", __name__, url_prefix="/programmes")


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
        checked=checked,
    )


@bp.get("/<pid>")
def programme(pid):
    rules = served_rules()
    return render_programme(rules, rules.programmes.get(pid) or abort(404))


def render_programme(rules, programme, preview: bool = False):
    """A programme's page; `preview` marks it as the editors' preview of a file (perhaps a draft)."""
    today = current_app.config["TODAY"]()
    q = rules.questionnaire
    criteria = [(c, describe(programme.conditions[c.id], q, programme, today)) for c in programme.criteria_on(today)]
    words = verdict_word_set(programme)
    examples = [(example, words[example.verdict]) for example in programme.spec.examples]
    return render_template(
        "programme.html",
        p=programme,
        criteria=criteria,
        examples=examples,
        today=today,
        rules=rules,
        q=q,
        checked=checked(programme),
        verdict_words=words,
        preview=preview,
    )
