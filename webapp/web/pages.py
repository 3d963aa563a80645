"""The pages: the questionnaire, the results and the error pages."""

from __future__ import annotations

import re

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for

from webapp.engine.answers import read_date, read_json
from webapp.engine.report import build_report
from webapp.rulebook.localise import LANGUAGES
from webapp.rulebook.store import rules_in_use
from webapp.serving.pdf import PdfUnavailable
from webapp.serving.pdfjobs import EXTENSION as PDF_RENDERER
from webapp.serving.pdfjobs import PdfBusy
from webapp.web.chart import support_chart
from webapp.web.forms import choices, form_class, raw_from_answers
from webapp.web.i18n import current_language
from webapp.web.rules import served_rules
from webapp.web.tokens import BadToken, make_token, read_token
from webapp.wording.answers import answer_rows
from webapp.wording.results import GROUP_TITLES, OUTCOME_WORDS, verdict_words, word_report

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


def _answers_from_token(rules, token):
    """(answers, Saved) from a permalink token, checked like an API request; 400 page when bad."""
    try:
        saved = read_token(current_app.secret_key, token)
    except BadToken:
        abort(400, description="bad_token")
    answers = read_json(rules.questionnaire, saved.answers)
    if answers.errors:
        abort(400, description="bad_token")
    return answers.facts, saved


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
        facts, _ = _answers_from_token(rules, request.args["answers"])
        form = _form_for(rules, formdata=None, data=raw_from_answers(rules.questionnaire, facts))
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


def _render_results(rules, token, **extra):
    facts, report, context = _report_for(rules, token)
    return (
        report,
        facts,
        render_template(
            "results.html",
            report=report,
            groups=GROUP_TITLES,
            rows=answer_rows(rules.questionnaire, facts),
            q=rules.questionnaire,
            outcome_words=OUTCOME_WORDS,
            verdict_words=verdict_words,
            chart=support_chart(report),
            company=facts.get("company_name"),
            public_url=current_app.config["PUBLIC_URL"] or request.host_url,
            **context,
            **extra,
        ),
    )


@bp.get("/results")
def results():
    rules = served_rules()
    token = request.args.get("answers", "")
    if not token:
        return redirect(url_for("main.questionnaire"))
    return _render_results(rules, token)[2]


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
    return {
        "status": "ok" if rules.questionnaire is not None else "degraded",
        "rules_version": rules.version,
        "rules_checked": rules.checked.isoformat() if rules.checked else None,
        "programmes": len(rules.programmes),
        "problems": [str(p) for p in rules.problems if p.severity != "warning"],
        "warnings": sum(1 for p in rules.problems if p.severity == "warning"),
    }
