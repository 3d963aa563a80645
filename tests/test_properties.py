"""Properties of the evaluator that hold for every answer: it never raises, an answer only settles, more is more."""

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.strategies import DATES, answer, answers, bundled
from webapp.engine.conditions import MET, NOT_MET, UNKNOWN, Group, Leaf, evaluate
from webapp.engine.report import build_report
from webapp.wording.results import word_report

RULESET, QUESTIONNAIRE, PROGRAMMES, CRITERIA = bundled()
QUESTIONS = QUESTIONNAIRE.questions
PROPERTY = settings(max_examples=200, deadline=None)


def leaves(cond, negated=False):
    """(leaf, True when it sits under an odd number of `not`s) for every leaf of a condition."""
    if isinstance(cond, Leaf):
        yield cond, negated
        return
    for part in cond.parts:
        yield from leaves(part, negated ^ (cond.op == "not"))


def outcome(programme, criterion, facts, as_of):
    return evaluate(programme.conditions[criterion.id], facts, programme.params_on(as_of))


@PROPERTY
@given(answers(QUESTIONNAIRE), DATES)
def test_evaluating_any_acceptable_answers_never_raises(facts, as_of):
    report = build_report(RULESET, QUESTIONNAIRE.drop_inapplicable(facts), as_of)
    assert len(report.results) == len([p for p in PROGRAMMES if p.listed_on(as_of)])  # none before it opened
    assert word_report(report, QUESTIONNAIRE).summary


@st.composite
def criterion_and_fact(draw):
    """A criterion, one fact it tests that is not an `answered` test, and a value for that fact."""
    programme, criterion = draw(st.sampled_from(CRITERIA))
    cond = programme.conditions[criterion.id]
    # `answered` treats "not answered" as a fact in itself, so it is deliberately not three-valued.
    testable = sorted(
        {leaf.fact for leaf, _ in leaves(cond)} - {leaf.fact for leaf, _ in leaves(cond) if leaf.op == "answered"}
    )
    fact = draw(st.sampled_from(testable))
    return programme, criterion, fact, draw(answer(QUESTIONS[fact]).filter(lambda v: v is not None))


@PROPERTY
@given(criterion_and_fact(), answers(QUESTIONNAIRE, complete=True), DATES)
def test_answering_an_unknown_fact_only_settles_an_outcome_never_flips_it(chosen, facts, as_of):
    programme, criterion, fact, value = chosen
    before = outcome(programme, criterion, {**facts, fact: None}, as_of)
    after = outcome(programme, criterion, {**facts, fact: value}, as_of)
    assert before == UNKNOWN or after == before, (programme.id, criterion.id, fact, value)


INCREASING = [
    (p, c, leaf.fact)
    for p, c in CRITERIA
    for leaf, negated in leaves(p.conditions[c.id])
    if leaf.op == "at_least"
    and not negated
    and all(other.op == "at_least" and not neg for other, neg in leaves(p.conditions[c.id]) if other.fact == leaf.fact)
]


@PROPERTY
@given(st.sampled_from(INCREASING), answers(QUESTIONNAIRE, complete=True), st.integers(0, 10**12), DATES)
def test_raising_an_amount_never_makes_an_at_least_condition_fail(chosen, facts, extra, as_of):
    programme, criterion, fact = chosen
    base = facts[fact] if facts[fact] is not None else 0
    before = outcome(programme, criterion, {**facts, fact: base}, as_of)
    after = outcome(programme, criterion, {**facts, fact: base + extra}, as_of)
    assert before != MET or after == MET, (programme.id, criterion.id, fact, base, extra)


# The same two properties for any condition tree, not only the bundled ones.
FACTS = ("a", "b", "c")
LEAF = st.one_of(
    st.builds(Leaf, st.sampled_from(FACTS), st.just("at_least"), st.sampled_from(["low", "high"])),
    st.builds(Leaf, st.sampled_from(FACTS), st.just("at_most"), st.sampled_from(["low", "high"])),
    st.builds(Leaf, st.sampled_from(FACTS), st.just("equals"), st.integers(0, 3)),
)
TREE = st.recursive(
    LEAF,
    lambda inner: (
        st.builds(Group, st.sampled_from(["all", "any"]), st.lists(inner, min_size=1, max_size=3).map(tuple))
        | inner.map(lambda part: Group("not", (part,)))
    ),
    max_leaves=8,
)
VALUES = st.fixed_dictionaries({f: st.none() | st.integers(0, 3) for f in FACTS})
PARAMS = {"low": 1, "high": 2}


@settings(max_examples=500, deadline=None)
@given(TREE, VALUES, st.sampled_from(FACTS), st.integers(0, 3))
def test_in_any_condition_tree_an_answer_only_settles_unknown(tree, facts, fact, value):
    before = evaluate(tree, {**facts, fact: None}, PARAMS)
    after = evaluate(tree, {**facts, fact: value}, PARAMS)
    assert before == UNKNOWN or after == before
    assert before in (MET, NOT_MET, UNKNOWN)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(FACTS), st.sampled_from(["low", "high"]), VALUES, st.integers(0, 3), st.integers(0, 5))
def test_an_at_least_test_stays_met_when_the_amount_rises(fact, param, facts, value, extra):
    leaf = Leaf(fact, "at_least", param)
    if evaluate(leaf, {**facts, fact: value}, PARAMS) == MET:
        assert evaluate(leaf, {**facts, fact: value + extra}, PARAMS) == MET
