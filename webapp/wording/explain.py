"""One programme's evaluation written out as a tree: every test, the answer it saw and its outcome."""

from __future__ import annotations

from webapp.engine.conditions import Leaf, trace
from webapp.engine.evaluate import evaluate_programme, prerequisite_verdicts
from webapp.wording.estimates import explanation
from webapp.wording.parameters import value_words


def explain(programme, facts: dict, ignored: list, as_of, programmes: dict | None = None) -> list:
    """Lines of text for `flask rules explain`, in the order the programme's file lists its criteria."""
    verdicts = prerequisite_verdicts(programme, programmes or {}, facts, as_of)
    result = evaluate_programme(programme, facts, as_of, verdicts)
    lines = [
        f"{programme.short_name} ({programme.file}) as of {as_of}: status {result.status}, verdict {result.verdict}"
    ]
    lines += [f"  ignored answer: {qid} (its question is not asked, given the other answers)" for qid in ignored]
    lines += [f"  requires {pid}: its verdict for these answers is {verdict}" for pid, verdict in verdicts.items()]
    params = programme.params_on(as_of)
    for criterion in programme.criteria_on(as_of):
        tree = trace(programme.conditions[criterion.id], facts, params, verdicts)
        lines.append(f"criterion {criterion.id} ({criterion.title}): {tree.outcome}")
        lines += _tree(tree, programme, as_of, 1)
    if result.estimate:
        lines.append(f"estimate: {explanation(result.estimate)}")
    return lines


def _tree(node, programme, as_of, depth) -> list:
    pad = "  " * depth
    if isinstance(node.cond, Leaf):
        return [f"{pad}[{node.outcome}] {_test(node.cond, programme, as_of)}; answer: {_shown(node.answer)}"]
    lines = [f"{pad}[{node.outcome}] {node.cond.op}"]
    for part in node.parts:
        lines += _tree(part, programme, as_of, depth + 1)
    return lines


def _test(leaf: Leaf, programme, as_of) -> str:
    if leaf.op == "programme":
        return f"{leaf.fact} includes {leaf.value}, or approval under {leaf.value} may still come"
    if leaf.op not in ("at_least", "at_most"):
        return f"{leaf.fact} {leaf.op} {_shown(leaf.value)}"
    words = value_words(programme, leaf.value, as_of)
    if words is None:
        return f"{leaf.fact} {leaf.op} {leaf.value} (no value in force on {as_of})"
    return f"{leaf.fact} {leaf.op} {leaf.value} = {words.words} (since {words.dated.since})"


def _shown(value) -> str:
    """A value written as in the rule files."""
    if value is None:
        return "not answered"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return str(value)
