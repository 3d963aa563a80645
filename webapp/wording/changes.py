"""Plain-language wording of a change to the answers: "If the total project cost were at least HK$150m"."""

from __future__ import annotations

from webapp.wording.answers import N_, show_answer
from webapp.wording.numbers import format_hkd, format_value
from webapp.wording.parameters import value_words
from webapp.wording.text import _

BOUND_WORDS = {
    ("at_least", False): N_("the %(name)s were at least %(limit)s (you said %(said)s)"),
    ("at_most", False): N_("the %(name)s were at most %(limit)s (you said %(said)s)"),
    ("at_least", True): N_("the %(name)s were below %(limit)s (you said %(said)s)"),
    ("at_most", True): N_("the %(name)s were above %(limit)s (you said %(said)s)"),
}
CHOICE_WORDS = {
    ("yes_no", False): N_("you answered %(names)s to “%(question)s” (you said %(said)s)"),
    ("includes", False): N_("you ticked %(names)s for “%(question)s” (you said %(said)s)"),
    ("includes", True): N_("you did not tick %(names)s for “%(question)s” (you said %(said)s)"),
    ("choice", False): N_("you answered %(names)s to “%(question)s” (you said “%(said)s”)"),
    ("choice", True): N_("you did not answer %(names)s to “%(question)s” (you said “%(said)s”)"),
}


def step_text(step, questionnaire, programme, as_of, facts) -> tuple[bool, str]:
    """(is it a missing answer, the words) for one step of a change."""
    leaf = step.leaf
    question = questionnaire.questions[leaf.fact]
    if step.unknown:
        if question.type in ("amount", "number", "text"):
            return True, _("the %(name)s", name=question.name)
        return True, _("your answer to “%(question)s”", question=question.label)
    if leaf.op == "programme":
        label = next(o.label for o in question.options if o.value == leaf.value)
        return False, _("you already held “%(approval)s” (apply for it first)", approval=label)
    value = facts.get(leaf.fact)
    said = format_hkd(value) if question.type == "amount" else show_answer(question, value)
    if leaf.op == "answered":
        return False, _("you answered “%(question)s”", question=question.label)
    if leaf.op in ("at_least", "at_most"):
        limit = value_words(programme, leaf.value, as_of).words
        unit = programme.spec.parameters[leaf.value].unit
        said = said if question.type == "amount" else format_value(unit, value)
        return False, _(BOUND_WORDS[(leaf.op, step.negated)], name=question.name, limit=limit, said=said)
    if question.type == "yes_no":
        names = _("Yes") if leaf.value != step.negated else _("No")
        return False, _(CHOICE_WORDS[("yes_no", False)], names=names, question=question.label, said=said)
    labels = {o.value: o.label for o in question.options}
    values = leaf.value if isinstance(leaf.value, tuple) else (leaf.value,)
    names = _(" or ").join(_("“%(option)s”", option=labels[v]) for v in values)
    kind = "includes" if leaf.op in ("includes", "includes_any") else "choice"
    return False, _(CHOICE_WORDS[(kind, step.negated)], names=names, question=question.label, said=said)


def change_text(change, questionnaire, programme, as_of, facts) -> str:
    """A whole change in one sentence: "If A and B", "Tell us C", or "If A, and tell us C"."""
    steps = [step_text(s, questionnaire, programme, as_of, facts) for s in change.steps]
    ifs = [words for missing, words in steps if not missing]
    tells = [words for missing, words in steps if missing]
    joined_ifs, joined_tells = _(" and ").join(ifs), _(" and ").join(tells)
    if ifs and tells:
        return _("If %(changes)s, and tell us %(missing)s", changes=joined_ifs, missing=joined_tells)
    if ifs:
        return _("If %(changes)s", changes=joined_ifs)
    return _("Tell us %(missing)s", missing=joined_tells)
