"""The JSON API: POST /api/v1/check evaluates answers exactly as the form does."""

from __future__ import annotations

import datetime as dt
import re

from flask import Blueprint, current_app, jsonify, request

from webapp.engine.questionnaire import coerce_json
from webapp.engine.report import build_report

from .i18n import current_language

bp = Blueprint("api", __name__, url_prefix="/api/v1")
BODY_KEYS = ("answers", "as_of")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # fromisoformat alone also takes week dates


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
        as_of = parse_date(body["as_of"])
        if as_of is None:
            errors["as_of"] = "as_of must be a date written YYYY-MM-DD"
    answers = body.get("answers", {})
    if not isinstance(answers, dict):
        errors["answers"] = "answers must be an object of question ids and answers"
        return {}, as_of, errors
    facts = {}
    for qid, value in answers.items():
        question = questionnaire.questions.get(qid)
        if question is None:
            errors[qid] = f"Unknown question id '{qid}'"
            continue
        typed, error = coerce_json(question, value)
        if error:
            errors[qid] = error
        facts[qid] = typed
    facts = questionnaire.drop_inapplicable(facts)
    for qid, message in questionnaire.cross_errors(facts).items():
        errors.setdefault(qid, message)
    return facts, as_of, errors


def parse_date(value) -> dt.date | None:
    """A date written YYYY-MM-DD, or None."""
    if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def result_json(result, report) -> dict:
    p = result.programme
    estimate = result.estimate
    return {
        "id": p.id,
        "name": p.name,
        "short_name": p.short_name,
        "kind": p.kind,
        "status": result.status,
        "verdict": result.verdict,
        "group": report.group(result),
        "near_miss": result.programme.id in report.near_misses,
        "what_would_change": [
            {"criterion": change.criterion, "questions": change.facts, "text": text}
            for change, text in report.changes[p.id]
        ],
        "criteria": [{"id": c.id, "outcome": c.outcome, "text": c.text} for c in result.criteria],
        "unknown_questions": result.unknown_facts,
        "estimate_hkd": estimate.amount if estimate else None,
        "estimate_explanation": estimate.explanation if estimate else None,
        "estimate_counts_as": p.estimate.counts_as if p.estimate else None,
        "unverified": list(p.unverified),
        "sources": [{"title": s.title, "url": s.url, "checked": s.checked.isoformat()} for s in p.sources],
        "next_step": {"text": p.next_step.text, "url": p.next_step.url},
    }


@bp.post("/check")
def check():
    rules = current_app.extensions["rules"].current()
    if rules.questionnaire is None:
        return jsonify({"errors": {"body": "The rules are being updated; try again shortly"}}), 503
    rules = rules.in_language(current_language())  # texts in English unless ?lang= or Accept-Language asks
    body = request.get_json(silent=True)
    if body is None:
        return _bad({"body": "Send a JSON object with Content-Type: application/json"})
    facts, as_of, errors = read_request(rules.questionnaire, body)
    if errors:
        return _bad(errors)
    report = build_report(rules, facts, as_of or current_app.config["TODAY"]())
    return jsonify(
        {
            "rules_version": rules.version,
            "rules_checked": rules.checked.isoformat() if rules.checked else None,
            "as_of": report.as_of.isoformat(),
            "results": [result_json(r, report) for r in report.results],
        }
    )
