"""The JSON API: POST /api/v1/check evaluates answers exactly as the form does.

The answer comes in two levels of detail. By default (`?detail=summary`) each programme has its verdict, group,
amount and the questions that would settle or change it, and the funding plan; `?detail=full` adds every
sentence: the reason for each condition, what would change the outcome, the estimate's arithmetic, the sources and
the next step. The texts that do not depend on the answers are serialised once per programme and language.
"""

from __future__ import annotations

import datetime as dt
import weakref

import orjson
from flask import Blueprint, Response, current_app, jsonify, request

from webapp.engine.answers import read_date, read_json
from webapp.engine.changes import touches_company
from webapp.engine.kept import KeptByIdentity
from webapp.engine.report import build_report
from webapp.web.i18n import current_language
from webapp.web.jsonlimits import MAX_DEPTH, too_deep
from webapp.web.rules import served_rules
from webapp.wording.answers import api_message
from webapp.wording.plan import plan_words
from webapp.wording.results import word_report

bp = Blueprint("api", __name__, url_prefix="/api/v1")
BODY_KEYS = ("answers", "as_of")
DETAILS = ("summary", "full")
# programme -> {language: serialised texts that never depend on the answers}; forgotten with the rules
_STATIC: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


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


def _static_json(programme, lang: str, full: bool) -> dict:
    """What the API says of `programme` whatever the answers, in `lang`: made once, then shared."""
    by_language = _STATIC.setdefault(programme, {})
    key = (lang, full)
    if key not in by_language:
        p = programme
        texts = {
            "id": p.id,
            "name": p.name,
            "short_name": p.short_name,
            "kind": p.kind,
            "estimate_counts_as": p.estimate.counts_as if p.estimate else None,
        }
        if full:
            texts["unverified"] = list(p.unverified)
            texts["sources"] = [{"title": s.title, "url": s.url, "checked": s.checked.isoformat()} for s in p.sources]
            texts["next_step"] = {"text": p.next_step.text, "url": p.next_step.url}
        by_language[key] = texts
    return by_language[key]


def result_json(worded) -> dict:
    """One programme, with every sentence (`?detail=full`)."""
    result, estimate = worded.result, worded.estimate
    return {
        **_static_json(worded.programme, current_language(), True),
        "status": result.status,
        "verdict": result.verdict,
        "group": worded.group,
        "near_miss": worded.near_miss,
        "what_would_change": [
            {"criterion": c.change.criterion, "questions": c.change.facts, "text": c.text} for c in worded.changes
        ],
        "criteria": [_criterion_json(c) for c in worded.criteria],
        "unknown_questions": result.unknown_facts,
        "estimate_hkd": estimate.amount if estimate else None,
        "estimate_explanation": estimate.explanation if estimate else None,
    }


def _criterion_json(c) -> dict:
    """One condition with its sentence (?detail=full); `planned` only for one met on an answer that is a plan."""
    found = {"id": c.id, "outcome": c.outcome, "text": c.text}
    if c.planned:
        found["planned"] = c.planned
    return found


SUMMARIES_KEPT = 4096
_SUMMARIES = KeptByIdentity(SUMMARIES_KEPT)  # a result, and its group, near miss and language -> its answer


def summary_json(result, report, questionnaire, lang: str) -> dict:
    """One programme without its sentences (the default): the same verdict, group, amount and changes. Results
    are shared by companies that answer a programme's questions alike (webapp.engine.report), and so is this."""
    pid = result.programme.id
    plain = (report.group_of[pid], pid in report.near_misses, lang)
    answer = _SUMMARIES.get((result,), plain)
    if answer is None:
        answer = _summary_json(result, report, questionnaire, lang)
        _SUMMARIES.put((result,), plain, answer)
    return answer


def _summary_json(result, report, questionnaire, lang: str) -> dict:
    pid = result.programme.id
    estimate = report.shown_estimate(result)
    return {
        **_static_json(result.programme, lang, False),
        "status": result.status,
        "verdict": result.verdict,
        "group": report.group_of[pid],
        "near_miss": pid in report.near_misses,
        "what_would_change": [
            {"criterion": c.criterion, "questions": c.facts}
            for c in report.changes[pid]
            if not touches_company(c, questionnaire)
        ],
        "criteria": [{"id": c.id, "outcome": c.outcome} for c in result.criteria],
        "unknown_questions": result.unknown_facts,
        "estimate_hkd": estimate.amount if estimate else None,
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


def _json_body():
    """The decoded body of a request sent as JSON, or None (not JSON, or not valid JSON). orjson reads the usual
    body; what it refuses (NaN, Infinity, integers beyond 64 bits) is read as Python's json module reads it, so
    that the answer names the question with the bad number."""
    if not request.is_json:
        return None
    data = request.get_data(cache=True)
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        return request.get_json(silent=True)


@bp.post("/check")
def check():
    detail = request.args.get("detail", "summary")
    if detail not in DETAILS:
        return _bad({"detail": "detail must be summary (the default) or full"})
    rules = served_rules()  # texts in English unless ?lang= or Accept-Language asks
    if too_deep(request.get_data(cache=True)):
        return _bad({"body": f"The JSON is nested more than {MAX_DEPTH} levels deep"})
    body = _json_body()
    if body is None:
        return _bad({"body": "Send a JSON object with Content-Type: application/json"})
    facts, as_of, errors = read_request(rules.questionnaire, body)
    if errors:
        return _bad(errors)
    report = build_report(rules, facts, as_of or current_app.config["TODAY"]())
    lang = current_language()
    sent = _ANSWERS.get((report,), (lang, detail))
    if sent is None:
        sent = orjson.dumps(_answer(rules, report, detail, lang))
        _ANSWERS.put((report,), (lang, detail), sent)
    return Response(sent, mimetype="application/json")


# A report is shared by companies whose answers give every programme the same result (webapp.engine.report), and
# so is its answer: the last few are kept as sent, each with its report so that the report's id is not reused.
ANSWERS_KEPT = 32
_ANSWERS = KeptByIdentity(ANSWERS_KEPT)  # a report, and the language and detail -> the JSON sent


def _answer(rules, report, detail: str, lang: str) -> dict:
    if detail == "full":
        worded = word_report(report, rules.questionnaire)
        plan, results = plan_json(report.plan, worded.plan), [result_json(r) for r in worded.results]
    else:
        questionnaire = rules.questionnaire
        results = [summary_json(r, report, questionnaire, lang) for r in report.results]
        bare = {r.programme.id: r for r in report.results}
        plan = plan_json(report.plan, plan_words(report.plan, bare, getattr(rules, "costs", {})))
    return {
        "rules_version": rules.version,
        "rules_checked": rules.checked.isoformat() if rules.checked else None,
        "as_of": report.as_of.isoformat(),
        "detail": detail,
        "funding_plan": plan,
        "results": results,
    }
