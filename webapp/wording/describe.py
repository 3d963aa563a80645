"""Conditions in plain words, for the catalogue pages: "Total project cost is at least HK$150m"."""

from __future__ import annotations

from dataclasses import dataclass, field

from webapp.engine.conditions import Leaf
from webapp.wording.parameters import value_words
from webapp.wording.text import _
from webapp.wording.text import lazy_gettext as _l

COMBINATOR_WORDS = {
    "all": _l("All of these:"),
    "any": _l("At least one of these:"),
    "not": _l("Not this:"),
    "judgement": _l("For the administering body to judge:"),
}


@dataclass
class Line:
    text: str
    children: list = field(default_factory=list)
    since: object = None  # the date the threshold in force took effect
    unverified: bool = False


def describe(cond, questionnaire, programme, as_of) -> Line:
    """A tree of plain-language lines for a condition, with the thresholds in force on `as_of`."""
    if not isinstance(cond, Leaf):
        return Line(COMBINATOR_WORDS[cond.op], [describe(p, questionnaire, programme, as_of) for p in cond.parts])
    question = questionnaire.questions[cond.fact]
    subject = question.name[0].upper() + question.name[1:]
    labels = {o.value: o.label for o in question.options}
    if cond.op == "programme":
        return Line(_("%(approval)s: already held, or obtained first", approval=labels[cond.value]))
    if cond.op == "answered":
        words = _("%(subject)s is answered") if cond.value else _("%(subject)s is not answered")
        return Line(words % {"subject": subject})
    if cond.op in ("at_least", "at_most"):
        words = value_words(programme, cond.value, as_of)
        dated = words.dated if words else None
        shown = words.words if words else _("(no value in force on this date)")
        if cond.op == "at_least":
            text = _("%(subject)s is at least %(value)s", subject=subject, value=shown)
        else:
            text = _("%(subject)s is at most %(value)s", subject=subject, value=shown)
        return Line(text, since=dated.since if dated else None, unverified=bool(dated and dated.unverified))
    if question.type == "yes_no":
        return Line(_("%(subject)s: %(answer)s", subject=subject, answer=_("yes") if cond.value else _("no")))
    if cond.op in ("equals", "includes"):
        return Line(_("%(subject)s: %(answer)s", subject=subject, answer=labels[cond.value]))
    names = _("; ").join(labels[v] for v in cond.value)
    if cond.op == "one_of":
        return Line(_("%(subject)s: one of: %(answers)s", subject=subject, answers=names))
    return Line(_("%(subject)s: include any of: %(answers)s", subject=subject, answers=names))
