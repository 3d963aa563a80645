"""The OpenAPI 3.1 document of the JSON API, built from the questionnaire so that it never drifts."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify

from webapp.engine.answers import NOT_SURE
from webapp.rulebook import schema
from webapp.web.rules import served_rules

bp = Blueprint("openapi", __name__, url_prefix="/api/v1")
NULL = {"type": "null"}
DATE = {"type": "string", "format": "date"}


def answer_schema(question) -> dict:
    """The JSON Schema of one answer, exactly as `questionnaire.coerce_json` accepts it."""
    kind = question.type
    values = [o.value for o in question.options]
    shape: dict
    if kind == "text":
        shape = {"type": ["string", "null"]}
        if question.max_length:
            shape["maxLength"] = question.max_length
    elif kind in ("number", "amount"):
        shape = {"type": ["integer" if question.whole else "number", "null"]}
        shape.update({k: v for k, v in (("minimum", question.min), ("maximum", question.max)) if v is not None})
    elif kind == "choice":
        shape = {"enum": values + ([NOT_SURE] if question.not_sure else []) + [None]}
    elif kind == "yes_no":
        shape = {"enum": [True, False] + ([NOT_SURE] if question.not_sure else []) + [None]}
    else:
        options = {"type": "array", "items": {"enum": values}}
        shape = {"anyOf": [options, NULL] + ([{"const": [NOT_SURE]}] if question.not_sure else [])}
    shape["title"] = question.label
    shape["description"] = _describe(question)
    return shape


def _describe(question) -> str:
    parts = [f"The {question.name}."]
    if question.type == "amount":
        parts.append("In Hong Kong dollars.")
    if question.not_sure:
        parts.append(f'"{NOT_SURE}" or null means not known.')
    if question.not_more_than:
        parts.append(f"May not be more than `{question.not_more_than}` (400 otherwise).")
    if question.asked_when is not None:
        parts.append("Ignored when the other answers rule the question out.")
    return " ".join(parts)


def request_schema(questionnaire) -> dict:
    """The body of POST /api/v1/check."""
    answers = {qid: answer_schema(q) for qid, q in questionnaire.questions.items()}
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "answers": {
                "type": "object",
                "additionalProperties": False,
                "properties": answers,
                "description": "Answers by question id; an omitted answer or null is unknown.",
            },
            "as_of": {**DATE, "type": ["string", "null"], "description": "Evaluate as of this date (default today)."},
        },
    }


def _object(required: dict, optional: dict | None = None) -> dict:
    return {"type": "object", "required": list(required), "properties": {**required, **(optional or {})}}


def result_schema(questionnaire) -> dict:
    """One programme in the `results` of a 200 answer (more keys may be added; none removed). The keys marked
    "full" come only with `?detail=full`."""
    text = {"type": "string"}
    full = "Only with ?detail=full."
    source = _object({"title": text, "url": text, "checked": DATE})
    criterion = _object(
        {"id": text, "outcome": {"enum": list(schema.OUTCOMES)}},
        {
            "text": {**text, "description": full},
            "planned": {
                **text,
                "description": "Only with ?detail=full, and only for a condition met on an answer that is a plan, not"
                " yet so (such as a company that will incorporate before applying): when it will be met.",
            },
        },
    )
    change = _object(
        {"criterion": text, "questions": {"type": "array", "items": {"enum": list(questionnaire.questions)}}},
        {"text": {**text, "description": full}},
    )
    return _object(
        {
            "id": text,
            "name": text,
            "kind": {"enum": list(schema.KINDS)},
            "status": {"enum": list(schema.STATUSES)},
            "verdict": {"enum": list(schema.VERDICTS)},
            "criteria": {"type": "array", "items": criterion},
            "estimate_hkd": {"type": ["number", "null"]},
        },
        {
            "short_name": text,
            "group": text,
            "near_miss": {"type": "boolean"},
            "unknown_questions": {"type": "array", "items": {"enum": list(questionnaire.questions)}},
            "what_would_change": {"type": "array", "items": change},
            "estimate_counts_as": {"enum": [*schema.ESTIMATE_KINDS, None]},
            "estimate_explanation": {"type": ["string", "null"], "description": full},
            "sources": {"type": "array", "items": source, "description": full},
            "next_step": {**_object({"text": text}, {"url": {"type": ["string", "null"]}}), "description": full},
            "unverified": {"type": "array", "items": text, "description": full},
        },
    )


def plan_schema(questionnaire) -> dict:
    """The funding plan: likely programmes whose cash amounts can be combined, never paying twice for one cost."""
    ids = {"type": "array", "items": {"type": "string"}}
    left_out = _object({"id": {"type": "string"}, "clashes_with": {"type": "string"}, "reason": {"type": "string"}})
    plan = _object(
        {
            "total_hkd": {"type": "number", "description": "Indicative cash of the programmes in the plan, added up"},
            "programmes": {**ids, "description": "Ids of the programmes in the plan, largest amount first"},
            "left_out": {"type": "array", "items": left_out, "description": "Likely programmes left out, and why"},
            "tax_deductions_hkd": {"type": "number", "description": "Extra tax deductions: not payments"},
            "possible_additions": {**ids, "description": "Programmes that may qualify with an amount: not added in"},
        },
        {"summary": {"type": "string"}},
    )
    return plan


def _json(ref: str, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": ref}}}}


def document(rules) -> dict:
    """The whole OpenAPI 3.1 document for the rules in use."""
    q = rules.questionnaire
    report = _object(
        {
            "rules_version": {"type": "string"},
            "as_of": DATE,
            "results": {"type": "array", "items": {"$ref": "#/components/schemas/ProgrammeResult"}},
        },
        {
            "rules_checked": {**DATE, "type": ["string", "null"]},
            "detail": {"enum": ["summary", "full"], "description": "The level of detail of this answer"},
            "funding_plan": {"$ref": "#/components/schemas/FundingPlan"},
        },
    )
    check = {
        "operationId": "check",
        "summary": "Check which programmes fit a set of answers",
        "description": (
            "Evaluates the answers exactly as the form does. Needs Content-Type: application/json. By default "
            "each programme comes with its verdict, group, amount, conditions met or not, and the questions that "
            "would settle or change it; add ?detail=full for every sentence: the reasons, what would change the "
            "outcome, the estimate's arithmetic, the sources and the next step."
        ),
        "parameters": [
            {
                "name": "detail",
                "in": "query",
                "required": False,
                "schema": {"enum": ["summary", "full"], "default": "summary"},
                "description": "summary (the default) or full: full adds every sentence",
            },
            {
                "name": "lang",
                "in": "query",
                "required": False,
                "schema": {"type": "string", "examples": ["en", "zh-Hant", "zh-Hans"]},
                "description": "en, zh-Hant or zh-Hans: the language of the texts (otherwise Accept-Language, else "
                "English)",
            },
        ],
        "requestBody": {"required": True, **_json("#/components/schemas/CheckRequest", "The answers")},
        "responses": {
            "200": _json("#/components/schemas/CheckResponse", "Every programme with its verdict and reasons"),
            "400": _json(
                "#/components/schemas/Errors", "Malformed JSON, unknown ids, wrong types or values, unknown detail"
            ),
            "413": _json("#/components/schemas/Errors", "The body is larger than the configured limit"),
            "503": _json("#/components/schemas/Errors", "The rules are being updated"),
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Hong Kong support programme checker API",
            "version": rules.version or "0",
            "description": "Indicative eligibility for Hong Kong government programmes. Never an approval.",
        },
        "paths": {
            "/api/v1/check": {"post": check},
            "/api/v1/openapi.json": {
                "get": {
                    "operationId": "openapi",
                    "summary": "This document",
                    "responses": {"200": {"description": "The OpenAPI document", "content": {"application/json": {}}}},
                }
            },
        },
        "components": {
            "schemas": {
                "CheckRequest": request_schema(q),
                "CheckResponse": report,
                "FundingPlan": plan_schema(q),
                "ProgrammeResult": result_schema(q),
                "Errors": _object({"errors": {"type": "object", "additionalProperties": {"type": "string"}}}),
            }
        },
    }


@bp.get("/openapi.json")
def openapi_json():
    rules = served_rules(localised=False)
    cache = current_app.extensions.setdefault("openapi", {})
    if rules.version not in cache:
        cache.clear()
        cache[rules.version] = document(rules)
    return jsonify(cache[rules.version])
