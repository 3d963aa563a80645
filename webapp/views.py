"""The pages: the questionnaire, the results and the error pages."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for

from .api import parse_date, read_request
from .formreader import raw_from_answers
from .forms import choices, form_class
from .results import GROUPS, OUTCOME_WORDS, answer_rows, build_report, verdict_words
from .tokens import BadToken, make_token, read_token

bp = Blueprint("main", __name__)


def _rules():
    rules = current_app.extensions["rules"].current()
    if rules.questionnaire is None:
        abort(503)
    return rules


def _form_for(rules, **kwargs):
    cache = current_app.extensions.setdefault("form_classes", {})
    if rules.version not in cache:
        cache.clear()
        cache[rules.version] = form_class(rules.questionnaire)
    return cache[rules.version](**kwargs)


def _answers_from_token(rules, token):
    """(answers, as_of) from a permalink token, checked like an API request; 400 page when bad."""
    try:
        raw, as_of = read_token(current_app.secret_key, token)
    except BadToken:
        abort(400, description="bad_token")
    facts, _, errors = read_request(rules.questionnaire, {"answers": raw})
    if errors:
        abort(400, description="bad_token")
    return facts, as_of


@bp.route("/", methods=["GET", "POST"])
def questionnaire():
    rules = _rules()
    if request.method == "POST":
        form = _form_for(rules)
        if form.validate():
            token = make_token(current_app.secret_key, form.answers)
            return redirect(url_for("main.results", answers=token), code=303)
    elif request.args.get("answers"):
        facts, _ = _answers_from_token(rules, request.args["answers"])
        form = _form_for(rules, formdata=None, data=raw_from_answers(rules.questionnaire, facts))
    else:
        form = _form_for(rules, formdata=None)
    return render_template(
        "form.html", form=form, q=rules.questionnaire, choices=choices, errors=form.error_list() if form.errors else []
    )


@bp.get("/results")
def results():
    rules = _rules()
    token = request.args.get("answers", "")
    if not token:
        return redirect(url_for("main.questionnaire"))
    facts, token_date = _answers_from_token(rules, token)
    as_of = token_date or current_app.config["TODAY"]()
    if request.args.get("as_of"):
        as_of = parse_date(request.args["as_of"]) or abort(400, description="bad_date")
    report = build_report(rules, facts, as_of)
    return render_template(
        "results.html",
        report=report,
        token=token,
        groups=GROUPS,
        rows=answer_rows(rules.questionnaire, facts),
        q=rules.questionnaire,
        outcome_words=OUTCOME_WORDS,
        verdict_words=verdict_words,
    )


@bp.get("/healthz")
def healthz():
    rules = current_app.extensions["rules"].current()
    return {
        "status": "ok" if rules.questionnaire is not None else "degraded",
        "rules_version": rules.version,
        "rules_checked": rules.checked.isoformat() if rules.checked else None,
        "programmes": len(rules.programmes),
        "problems": [str(p) for p in rules.problems],
    }
