"""Condition trees: `all` / `any` / `not` over leaf tests on answers, evaluated with three values.

A leaf is a mapping with `fact` (a question id) and exactly one operator. Comparisons (`at_least`,
`at_most`) name a parameter; they never take a literal number, so every threshold is dated and sourced.
A `programme` leaf needs another programme's approval: met when the company says it holds one (the answer to
the question that lists approvals includes that programme), unknown while the other programme is likely or
may qualify (approval would come first), not met when the other programme is unlikely or closed.
`judgement` wraps a condition the administering body decides on: where the answers meet it, the outcome is
unknown ("may qualify"), never met; where they do not, it is not met.
"""

from __future__ import annotations

from dataclasses import dataclass

MET, NOT_MET, UNKNOWN = "met", "not_met", "unknown"

# operator -> the question types it applies to
OPERATORS = {
    "equals": ("choice", "yes_no"),
    "one_of": ("choice",),
    "at_least": ("number", "amount"),
    "at_most": ("number", "amount"),
    "includes": ("multi",),
    "includes_any": ("multi",),
    "answered": ("text", "choice", "multi", "yes_no", "number", "amount"),
    "programme": ("multi",),  # the fact is the question that lists the approvals a company holds
}
PENDING = ("likely", "possible", "upcoming")  # verdicts of a required programme under which approval may come
COMBINATORS = ("all", "any", "not", "judgement")
SINGLE = ("not", "judgement")  # combinators that take one condition, not a list


@dataclass(frozen=True)
class Leaf:
    fact: str
    op: str
    value: object

    def facts(self):
        yield self.fact

    def params(self):
        if self.op in ("at_least", "at_most"):
            yield self.value

    def programmes(self):
        if self.op == "programme":
            yield self.value


@dataclass(frozen=True)
class Group:
    op: str
    parts: tuple

    def facts(self):
        for part in self.parts:
            yield from part.facts()

    def params(self):
        for part in self.parts:
            yield from part.params()

    def programmes(self):
        for part in self.parts:
            yield from part.programmes()


@dataclass(frozen=True)
class Trace:
    """The outcome of a condition and of each of its parts, for `flask rules explain`."""

    cond: object
    outcome: str
    answer: object = None  # the answer a leaf tested (None: not answered)
    parts: tuple = ()


def evaluate(cond, facts: dict, params: dict, verdicts: dict | None = None) -> str:
    """Three-valued outcome of `cond` for the answers in `facts` (None = unknown).

    `verdicts` holds the verdicts of the programmes that `programme` leaves require (missing: not known).
    """
    if isinstance(cond, Leaf):
        return _leaf(cond, facts.get(cond.fact), params, verdicts)
    return _combine(cond.op, [evaluate(part, facts, params, verdicts) for part in cond.parts])


def trace(cond, facts: dict, params: dict, verdicts: dict | None = None) -> Trace:
    """Like `evaluate`, keeping the outcome of every part of the tree."""
    if isinstance(cond, Leaf):
        answer = facts.get(cond.fact)
        return Trace(cond, _leaf(cond, answer, params, verdicts), answer)
    parts = tuple(trace(part, facts, params, verdicts) for part in cond.parts)
    return Trace(cond, _combine(cond.op, [p.outcome for p in parts]), parts=parts)


def _combine(op: str, outcomes: list) -> str:
    if op == "not":
        return {MET: NOT_MET, NOT_MET: MET}.get(outcomes[0], UNKNOWN)
    if op == "judgement":  # the administering body decides: met by the answers is only "may"
        return NOT_MET if outcomes[0] == NOT_MET else UNKNOWN
    decisive, other = (NOT_MET, MET) if op == "all" else (MET, NOT_MET)
    if decisive in outcomes:
        return decisive
    return UNKNOWN if UNKNOWN in outcomes else other


def _leaf(leaf: Leaf, value, params, verdicts=None) -> str:
    if leaf.op == "programme":
        return _required(leaf.value, value, verdicts)
    if leaf.op == "answered":
        return MET if (value is not None) == leaf.value else NOT_MET
    if value is None:
        return UNKNOWN
    if leaf.op in ("at_least", "at_most"):
        limit = params.get(leaf.value)
        if limit is None:
            return UNKNOWN
        ok = value >= limit if leaf.op == "at_least" else value <= limit
    elif leaf.op == "equals":
        ok = value == leaf.value
    elif leaf.op == "one_of":
        ok = value in leaf.value
    elif leaf.op == "includes":
        ok = leaf.value in value
    else:  # includes_any
        ok = any(v in value for v in leaf.value)
    return MET if ok else NOT_MET


def _required(programme: str, held, verdicts) -> str:
    if held is not None and programme in held:
        return MET
    verdict = (verdicts or {}).get(programme)
    if verdict is None or verdict in PENDING:
        return UNKNOWN
    return NOT_MET
