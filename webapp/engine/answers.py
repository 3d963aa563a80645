"""The one reader of answers: form strings, and JSON values (the API, permalinks, rule-file examples, the CLI).

It returns typed answers and, for each question with a problem, an AnswerError: a code and the values a message
needs. The wording layer turns those into sentences; nothing here is worded.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field

from webapp.engine.amounts import TooLong, parse_amount, parse_number

NOT_SURE = "not_sure"
YES_NO = {"yes": True, "no": False}
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # fromisoformat alone also takes week dates


@dataclass(frozen=True)
class AnswerError:
    """What is wrong with one answer: a code (required, invalid, too_small, unknown_option, ...) and its values."""

    code: str
    limit: object = None  # too_small, too_large, too_long: the bound
    option: str | None = None  # unknown_option: the value that is not an option
    other: str | None = None  # more_than: the question it may not exceed


@dataclass
class Answers:
    """Typed answers to the questions that apply, and the problems found."""

    facts: dict
    errors: dict = field(default_factory=dict)  # question id -> AnswerError
    given: list = field(default_factory=list)  # question ids answered, including those dropped as not asked

    @property
    def ignored(self) -> list:
        """Answers given to questions that are not asked, given the other answers."""
        return [qid for qid in self.given if qid not in self.facts and qid not in self.errors]


def read_form(questionnaire, raw: dict) -> Answers:
    """Answers from raw form values: strings, or lists of strings for multi questions.

    Questions that do not apply to the other answers are dropped with their errors; a missing answer is an error
    only where the question is sure to apply (it is shown).
    """
    facts, errors = {}, {}
    for qid, question in questionnaire.questions.items():
        facts[qid], error = _read_string(question, raw.get(qid))
        if error:
            errors[qid] = error
    kept = questionnaire.drop_inapplicable(facts)
    errors = {
        qid: error
        for qid, error in errors.items()
        if qid in kept and (error.code != "required" or questionnaire.surely_applies(qid, kept))
    }
    return _with_cross_errors(questionnaire, Answers(kept, errors, [q for q in raw if q in questionnaire.questions]))


def read_json(questionnaire, answers: dict) -> Answers:
    """Answers from a JSON object of question ids and values (null: not sure); unknown ids are errors."""
    facts, errors = {}, {}
    for qid, value in answers.items():
        question = questionnaire.questions.get(qid)
        if question is None:
            errors[qid] = AnswerError("unknown_question")
            continue
        facts[qid], error = read_value(question, value, questionnaire.option_values.get(qid))
        if error:
            errors[qid] = error
    _derive_missing(questionnaire, facts)
    kept = questionnaire.drop_inapplicable(facts)
    return _with_cross_errors(questionnaire, Answers(kept, errors, list(answers)))


def _derive_missing(questionnaire, facts: dict) -> None:
    """Answer questions an older input could not know of (saved links, API clients) from its other answers."""
    for qid in questionnaire.derived:
        if qid not in facts:
            found, value = questionnaire.derive(qid, facts)
            if found:
                facts[qid], _ = read_value(questionnaire.questions[qid], value)


def _with_cross_errors(questionnaire, answers: Answers) -> Answers:
    """Errors that involve two answers, such as an own investment above the total cost."""
    facts = answers.facts
    for qid, other in questionnaire.not_more_than:
        if facts.get(qid) is not None and facts.get(other) is not None and facts[qid] > facts[other]:
            answers.errors.setdefault(qid, AnswerError("more_than", other=other))
    return answers


def check_value(question, value) -> AnswerError | None:
    """The problem with a typed answer outside what the question accepts, or None."""
    if question.type == "text":
        if question.max_length and len(value) > question.max_length:
            return AnswerError("too_long", limit=question.max_length)
        return None
    if question.type in ("number", "amount"):
        if question.whole and value != int(value):
            return AnswerError("whole")
        if question.min is not None and value < question.min:
            return AnswerError("too_small", limit=question.min)
        if question.max is not None and value > question.max:
            return AnswerError("too_large", limit=question.max)
    return None


def read_value(question, value, options=None) -> tuple:
    """(typed value or None, AnswerError or None) for one JSON value; `options`: the values of the question's options,
    where the caller has them already (Questionnaire.option_values)."""
    if value is None:
        return None, None
    kind = question.type
    if kind == "yes_no":
        if isinstance(value, bool):
            return value, None
        return None, None if value == NOT_SURE and question.not_sure else AnswerError("not_yes_no")
    if kind in ("number", "amount"):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not _finite(value):
            return None, AnswerError("not_number")
        return value, check_value(question, value)
    if kind == "multi":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return None, AnswerError("not_list")
        return _read_ticked(question, value, options)
    if not isinstance(value, str):
        return None, AnswerError("not_string")
    if kind == "choice":
        if value == NOT_SURE and question.not_sure:
            return None, None
        if value not in (options or option_values(question)):
            return None, AnswerError("unknown_option", option=value)
        return value, None
    return value, check_value(question, value)


def _read_ticked(question, values: list, options=None) -> tuple:
    """(the options ticked, each once, or None for Not sure; AnswerError or None) for a multi question."""
    if NOT_SURE in values and question.not_sure:
        return None, AnswerError("not_sure_and_options") if len(set(values)) > 1 else None
    options = options or option_values(question)
    bad = [v for v in values if v not in options]
    if bad:
        return None, AnswerError("unknown_option", option=bad[0])
    return list(dict.fromkeys(values)), None


def _read_string(question, raw) -> tuple:
    """(typed value or None, AnswerError or None) for one raw form value."""
    kind = question.type
    if kind == "multi":
        return _read_ticked(question, [v for v in (raw or []) if v])
    text = raw.strip() if isinstance(raw, str) else ""
    if not text:
        return None, None if question.optional else AnswerError("required")
    if kind in ("choice", "yes_no"):
        if text == NOT_SURE and question.not_sure:
            return None, None
        options = YES_NO if kind == "yes_no" else option_values(question)
        if text not in options:
            return None, AnswerError("required")
        return (YES_NO[text] if kind == "yes_no" else text), None
    if kind == "text":
        return text, check_value(question, text)
    try:
        value = parse_amount(text) if kind == "amount" else parse_number(text)
    except TooLong:
        # Only digits (a number far too large) gets the question's upper bound; anything else is not a number.
        if question.max is not None and text.isascii() and text.isdigit():
            return None, AnswerError("too_large", limit=question.max)
        return None, AnswerError("invalid")
    except ValueError:
        return None, AnswerError("invalid")
    error = check_value(question, value)
    return (None, error) if error else (value, None)


def _finite(value) -> bool:
    return not isinstance(value, float) or math.isfinite(value)


def option_values(question) -> list:
    return [o.value for o in question.options]


def read_date(value) -> dt.date | None:
    """A date written YYYY-MM-DD (an evaluation date), or None."""
    if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None
