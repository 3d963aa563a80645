"""The pages: the questionnaire, the results and the error pages."""

from __future__ import annotations

import re

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for

from webapp.engine.answers import read_date, read_json
from webapp.engine.report import build_report
from webapp.rulebook.localise import LANGUAGES
from webapp.rulebook.store import EXTENSION as RULE_STORE
from webapp.rulebook.store import rules_in_use
from webapp.serving.pdf import PdfUnavailable
from webapp.serving.pdfjobs import EXTENSION as PDF_RENDERER
from webapp.serving.pdfjobs import PdfBusy
from webapp.web.chart import support_chart
from webapp.web.forms import choices, form_class, raw_from_answers
from webapp.web.i18n import current_language
from webapp.web.resultspage import results_html
from webapp.web.rules import served_rules
from webapp.web.tokens import BadToken, make_token, read_token
from webapp.wording.answers import answer_rows, form_message
from webapp.wording.numbers import format_plain
from webapp.wording.results import OUTCOME_WORDS, verdict_words, word_report

bp = Blueprint("main", __name__)


def _form_for(rules, **kwargs):
    """A form built from the questionnaire, made once per rules version and language."""
    cache = current_app.extensions.setdefault("form_classes", {})
    key = (rules.version, current_language())
    if key not in cache:
        for old in [k for k in cache if k[0] != rules.version]:
            del cache[old]
        cache[key] = form_class(rules.questionnaire)
    return cache[key](**kwargs)


# Errors an answer in an old link can have after a rules edit tightened a bound: the link
# is genuine, so it opens at the form with those answers marked for the user to change.
OUT_OF_BOUNDS = {"too_small", "too_large", "too_long", "whole", "more_than"}


def _read_link(rules, token):
    """(Answers, Saved) from a permalink token; 400 page when it cannot be trusted or does not fit at all."""
    try:
        saved = read_token(current_app.secret_key, token)
    except BadToken:
        abort(400, description="bad_token")
    answers = read_json(rules.questionnaire, saved.answers)
    if any(error.code not in OUT_OF_BOUNDS for error in answers.errors.values()):
        abort(400, description="bad_token")
    return answers, saved


def _answers_from_token(rules, token):
    """(facts, Saved) from a permalink token; an answer now out of bounds sends the user to the form to change it."""
    answers, saved = _read_link(rules, token)
    if answers.errors:
        args = {"answers": token, "lang": request.args.get("lang") or None}
        abort(redirect(url_for("main.questionnaire", **args) + "#" + next(iter(answers.errors)), code=303))
    return answers.facts, saved


def _form_from_link(rules, token):
    """The form filled in from a results link, with each answer that the rules in use no longer take marked."""
    answers, saved = _read_link(rules, token)
    questionnaire = rules.questionnaire
    raw = raw_from_answers(questionnaire, answers.facts)
    for qid in answers.errors:
        raw[qid] = _as_typed(questionnaire.questions[qid], saved.answers.get(qid))
    form = _form_for(rules, formdata=None, data=raw)
    for qid, error in answers.errors.items():
        form[qid].errors = [form_message(questionnaire.questions[qid], error, questionnaire)]
    return form


def _as_typed(question, value):
    """An old answer as the form field shows it, kept as far as the question still allows."""
    if question.type == "multi":
        options = {o.value for o in question.options}
        return [v for v in value if v in options] if isinstance(value, list) else []
    if question.type == "amount" and isinstance(value, int | float):
        return format_plain(value)
    if question.type == "choice":
        return value if value in {o.value for o in question.options} else ""
    return "" if value is None else str(value)


