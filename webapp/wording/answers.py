"""Answers in words: as the results page shows them, and what is wrong with one (for the form and the API)."""

from __future__ import annotations

from webapp.wording.numbers import format_hkd
from webapp.wording.text import _


def show_answer(question, value, given: bool = True) -> str:
    """An answer as the results page shows it."""
    if value is None:
        return _("Not sure") if given and question.not_sure else _("Not answered")
    if question.type == "yes_no":
        return _("Yes") if value else _("No")
    if question.type == "choice":
        return _label(question, value)
    if question.type == "multi":
        return _("; ").join(_label(question, v) for v in value) if value else _("None")
    if question.type == "amount":
        return format_hkd(value, exact=True)
    if question.type == "number":
        return f"{value:,}" if isinstance(value, int) else f"{value:g}"
    return str(value)


def _label(question, value) -> str:
    """The label of the option `value` of `question` (the value itself for one it does not have)."""
    return next((o.label for o in question.options if o.value == value), value)


def answer_rows(questionnaire, facts: dict) -> list:
    """(question, shown answer) for every question that applies, in questionnaire order."""
    rows = []
    for qid, question in questionnaire.questions.items():
        if qid not in facts and not questionnaire.applies(qid, facts):
            continue
        rows.append((question, show_answer(question, facts.get(qid), qid in facts)))
    return rows


def form_message(question, error, questionnaire) -> str:
    """What the person filling in the form should do about `error`: the question's own words, or ours."""
    own = question.errors.get(error.code)
    if own:
        return own
    name, template = question.name, _FORM.get(error.code, _FORM["required"])
    if error.code in ("too_small", "too_large"):
        limit = format_hkd(error.limit) if question.type == "amount" else f"{error.limit:,}"
        return _(template, name=name, limit=limit)
    if error.code == "too_long":
        return _(template, name=name, num=error.limit)
    if error.code == "more_than":
        return _(template, name=name, other=questionnaire.questions[error.other].name)
    return _(template, name=name)


def api_message(question, error, questionnaire) -> str:
    """The API's message for `error`: about the JSON value sent, or, for a value out of bounds, the form's words."""
    if error.code == "unknown_option":
        options = ", ".join(o.value for o in question.options)
        return f"{question.id} has no option '{error.option}'; its options are: {options}"
    if error.code in _API:
        return _API[error.code].format(id=question.id)
    return form_message(question, error, questionnaire)


def N_(text: str) -> str:
    """Marks a string for translation where it is defined; it is translated where it is used."""
    return text


_FORM = {
    "required": N_("Answer the question about the %(name)s"),
    "invalid": N_("Enter the %(name)s as a number"),
    "whole": N_("Enter the %(name)s as a whole number"),
    "too_small": N_("The %(name)s must be %(limit)s or more"),
    "too_large": N_("The %(name)s must be %(limit)s or less"),
    "too_long": N_("The %(name)s must be %(num)d characters or fewer"),
    "more_than": N_("The %(name)s cannot be more than the %(other)s"),
    "not_sure_and_options": N_("Select the %(name)s, or select Not sure, but not both"),
    "unknown_option": N_("Select the %(name)s from the options shown"),
}
_API = {
    "not_yes_no": "{id} must be true, false or null",
    "not_number": "{id} must be a number (or null)",
    "not_list": "{id} must be a list of option values (or null)",
    "not_string": "{id} must be a string (or null)",
    "not_sure_and_options": '{id}: send ["not_sure"] alone, or a list of options without "not_sure"',
}
