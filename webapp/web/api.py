"""The JSON API: POST /api/v1/check evaluates answers exactly as the form does."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, current_app, jsonify, request

from webapp.engine.answers import read_date, read_json
from webapp.engine.report import build_report
from webapp.web.jsonlimits import MAX_DEPTH, too_deep
from webapp.web.rules import served_rules
from webapp.wording.answers import api_message
from webapp.wording.results import word_report

bp = Blueprint("api", __name__, url_prefix="/api/v1")
BODY_KEYS = ("answers", "as_of")


def _bad(errors: dict):
    return jsonify({"errors": errors}), 400


def read_request(questionnaire, body) -> tuple[dict, dt.date | None, dict]:
    """(answers, as_of, errors) from a decoded JSON body."""
    if not isinstance(body, dict):
        return {}, None, {"body": 'The body must be a JSON object like {"answers": {...}, "as_of": "YYYY-MM-DD"}'}
    errors = {}
    extra = [k for k in body if k not in BODY_KEYS]
    if extra:
        errors["body"] = f"Unknown key '{extra[0]}'; the body takes: {', '.join(BODY_KEYS)}"
    as_of = None
    if body.get("as_of") is not None:
        as_of = read_date(body["as_of"])
        if as_of is None:
            errors["as_of"] = "as_of must be a date written YYYY-MM-DD"
    answers = body.get("answers", {})
    if not isinstance(answers, dict):
        errors["answers"] = "answers must be an object of question ids and answers"
        return {}, as_of, errors
    read = read_json(questionnaire, answers)
    for qid, error in read.errors.items():
        question = questionnaire.questions.get(qid)
        errors[qid] = api_message(question, error, questionnaire) if question else f"Unknown question id '{qid}'"
    return read.facts, as_of, errors


def result_json(worded) -> dict:
    result, p, estimate = worded.result, worded.programme, worded.estimate
    return {
        "id": p.id,
        "name": p.name,
        "short_name": p.short_name,
        "kind": p.kind,
        "status": result.status,
        "verdict": result.verdict,
        "group": worded.group,
        "near_miss": worded.near_miss,
        "what_would_change": [
            {"criterion": c.change.criterion, "questions": c.change.facts, "text": c.text} for c in worded.changes
        ],
        "criteria": [{"id": c.id, "outcome": c.outcome, "text": c.text} for c in worded.criteria],
        "unknown_questions": result.unknown_facts,
        "estimate_hkd": estimate.amount if estimate else None,
        "estimate_explanation": estimate.explanation if estimate else None,
        "estimate_counts_as": p.estimate.counts_as if p.estimate else None,
        "unverified": list(p.unverified),
        "sources": [{"title": s.title, "url": s.url, "checked": s.checked.isoformat()} for s in p.sources],
        "next_step": {"text": p.next_step.text, "url": p.next_step.url},
    }


def plan_json(plan, words) -> dict:
    reasons = dict(words.left_out)
    return {
        "total_hkd": plan.total_hkd,
        "summary": words.headline,
        "programmes": list(plan.programmes),
        "left_out": [
            {"id": item.id, "clashes_with": item.clashes_with, "reason": reasons[item.id]} for item in plan.left_out
        ],
        "tax_deductions_hkd": plan.tax_deductions_hkd,
        "possible_additions": list(plan.possible_additions),
    }


@bp.post("/check")
def check():
    rules = served_rules()  # texts in English unless ?lang= or Accept-Language asks
    if too_deep(request.get_data(cache=True)):
        return _bad({"body": f"The JSON is nested more than {MAX_DEPTH} levels deep"})
    body = request.get_json(silent=True)
    if body is None:
        return _bad({"body": "Send a JSON object with Content-Type: application/json"})
    facts, as_of, errors = read_request(rules.questionnaire, body)
    if errors:
        return _bad(errors)
    report = build_report(rules, facts, as_of or current_app.config["TODAY"]())
    worded = word_report(report, rules.questionnaire)
    return jsonify(
        {
            "rules_version": rules.version,
            "rules_checked": rules.checked.isoformat() if rules.checked else None,
            "as_of": report.as_of.isoformat(),
            "funding_plan": plan_json(report.plan, worded.plan),
            "results": [result_json(r) for r in worded.results],
        }
    )
