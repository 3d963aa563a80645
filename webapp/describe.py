"""Conditions in plain words, for the catalogue pages: "Total project cost is at least HK$150m"."""

from __future__ import annotations

from dataclasses import dataclass, field

from .conditions import Leaf
from .engine import format_value

GROUP_WORDS = {"all": "All of these:", "any": "At least one of these:", "not": "Not this:"}


@dataclass
class Line:
    text: str
    children: list = field(default_factory=list)
    since: object = None  # the date the threshold in force took effect
    unverified: bool = False


def describe(cond, questionnaire, programme, as_of) -> Line:
    """A tree of plain-language lines for a condition, with the thresholds in force on `as_of`."""
    if not isinstance(cond, Leaf):
        return Line(GROUP_WORDS[cond.op], [describe(p, questionnaire, programme, as_of) for p in cond.parts])
    question = questionnaire.questions[cond.fact]
    subject = question.name[0].upper() + question.name[1:]
    labels = {o.value: o.label for o in question.options}
    if cond.op == "answered":
        return Line(f"{subject} is {'answered' if cond.value else 'not answered'}")
    if cond.op in ("at_least", "at_most"):
        dated = programme.value_on(cond.value, as_of)
        unit = programme.spec.parameters[cond.value].unit
        shown = format_value(unit, dated.value) if dated else "(no value in force on this date)"
        words = "at least" if cond.op == "at_least" else "at most"
        return Line(
            f"{subject} is {words} {shown}",
            since=dated.since if dated else None,
            unverified=bool(dated and dated.unverified),
        )
    if question.type == "yes_no":
        return Line(f"{subject}: {'yes' if cond.value else 'no'}")
    if cond.op == "equals":
        return Line(f"{subject}: {labels[cond.value]}")
    if cond.op == "includes":
        return Line(f"{subject} include: {labels[cond.value]}")
    names = "; ".join(labels[v] for v in cond.value)
    verb = "one of" if cond.op == "one_of" else "include any of"
    return Line(f"{subject}: {verb}: {names}")
