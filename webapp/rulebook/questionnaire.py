"""Loading rules/questions.yaml: the questions in order, when each is asked, and how old answers are read."""

from __future__ import annotations

from webapp.engine.answers import read_value
from webapp.engine.model import Derivation, Questionnaire
from webapp.rulebook import schema
from webapp.rulebook.located import Located
from webapp.rulebook.parser import ConditionParser


def load_questionnaire(located: Located) -> Questionnaire | None:
    """The questionnaire, or None when the file has an error (each reported with its line)."""
    spec = schema.validate(schema.Questionnaire, located)
    if spec is None:
        return None
    questions, asked_when, derived = {}, {}, {}
    for s, section in enumerate(spec.sections):
        for q, question in enumerate(section.questions):
            path = ("sections", s, "questions", q)
            if question.id in questions:
                located.problem(path + ("id",), f"duplicate question id '{question.id}'")
            _check_question(located, path, question, questions)
            if question.asked_when is not None:
                parser = ConditionParser(located, questions)
                asked_when[question.id] = parser.parse(question.asked_when, path + ("asked_when",))
            if question.derive:
                derived[question.id] = _derivations(located, path, question, questions)
            questions[question.id] = question
    if located.has_errors:
        return None
    return Questionnaire(spec.title, spec.intro, spec.sections, questions, asked_when, derived)


def _check_question(located, path, question, earlier):
    values = [o.value for o in question.options]
    if question.type in ("choice", "multi") and not values:
        located.problem(path, f"a {question.type} question needs 'options'")
    if question.type not in ("choice", "multi") and values:
        located.problem(path + ("options",), f"a {question.type} question takes no 'options'")
    for i, value in enumerate(values):
        if value in values[:i] or value == "not_sure":
            reason = "is reserved for 'not_sure'" if value == "not_sure" else "is repeated"
            located.problem(path + ("options", i), f"option value '{value}' {reason}")
    other = question.not_more_than
    if other and (other not in earlier or earlier[other].type != question.type):
        located.problem(
            path + ("not_more_than",),
            f"'not_more_than' must name an earlier {question.type} question; '{other}' is not one",
        )
    if question.lists_programmes:
        listing = [q.id for q in earlier.values() if q.lists_programmes]
        if question.type != "multi":
            located.problem(path + ("lists_programmes",), "only a multi question can list programmes")
        elif listing:
            located.problem(path + ("lists_programmes",), f"'{listing[0]}' already lists programmes; keep one")


def _derivations(located, path, question, earlier) -> tuple:
    """Each `derive` entry as (condition, value, question to copy); problems reported with their lines."""
    rules = []
    for i, rule in enumerate(question.derive):
        where = path + ("derive", i)
        cond = ConditionParser(located, earlier).parse(rule.when, where + ("when",))
        if (rule.value is None) == (rule.same_as is None):
            located.problem(where, "a derive entry needs 'value' or 'same_as' (one of them)")
            continue
        if rule.same_as is not None:
            source = earlier.get(rule.same_as)
            if source is None or source.type != question.type:
                located.problem(where + ("same_as",), f"'same_as' must name an earlier {question.type} question")
                continue
        else:
            _, error = read_value(question, rule.value)
            if error:
                located.problem(where + ("value",), f"not an answer to '{question.id}' ({error.code})")
                continue
        rules.append(Derivation(cond, rule.value, rule.same_as))
    return tuple(rules)
