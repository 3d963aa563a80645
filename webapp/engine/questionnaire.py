"""The questionnaire at run time: which questions apply, and whether an answer is acceptable."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from webapp.engine.conditions import MET, NOT_MET, evaluate
from webapp.wording.numbers import format_hkd
from webapp.wording.text import _

NOT_SURE = "not_sure"


@dataclass
class Questionnaire:
    """Questions in order, with each question's `asked_when` condition parsed."""

    title: str
    intro: str
    sections: list
    questions: dict = field(default_factory=dict)
    asked_when: dict = field(default_factory=dict)

    def applies(self, qid: str, facts: dict) -> bool:
        """True unless the answers given so far rule the question out."""
        cond = self.asked_when.get(qid)
        return cond is None or evaluate(cond, facts, {}) != NOT_MET

    def surely_applies(self, qid: str, facts: dict) -> bool:
        """True when the question has no condition or its condition is met by the answers."""
        cond = self.asked_when.get(qid)
        return cond is None or evaluate(cond, facts, {}) == MET

    def drop_inapplicable(self, facts: dict) -> dict:
        """Answers to questions that do not apply are ignored (in order, so chains resolve)."""
        kept = {}
        for qid in self.questions:
            if qid in facts and self.applies(qid, kept):
                kept[qid] = facts[qid]
        return kept

    def cross_errors(self, facts: dict) -> dict:
        """Errors that involve two answers, such as an own investment above the total cost."""
        errors = {}
        for qid, question in self.questions.items():
            other = question.not_more_than
            if other and facts.get(qid) is not None and facts.get(other) is not None and facts[qid] > facts[other]:
                errors[qid] = question.errors.get("more_than") or (
                    _(
                        "The %(name)s cannot be more than the %(other)s",
                        name=question.name,
                        other=self.questions[other].name,
                    )
                )
        return errors


def value_error(question, value) -> str | None:
    """The message for a typed answer outside what the question accepts, or None."""
    errors = question.errors
    if question.type == "text":
        if question.max_length and len(value) > question.max_length:
            return errors.get("too_long") or _(
                "The %(name)s must be %(num)d characters or fewer", name=question.name, num=question.max_length
            )
        return None
    if question.type in ("number", "amount"):
        show = format_hkd if question.type == "amount" else (lambda v: f"{v:,}")
        if question.whole and value != int(value):
            return errors.get("whole") or _("Enter the %(name)s as a whole number", name=question.name)
        if question.min is not None and value < question.min:
            return errors.get("too_small") or _(
                "The %(name)s must be %(limit)s or more", name=question.name, limit=show(question.min)
            )
        if question.max is not None and value > question.max:
            return errors.get("too_large") or _(
                "The %(name)s must be %(limit)s or less", name=question.name, limit=show(question.max)
            )
    return None


def coerce_json(question, value):
    """(typed value or None, error message or None) for one answer in an API request or a rule example."""
    if value is None:
        return None, None
    kind = question.type
    if kind == "yes_no":
        if isinstance(value, bool):
            return value, None
        if value == NOT_SURE and question.not_sure:
            return None, None
        return None, f"{question.id} must be true, false or null"
    if kind in ("number", "amount"):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not _finite(value):
            return None, f"{question.id} must be a number (or null)"
        return value, value_error(question, value)
    if kind == "multi":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return None, f"{question.id} must be a list of option values (or null)"
        if value == [NOT_SURE] and question.not_sure:
            return None, None
        bad = [v for v in value if v not in _option_values(question)]
        if bad:
            return (
                None,
                f"{question.id} has no option '{bad[0]}'; its options are: {', '.join(_option_values(question))}",
            )
        return list(dict.fromkeys(value)), None
    if not isinstance(value, str):
        return None, f"{question.id} must be a string (or null)"
    if kind == "choice":
        if value == NOT_SURE and question.not_sure:
            return None, None
        if value not in _option_values(question):
            return (
                None,
                f"{question.id} has no option '{value}'; its options are: {', '.join(_option_values(question))}",
            )
        return value, None
    return value, value_error(question, value)


def _finite(value) -> bool:
    return not isinstance(value, float) or math.isfinite(value)


def _option_values(question):
    return [o.value for o in question.options]