@bp.route("/", methods=["GET", "POST"])
def questionnaire():
    rules = served_rules()
    if request.method == "POST" and request.form.get("lang_switch") in LANGUAGES:
        form = _form_for(rules)  # the same answers, shown again in the language chosen; nothing checked yet
    elif request.method == "POST":
        form = _form_for(rules)
        if form.validate():
            today = current_app.config["TODAY"]()
            token = make_token(current_app.secret_key, form.answers, today, rules.version)
            return redirect(url_for("main.results", answers=token), code=303)
    elif request.args.get("answers") and request.args.get("focus") in rules.questionnaire.questions:
        # A Change button on the results page: the form, at the question to change (a fragment needs a redirect).
        args = {"answers": request.args["answers"], "lang": request.args.get("lang") or None}
        return redirect(url_for("main.questionnaire", **args) + "#" + request.args["focus"], code=303)
    elif request.args.get("answers"):
        form = _form_from_link(rules, request.args["answers"])
    else:
        form = _form_for(rules, formdata=None)
    return render_template(
        "form.html",
        form=form,
        q=rules.questionnaire,
        choices=choices,
        errors=form.error_list() if form.errors else [],
    )


def _report_for(rules, token):
    """The report a results link shows, and what the page says about its date and rules version."""
    facts, saved = _answers_from_token(rules, token)
    today = current_app.config["TODAY"]()
    made = saved.made or today
    rules_changed = bool(saved.rules_version) and saved.rules_version != rules.version
    if request.args.get("as_of"):
        as_of = read_date(request.args["as_of"]) or abort(400, description="bad_date")
    else:
        as_of = today if rules_changed else made
    context = {"today": today, "made": made, "rules_changed": rules_changed, "token": token}
    report = word_report(build_report(rules, facts, as_of), rules.questionnaire)
    return facts, report, context


def _render_results(rules, token, encoded: bool = False, **extra):
    facts, report, context = _report_for(rules, token)
    page = {
        "report": report,
        "rows": answer_rows(rules.questionnaire, facts),
        "q": rules.questionnaire,
        "outcome_words": OUTCOME_WORDS,
        "verdict_words": verdict_words,
        "chart": support_chart(report),
        "company": facts.get("company_name"),
        "public_url": current_app.config["PUBLIC_URL"] or request.host_url,
        **context,
        **extra,
    }
    return report, facts, results_html(page, encoded)


@bp.get("/results")
def results():
    rules = served_rules()
    token = request.args.get("answers", "")
    if not token:
        return redirect(url_for("main.questionnaire"))
    return _render_results(rules, token, encoded=True)[2]  # as sent: UTF-8


@bp.get("/results.pdf")
def results_pdf():
    rules = served_rules()
    report, facts, html = _render_results(rules, request.args.get("answers", ""), pdf=True)
    static_url = url_for("static", filename="", _external=True)
    key = (rules.version, request.args.get("answers", ""), current_language(), report.as_of, static_url)
    try:
        data = current_app.extensions[PDF_RENDERER].render(key, html, current_app.static_folder, static_url)
    except PdfUnavailable:
        current_app.logger.warning("PDF requested but WeasyPrint cannot run here")
        abort(503, description="pdf_unavailable")
    except PdfBusy:
        current_app.logger.warning("PDF refused: every PDF slot stayed busy")
        abort(503, description="pdf_busy")
    response = current_app.response_class(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{pdf_name(facts.get("company_name"), report.as_of)}"'
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def pdf_name(company, as_of) -> str:
    """The download's name: the company's name in safe characters and the date, like Acme-Biotech-2026-12-02.pdf."""
    slug = re.sub(r"[^A-Za-z0-9]+", "-", company or "").strip("-")[:60]
    return f"{slug or 'results'}-{as_of.isoformat()}.pdf"


@bp.get("/healthz")
def healthz():
    rules = rules_in_use()
    held_back = any(p.severity == "not published" for p in rules.problems)
    slow = current_app.extensions[RULE_STORE].slow_load_problem()
    problems = [p for p in rules.problems if p.severity != "warning"] + ([slow] if slow else [])
    return {
        # degraded: nothing can be served, or an edit is held back (the site serves the last good rules)
        "status": "ok" if rules.questionnaire is not None and not held_back else "degraded",
        "rules_version": rules.version,
        "rules_checked": rules.checked.isoformat() if rules.checked else None,
        "programmes": len(rules.programmes),
        "problems": [str(p) for p in problems],
        "removed_files": [p.file for p in problems if p.severity == "removed"],
        "warnings": sum(1 for p in rules.problems if p.severity == "warning"),
    }
