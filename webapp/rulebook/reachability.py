"""Finding tests on questions that the questionnaire never asks in the cases where the test could count.

A programme is likely only when every criterion is met, so the criteria act as one big `all`. For each test
on a fact F, the *context* is every test that must also be met for it to count: its siblings in each `all`
above it and in the other criteria (a sibling that is itself an `all` contributes its own tests; an `any` or
`not` sibling contributes nothing, since it can be met in more than one way). If every answer to the
questions involved that meets the whole context makes F's `asked_when` not met, F is never asked when the
test matters: the answer is dropped, the test stays unknown and that branch can never be met.

The check is sound, not complete: it enumerates answers only for choice, yes/no and multi questions (finite
choices) and skips a test when F's `asked_when` involves any other kind of question, and it does not look
inside `not` (a negated test counts when it is *not* met, which this reasoning does not cover).
"""

from __future__ import annotations

import itertools
import math

from webapp.engine.conditions import MET, NOT_MET, Leaf, evaluate

FINITE = ("choice", "yes_no", "multi")
MAX_CASES = 4096  # enough for several choice questions; beyond it the check gives up rather than slow loading


def dead_tests(programme, questionnaire):
    """(data path, leaf, context facts) for every test whose question is never asked when the test counts."""
    roots = [(programme.conditions[c.id], ("criteria", i, "when")) for i, c in enumerate(programme.spec.criteria)]
    for k, (cond, path) in enumerate(roots):
        context = [leaf for j, (other, _) in enumerate(roots) if j != k for leaf in _necessary(other)]
        yield from _walk(cond, path, context, questionnaire)


def _walk(cond, path, context, questionnaire):
    if isinstance(cond, Leaf):
        facts = _blocking(cond, context, questionnaire)
        if facts:
            yield path, cond, facts
        return
    if cond.op in ("not", "judgement"):
        return
    for i, part in enumerate(cond.parts):
        extra = [leaf for j, other in enumerate(cond.parts) if j != i for leaf in _necessary(other)]
        yield from _walk(part, path + (cond.op, i), context + extra if cond.op == "all" else context, questionnaire)


def _necessary(cond) -> list:
    """The tests that must all be met for `cond` to be met."""
    if isinstance(cond, Leaf):
        return [cond]
    if cond.op == "all":
        return [leaf for part in cond.parts for leaf in _necessary(part)]
    return []


def _blocking(leaf, context, questionnaire) -> list:
    """The facts of the context that rule out asking `leaf`'s question, or [] when it can be asked."""
    asked_when = questionnaire.asked_when.get(leaf.fact)
    if asked_when is None or leaf.op == "answered":  # `answered: false` is met precisely when not asked
        return []
    facts = sorted(set(asked_when.facts()))
    constraints = [c for c in context if c.fact in facts]
    if not constraints or any(questionnaire.questions[f].type not in FINITE for f in facts):
        return []
    if math.prod(_count(questionnaire.questions[f]) for f in facts) > MAX_CASES:
        return []
    domains = [_domain(questionnaire.questions[f]) for f in facts]
    possible = False
    for values in itertools.product(*domains):
        answers = dict(zip(facts, values, strict=True))
        if all(evaluate(c, answers, {}) == MET for c in constraints):
            possible = True
            if evaluate(asked_when, answers, {}) != NOT_MET:
                return []
    # When no answer meets the context at all, the criteria contradict each other: a different mistake.
    return sorted({c.fact for c in constraints}) if possible else []


def _domain(question) -> list:
    """Every answer a finite question can have, None (not answered) included."""
    if question.type == "yes_no":
        return [True, False, None]
    values = [o.value for o in question.options]
    if question.type == "choice":
        return values + [None]
    subsets = itertools.chain.from_iterable(itertools.combinations(values, n) for n in range(len(values) + 1))
    return [list(s) for s in subsets] + [None]


def _count(question) -> int:
    """How many answers `_domain` lists, worked out without listing them."""
    n = len(question.options)
    return {"yes_no": 3, "choice": n + 1}.get(question.type, 2**n + 1)
