"""Reading the form's raw strings into typed answers, with a plain message for every problem."""

from __future__ import annotations

from webapp.engine.questionnaire import NOT_SURE, value_error
from webapp.wording.numbers import format_plain, parse_amount
from webapp.wording.text import _

YES_NO = {"yes": True, "no": False}


def read_answers(questionnaire, raw: dict) -> tuple[dict, dict]:
    """(answers, errors) from raw form values: strings, or lists of strings for multi questions.

    Questions that do not apply to the other answers are dropped with their errors.
    """
    facts, errors, missing = {}, {}, set()
    for qid, question in questionnaire.questions.items():
        value, error = _read_one(question, raw.get(qid))
        facts[qid] = value
        if error:
            errors[qid] = error
            missing.update([qid] if error == _required(question) else [])
    kept = questionnaire.drop_inapplicable(facts)
    # A missing answer is an error only where the question is sure to apply (it is shown).
    errors = {
        qid: msg
        for qid, msg in errors.items()
        if qid in kept and (qid not in missing or questionnaire.surely_applies(qid, kept))
    }
    for qid, msg in questionnaire.cross_errors(kept).items():
        errors.setdefault(qid, msg)
    return kept, errors


def _required(question) -> str:
    return question.errors.get("required") or _("Answer the question about the %(name)s", name=question.name)


def _read_one(question, raw):
    """(typed value or None, error or None) for one raw form value."""
    kind = question.type
    if kind == "multi":
        values = [v for v in (raw or []) if v]
        if NOT_SURE in values:
            if len(values) > 1:
                return None, question.errors.get("not_sure_and_options") or (
                    _("Select the %(name)s, or select Not sure, but not both", name=question.name)
                )
            return None, None
        options = [o.value for o in question.options]
        if any(v not in options for v in values):
            return None, _("Select the %(name)s from the options shown", name=question.name)
        return list(dict.fromkeys(values)), None
    text = (raw or "").strip() if isinstance(raw, str) else ""
    if not text:
        return None, (None if question.optional else _required(question))
    if kind in ("choice", "yes_no"):
        if text == NOT_SURE and question.not_sure:
            return None, None
        if kind == "yes_no":
            return (YES_NO[text], None) if text in YES_NO else (None, _required(question))
        options = [o.value for o in question.options]
        return (text, None) if text in options else (None, _required(question))
    if kind == "text":
        return text, value_error(question, text)
    invalid = question.errors.get("invalid") or _("Enter the %(name)s as a number", name=question.name)
    try:
        value = parse_amount(text) if kind == "amount" else _number(text)
    except ValueError:
        return None, invalid
    error = value_error(question, value)
    return (None, error) if error else (value, None)


def _number(text: str):
    cleaned = text.replace(",", "")
    value = float(cleaned)
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(text)
    return int(value) if value == int(value) else value


def raw_from_answers(questionnaire, facts: dict) -> dict:
    """The raw form values that would give `facts`: used to fill the form in again."""
    raw = {}
    for qid, question in questionnaire.questions.items():
        value = facts.get(qid)
        kind = question.type
        if kind == "multi":
            raw[qid] = [NOT_SURE] if value is None and question.not_sure and qid in facts else (value or [])
        elif value is None:
            raw[qid] = NOT_SURE if question.not_sure and qid in facts else ""
        elif kind == "yes_no":
            raw[qid] = "yes" if value else "no"
        elif kind == "amount":
            raw[qid] = format_plain(value)
        elif kind == "number":
            raw[qid] = f"{value:g}" if isinstance(value, float) else str(value)
        else:
            raw[qid] = value
    return raw
