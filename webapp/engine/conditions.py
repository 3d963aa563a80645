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

import functools
import sys
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


# --- compiled conditions -----------------------------------------------------------------------------------------
# The tree above is what the rules say, and what `trace`, `what_would_change` and the rules check walk. For
# evaluation, each tree is turned once, at load time, into nested closures that give the same outcome as
# `evaluate`: no isinstance test, no operator dispatch and no list of outcomes per call. Plain closures over
# rule data, never generated source code.


def compile_condition(cond):
    """A function `test(facts, params, verdicts)` that gives `evaluate(cond, facts, params, verdicts)`.

    `verdicts` may be None. An `all` stops at its first part not met and an `any` at its first part met, which
    changes no outcome. The outcome is always one of the MET, NOT_MET and UNKNOWN objects of this module.

    Equal conditions get the same function (a test reads parameters by name from `params`, so nothing in it is
    particular to one programme): programmes that test the same things, most of them, share their tests, and
    evaluating many programmes reads a few functions again and again instead of one copy each.
    """
    try:
        hash(cond)
    except TypeError:  # a test built by hand with a list for its options: compiled on its own
        return _compile(cond)
    return _shared(cond)


def _compile(cond):
    if isinstance(cond, Leaf):
        return _compile_leaf(cond)
    parts = tuple(compile_condition(part) for part in cond.parts)
    if cond.op in SINGLE:
        return (_negated if cond.op == "not" else _judged)(parts[0])
    if len(parts) == 1:
        return parts[0]  # an all or any of one condition is that condition
    if cond.op == "all":
        decisive, otherwise = NOT_MET, MET
    else:
        decisive, otherwise = MET, NOT_MET
    return _pair(*parts, decisive, otherwise) if len(parts) == 2 else _many(parts, decisive, otherwise)


_shared = functools.lru_cache(maxsize=1 << 16)(_compile)


def _negated(inner):
    def test(facts, params, verdicts):
        outcome = inner(facts, params, verdicts)
        return NOT_MET if outcome is MET else MET if outcome is NOT_MET else UNKNOWN

    return test


def _judged(inner):
    def test(facts, params, verdicts):
        return NOT_MET if inner(facts, params, verdicts) is NOT_MET else UNKNOWN

    return test


def _pair(first, second, decisive, otherwise):
    """`all` (decisive NOT_MET, otherwise MET) or `any` (decisive MET, otherwise NOT_MET) of two parts: the
    first decisive outcome decides, else unknown if either is unknown."""

    def test(facts, params, verdicts):
        a = first(facts, params, verdicts)
        if a is decisive:
            return decisive
        b = second(facts, params, verdicts)
        if b is decisive:
            return decisive
        return UNKNOWN if a is UNKNOWN or b is UNKNOWN else otherwise

    return test


def _many(parts, decisive, otherwise):
    """`all` or `any` of any number of parts, as `_pair` decides two."""

    def test(facts, params, verdicts):
        outcome = otherwise
        for part in parts:
            found = part(facts, params, verdicts)
            if found is decisive:
                return decisive
            if found is UNKNOWN:
                outcome = UNKNOWN
        return outcome

    return test


def _compile_leaf(leaf: Leaf):
    # Question ids are interned, as the questionnaire's are, so that looking an answer up finds its key at once.
    fact, op, expected = sys.intern(leaf.fact), leaf.op, leaf.value
    if op == "programme":
        return _programme_test(fact, expected)
    if op == "answered":

        def answered(facts, params, verdicts):
            return MET if (facts.get(fact) is not None) == expected else NOT_MET

        return answered
    if op in ("at_least", "at_most"):
        return (_at_least if op == "at_least" else _at_most)(fact, expected)
    if op == "equals":

        def equals(facts, params, verdicts):
            value = facts.get(fact)
            if value is None:
                return UNKNOWN
            return MET if value == expected else NOT_MET

        return equals
    if op == "one_of":

        def one_of(facts, params, verdicts):
            value = facts.get(fact)
            if value is None:
                return UNKNOWN
            return MET if value in expected else NOT_MET

        return one_of
    if op == "includes":

        def includes(facts, params, verdicts):
            value = facts.get(fact)
            if value is None:
                return UNKNOWN
            return MET if expected in value else NOT_MET

        return includes
    if op == "includes_any":

        def includes_any(facts, params, verdicts):
            value = facts.get(fact)
            if value is None:
                return UNKNOWN
            for option in expected:
                if option in value:
                    return MET
            return NOT_MET

        return includes_any
    raise ValueError(f"unknown operator {op!r}")


def _at_least(fact, name):
    def at_least(facts, params, verdicts):
        value = facts.get(fact)
        if value is None:
            return UNKNOWN
        limit = params.get(name)
        if limit is None:
            return UNKNOWN
        return MET if value >= limit else NOT_MET

    return at_least


def _at_most(fact, name):
    def at_most(facts, params, verdicts):
        value = facts.get(fact)
        if value is None:
            return UNKNOWN
        limit = params.get(name)
        if limit is None:
            return UNKNOWN
        return MET if value <= limit else NOT_MET

    return at_most


def _programme_test(fact, programme):
    def required(facts, params, verdicts):
        held = facts.get(fact)
        if held is not None and programme in held:
            return MET
        verdict = verdicts.get(programme) if verdicts else None
        if verdict is None or verdict in PENDING:
            return UNKNOWN
        return NOT_MET

    return required
