"""The questionnaire form, built from rules/questions.yaml so that editors can add questions."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice

from webapp.engine.answers import NOT_SURE, read_form
from webapp.wording.answers import form_message
from webapp.wording.numbers import format_plain
from webapp.wording.text import _
from webapp.wording.text import lazy_gettext as _l

YES_NO_CHOICES = (("yes", _l("Yes")), ("no", _l("No")))


def choices(question) -> list:
    """(value, label, hint) for every radio or checkbox of a question, "Not sure" last."""
    if question.type == "yes_no":
        items = [(v, label, None) for v, label in YES_NO_CHOICES]
    else:
        items = [(o.value, o.label, o.hint) for o in question.options]
    if question.not_sure:
        items.append((NOT_SURE, question.not_sure, None))
    return items


class CheckForm(FlaskForm):
    """Base class: validation runs the questionnaire's own reader, so form and API agree."""

    questionnaire = None

    def validate(self, extra_validators=None):
        csrf_ok = super().validate(extra_validators)
        raw = {qid: self[qid].data for qid in self.questionnaire.questions}
        answers = read_form(self.questionnaire, raw)
        self.answers = answers.facts
        for qid, error in answers.errors.items():
            self[qid].errors = [form_message(self.questionnaire.questions[qid], error, self.questionnaire)]
        return csrf_ok and not answers.errors

    def error_list(self) -> list:
        """(field id, message) in the order the questions appear, for the error summary."""
        items = [(qid, self[qid].errors[0]) for qid in self.questionnaire.questions if self[qid].errors]
        if self.meta.csrf and self.csrf_token.errors:
            items.insert(
                0, ("submit", _("This form has expired. Check your answers and select Check eligibility again"))
            )
        return items


def _field(question):
    if question.type in ("choice", "yes_no"):
        return RadioField(
            question.label, choices=[SelectChoice(v, label) for v, label, _ in choices(question)], validate_choice=False
        )
    if question.type == "multi":
        return SelectMultipleField(
            question.label, validate_choice=False, choices=[SelectChoice(v, label) for v, label, _ in choices(question)]
        )
    return StringField(question.label)


def form_class(questionnaire):
    """A CheckForm subclass with one field per question."""
    fields = {qid: _field(q) for qid, q in questionnaire.questions.items()}
    return type("QuestionnaireForm", (CheckForm,), {"questionnaire": questionnaire, **fields})


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
