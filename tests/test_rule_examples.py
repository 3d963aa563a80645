"""Every example written in every rule file runs as a test, and the examples cover every threshold."""

import datetime as dt

import pytest
import yaml

from tests.support.app import RULES, TODAY
from webapp.engine.conditions import MET, NOT_MET, Leaf, evaluate
from webapp.rulebook.examples import example_facts, run_examples
from webapp.rulebook.loader import rule_files
from webapp.rulebook.located import Located


def _english(text):
    """A rule file's text in English: the plain string, or the `en:` of its translations."""
    return text["en"] if isinstance(text, dict) else text


EXAMPLES = [
    (path.stem, i, _english(example["name"]))
    for path in rule_files(RULES)
    if path.name != "questions.yaml"
    for i, example in enumerate((yaml.safe_load(path.read_text()) or {}).get("examples") or [])
]
PROGRAMMES = sorted({stem for stem, _, _ in EXAMPLES})


def _thresholds(node):
    """(fact, operator, parameter) of every at_least or at_most test in a rule file's raw data."""
    if isinstance(node, dict):
        for op in ("at_least", "at_most"):
            if op in node and "fact" in node:
                yield node["fact"], op, node[op]
        for value in node.values():
            yield from _thresholds(value)
    elif isinstance(node, list):
        for item in node:
            yield from _thresholds(item)


# (programme, fact, operator, parameter) for every threshold a criterion tests, each once: most programmes have none.
THRESHOLDS = list(
    dict.fromkeys(
        (path.stem, *threshold)
        for path in rule_files(RULES)
        if path.name != "questions.yaml"
        for threshold in _thresholds((yaml.safe_load(path.read_text()) or {}).get("criteria"))
    )
)


def _programme(rules, pid):
    if pid not in rules.programmes:
        pytest.fail("\n".join(str(p) for p in rules.problems if p.file.endswith(f"/{pid}.yaml")))
    return rules.programmes[pid]


@pytest.mark.parametrize("pid, index, name", EXAMPLES, ids=[f"{p}: {n}" for p, _, n in EXAMPLES])
def test_rule_file_example(bundled_rules, pid, index, name):
    programme = _programme(bundled_rules, pid)
    located = Located(programme.file, None)
    today = dt.date.fromisoformat(TODAY)
    run = run_examples(located, programme, bundled_rules.questionnaire, today, bundled_rules.programmes)[index]
    assert not located.problems, located.problems
    assert run.name == name
    assert run.actual == run.expected, f"{name}: expected {run.expected}, got {run.actual}"
    assert not run.differences, run.differences


def _leaves(cond):
    if isinstance(cond, Leaf):
        yield cond
    else:
        for part in cond.parts:
            yield from _leaves(part)


def _evaluated_examples(rules, programme):
    for example in programme.spec.examples:
        facts = example_facts(Located("", None), ("answers",), example.answers, rules.questionnaire)
        yield example.as_of or dt.date.fromisoformat(TODAY), facts, example


@pytest.mark.parametrize(
    "pid, fact, op, parameter",
    THRESHOLDS,
    ids=[f"{pid}: {fact} {op} {parameter}" for pid, fact, op, parameter in THRESHOLDS],
)
def test_examples_fall_on_both_sides_of_every_threshold(bundled_rules, pid, fact, op, parameter):
    programme = _programme(bundled_rules, pid)
    runs = list(_evaluated_examples(bundled_rules, programme))
    tested = [leaf for cond in programme.conditions.values() for leaf in _leaves(cond)]
    leaf = Leaf(fact, op, parameter)
    assert leaf in tested, f"{pid}: the loaded rules have no test {fact} {op} {parameter}"
    seen = {evaluate(leaf, facts, programme.params_on(day)) for day, facts, _ in runs}
    assert {MET, NOT_MET} <= seen, f"{pid}: add examples on both sides of {leaf.fact} {leaf.op} {leaf.value}"
    for dated in programme.spec.parameters[leaf.value].values[1:]:
        days = {day >= dated.since for day, _, _ in runs}
        assert days == {True, False}, f"{pid}: add examples before and after {leaf.value} changed on {dated.since}"


@pytest.mark.parametrize("pid", PROGRAMMES)
def test_every_open_programme_has_a_possible_example(bundled_rules, pid):
    programme = _programme(bundled_rules, pid)
    verdicts = {example.verdict for example in programme.spec.examples}
    closes = programme.spec.window.closes
    if programme.status == "closed":
        # Closed for good, or closed after its window: every example after the window is closed.
        today = dt.date.fromisoformat(TODAY)
        assert "closed" in verdicts
        assert all(
            e.verdict == "closed" for e in programme.spec.examples if not closes or (e.as_of or today) > closes
        ), f"{pid}: an example after the window closed must be closed"
    if programme.spec.criteria and (programme.status != "closed" or closes):
        assert "possible" in verdicts, f"{pid} needs an example whose verdict is possible"


def test_nias_threshold_change_on_18_november_2025_is_shown_by_examples(bundled_rules):
    nias = _programme(bundled_rules, "nias")
    dates = {e.as_of: e.verdict for e in nias.spec.examples if e.name.startswith(("A HK$160m", "The same HK$160m"))}
    assert dates == {dt.date(2025, 11, 17): "unlikely", dt.date(2025, 11, 18): "likely"}
