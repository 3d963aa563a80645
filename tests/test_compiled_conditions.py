"""The compiled evaluator (conditions.compile_condition, evaluate.evaluate_programme) agrees with the condition
tree evaluator (conditions.evaluate) on every condition, every answer, every parameter and every date."""

import datetime as dt
import sys
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from bench.synthetic import write_rules
from tests.support.app import RULES, TODAY
from tests.support.strategies import DATES, answers, bundled
from webapp.engine.conditions import MET, NOT_MET, OPERATORS, UNKNOWN, Group, Leaf, compile_condition, evaluate
from webapp.engine.estimates import estimate
from webapp.engine.evaluate import evaluate_programme, prerequisite_verdicts, verdict_of
from webapp.engine.kept import shared_value
from webapp.engine.model import EstimateView, compact
from webapp.rulebook import yamlsource
from webapp.rulebook.loader import load_rules

RULESET, QUESTIONNAIRE, PROGRAMMES, CRITERIA = bundled()
QUESTIONS = QUESTIONNAIRE.questions
VERDICTS = st.sampled_from(["likely", "possible", "unlikely", "upcoming", "closed"])
PARAMS = ("low", "high", "absent")
PROPERTY = settings(max_examples=300, deadline=None)
AS_OF = dt.date.fromisoformat(TODAY)


def leaf(question):
    """A test on `question` with an operator that suits its type and a value that suits the operator."""
    options = [o.value for o in question.options]
    ops = [op for op, types in OPERATORS.items() if question.type in types and op != "programme"]
    if question.lists_programmes:
        ops.append("programme")

    def value(op):
        if op == "answered":
            return st.booleans()
        if op in ("at_least", "at_most"):
            return st.sampled_from(PARAMS)
        if op in ("one_of", "includes_any"):
            return st.lists(st.sampled_from(options), min_size=1, unique=True).map(tuple)
        if question.type == "yes_no":
            return st.booleans()
        return st.sampled_from(options)

    return st.sampled_from(ops).flatmap(lambda op: value(op).map(lambda v: Leaf(question.id, op, v)))


LEAVES = st.sampled_from(list(QUESTIONS.values())).filter(lambda q: q.type != "text").flatmap(leaf)
TREES = st.recursive(
    LEAVES,
    lambda parts: st.one_of(
        st.tuples(st.sampled_from(["all", "any"]), st.lists(parts, min_size=0, max_size=4)),
        st.tuples(st.sampled_from(["not", "judgement"]), st.lists(parts, min_size=1, max_size=1)),
    ).map(lambda made: Group(made[0], tuple(made[1]))),
    max_leaves=12,
)
PARAM_VALUES = st.fixed_dictionaries(
    {}, optional={"low": st.integers(0, 10**9) | st.floats(0, 200), "high": st.integers(0, 10**12)}
)


@PROPERTY
@given(
    TREES, answers(QUESTIONNAIRE), PARAM_VALUES, st.none() | st.dictionaries(st.sampled_from(["nias", "amc"]), VERDICTS)
)
def test_a_compiled_condition_gives_the_outcome_of_the_tree(tree, facts, params, verdicts):
    outcome = compile_condition(tree)(facts, params, verdicts)
    assert outcome == evaluate(tree, facts, params, verdicts)
    assert outcome is MET or outcome is NOT_MET or outcome is UNKNOWN  # the evaluator compares them by identity


@PROPERTY
@given(
    st.sampled_from(CRITERIA),
    answers(QUESTIONNAIRE),
    DATES,
    st.dictionaries(st.sampled_from(["nias", "amc"]), VERDICTS),
)
def test_every_bundled_criterion_compiled_gives_the_outcome_of_its_tree(chosen, facts, as_of, verdicts):
    programme, criterion = chosen
    params = programme.params_on(as_of)
    tree = programme.conditions[criterion.id]
    assert programme.compiled.tests[criterion.id](facts, params, verdicts) == evaluate(tree, facts, params, verdicts)


def by_the_tree(programme, facts, as_of, verdicts=None):
    """What evaluate_programme gave before it was compiled: (status, verdict, criteria, estimate's amount)."""
    status = programme.status_on(as_of)
    params = programme.params_on(as_of)
    used = {pid: verdicts[pid] for pid in programme.requires if verdicts and pid in verdicts}
    criteria = tuple(
        (c.id, evaluate(programme.conditions[c.id], facts, params, used), *programme.uses[c.id])
        for c in programme.criteria_on(as_of)
    )
    verdict = verdict_of(status, {outcome for _, outcome, _, _ in criteria}, bool(criteria))
    amount = None
    if programme.spec.estimate and verdict not in ("closed", "upcoming"):
        found = estimate(programme, facts, as_of)
        amount = found and found.amount
    return status, verdict, criteria, amount, used


def compiled(programme, facts, as_of, verdicts=None):
    result = evaluate_programme(programme, facts, as_of, verdicts)
    criteria = tuple((c.id, c.outcome, c.facts, c.params) for c in result.criteria)
    amount = result.estimate and result.estimate.amount
    return result.status, result.verdict, criteria, amount, result.prerequisites


@PROPERTY
@given(st.sampled_from(PROGRAMMES), answers(QUESTIONNAIRE), st.lists(DATES, min_size=1, max_size=3))
def test_every_bundled_programme_compiled_comes_out_as_by_the_tree_on_any_date(programme, facts, days):
    facts = QUESTIONNAIRE.drop_inapplicable(facts)
    for as_of in days + days:  # each date twice: once working out what the date needs, once from the cache
        verdicts = prerequisite_verdicts(programme, RULESET.programmes, facts, as_of)
        assert compiled(programme, facts, as_of, verdicts) == by_the_tree(programme, facts, as_of, verdicts)


@PROPERTY
@given(st.sampled_from(PROGRAMMES), answers(QUESTIONNAIRE), DATES)
def test_the_versions_in_each_language_share_one_compiled_programme_and_come_out_alike(programme, facts, as_of):
    facts = QUESTIONNAIRE.drop_inapplicable(facts)
    english = compiled(programme, facts, as_of)
    for lang in ("zh-Hant", "zh-Hans"):
        other = RULESET.in_language(lang).programmes[programme.id]
        assert other is not programme and other.compiled is programme.compiled
        assert compiled(other, facts, as_of) == english


@PROPERTY
@given(answers(QUESTIONNAIRE))
def test_a_questionnaire_condition_compiled_decides_as_the_tree(facts):
    for qid, cond in QUESTIONNAIRE.asked_when.items():
        assert QUESTIONNAIRE.applies(qid, facts) == (evaluate(cond, facts, {}) != NOT_MET)
        assert QUESTIONNAIRE.surely_applies(qid, facts) == (evaluate(cond, facts, {}) == MET)
    for qid, rules in QUESTIONNAIRE.derived.items():
        expected = next(((True, r) for r in rules if evaluate(r.cond, facts, {}) == MET), (False, None))
        found = QUESTIONNAIRE.derive(qid, facts)
        assert found[0] == expected[0]
        if found[0]:
            rule = expected[1]
            assert found[1] == (facts.get(rule.same_as) if rule.same_as else rule.value)


def test_generated_programmes_compiled_come_out_as_by_the_tree(tmp_path):
    rules = load_rules(write_rules(tmp_path / "rules", 30, RULES / "questions.yaml"), dt.date.fromisoformat(TODAY))
    examples = [(p, e) for p in rules.programmes.values() for e in p.spec.examples]
    assert len(examples) > 90
    for programme, example in examples:
        facts = rules.questionnaire.drop_inapplicable(example.answers)
        for as_of in (example.as_of, dt.date(2024, 1, 1), dt.date(2025, 6, 30), dt.date(2025, 7, 1)):
            verdicts = prerequisite_verdicts(programme, rules.programmes, facts, as_of)
            assert compiled(programme, facts, as_of, verdicts) == by_the_tree(programme, facts, as_of, verdicts)


def test_equal_conditions_share_one_compiled_test_and_equal_criteria_one_set_of_outcomes():
    first = Group("all", (Leaf("hk_entity", "one_of", ("incorporated",)), Leaf("listed", "equals", False)))
    again = Group("all", (Leaf("hk_entity", "one_of", ("incorporated",)), Leaf("listed", "equals", False)))
    assert first is not again and compile_condition(first) is compile_condition(again)
    by_hand = Leaf("hk_entity", "one_of", ["incorporated"])  # unhashable: compiled on its own, and still right
    assert compile_condition(by_hand)({"hk_entity": "incorporated"}, {}, None) == MET
    with_hk_company = [p for p in PROGRAMMES if "hk_company" in p.compiled.tests]
    assert len({p.compiled.tests["hk_company"] for p in with_hk_company}) < len(with_hk_company)


@PROPERTY
@given(st.sampled_from([p for p in PROGRAMMES if p.spec.estimate]), DATES, DATES)
def test_an_estimate_view_gives_the_values_the_programme_gives(programme, built_on, asked_on):
    view = EstimateView(programme.spec, built_on)
    assert view.spec.estimate == compact(programme.spec.estimate)
    assert view.spec.name == programme.spec.name and view.id == programme.id  # anything else: the spec's
    for name in programme.spec.parameters:
        for day in (built_on, asked_on):
            real = programme.value_on(name, day)
            assert view.value_on(name, day) == (None if real is None else compact(real))


def test_the_plans_hold_one_date_and_an_estimate_reads_the_parameters_the_tests_read():
    """What evaluating many programmes reads lies in few places: the plans for a date hold one date object however
    the date was given, the parameters' names are Python's shared texts, and an estimate reads its values from the
    plan's dict of parameters, unless it uses a ratio (the plan holds the government's share, the estimate the
    ratio as written). The amounts are those worked out from the programme itself."""
    day, again = dt.date(2026, 3, 2), dt.date.fromisoformat("2026-03-02")
    assert day is not again and day == again
    facts = QUESTIONNAIRE.drop_inapplicable(
        {"hk_entity": "incorporated", "total_project_cost_hkd": 9_000_000, "rd_spend_hkd": 3_000_000}
    )
    plans = {}
    for i, programme in enumerate(PROGRAMMES):
        programme.plans.clear()
        programme.last_plan = None
        for as_of in (day, again)[i % 2 :]:  # each plan made with one of two date objects
            result = evaluate_programme(programme, facts, as_of)
            assert result.as_of is as_of
            plans[programme.id] = programme.last_plan
            if result.estimate is not None:
                assert result.estimate == estimate(programme, facts, as_of)
    assert len({id(plan[0]) for plan in plans.values()}) == 1
    for plan in plans.values():
        assert all(name is sys.intern(name) for name in plan[2])
    views = {pid: plan[6] for pid, plan in plans.items() if plan[6] is not None and plan[6].values is not None}
    ratios = {pid for pid, view in views.items() if view.estimate.shape == "matching"}
    assert ratios and views.keys() - ratios  # both kinds are in the bundled rules
    for pid, view in views.items():
        assert (view.values is plans[pid][2]) == (pid not in ratios), pid
        if pid in ratios:
            programme = next(p for p in PROGRAMMES if p.id == pid)
            assert view.values[view.estimate.ratio] == programme.value_on(view.estimate.ratio, day).value


@PROPERTY
@given(st.sampled_from([p for p in PROGRAMMES if p.spec.estimate]), answers(QUESTIONNAIRE), DATES)
def test_an_evaluated_estimate_is_the_one_worked_out_from_the_programme(programme, facts, as_of):
    """Whatever the plan keeps (an estimate that no answer changes, the shared values), the estimate a Result holds
    is, field by field, the one worked out from the programme itself."""
    facts = QUESTIONNAIRE.drop_inapplicable(facts)
    for _ in range(2):  # once working out what the date needs, once from what was kept
        result = evaluate_programme(programme, facts, as_of)
        if result.verdict not in ("closed", "upcoming"):
            assert result.estimate == estimate(programme, facts, as_of)


def test_an_estimate_no_answer_changes_is_made_once_and_equal_thresholds_are_one_object(tmp_path):
    """Evaluating many programmes writes and reads less: an estimate that is the same for every company (a fixed
    amount, or the answer it works on not given) is made once per plan and shared by the Results; one worked out
    from an answer is made for each check. Equal parameter values (of the same type) in the plans are one object,
    and so are the estimates' tuples of parameter names."""
    rules = load_rules(write_rules(tmp_path / "rules", 40, RULES / "questions.yaml"), AS_OF)
    programmes = [p for p in rules.programmes.values() if p.spec.estimate and p.status_on(AS_OF) != "closed"]
    shapes = set()
    for programme in programmes:
        programme.plans.clear()
        programme.last_plan = None
        some, other = {"hk_entity": "incorporated"}, {"hk_entity": "branch_only", "company_age_years": 2}
        first, again = evaluate_programme(programme, some, AS_OF).estimate, evaluate_programme(programme, other, AS_OF)
        assert first is again.estimate and first == estimate(programme, other, AS_OF)
        amounts = {**some, first.needs or "total_project_cost_hkd": 9_000_000}  # the answer it works on
        answered = [evaluate_programme(programme, amounts, AS_OF).estimate for _ in range(2)]
        assert answered[0] == answered[1] == estimate(programme, amounts, AS_OF)
        if first.shape == "fixed":
            assert answered[0] is first
        else:
            assert first.amount is None and answered[0].amount is not None and answered[0] is not answered[1]
        shapes.add(first.shape)
    assert shapes == {"fixed", "matching", "percentage", "tiered"}
    # The same files read again, their numbers made anew (as the load's helper process gives them: marshal makes
    # its own objects): the plans hold the values of the first reading.
    yamlsource._PLAIN_VALUES.clear()
    again = load_rules(tmp_path / "rules", AS_OF).programmes
    assert any(
        value is not programmes[0].params_on(AS_OF)[name] and value == programmes[0].params_on(AS_OF)[name]
        for name, value in again[programmes[0].id].params_on(AS_OF).items()
    )
    for programme in programmes:
        evaluate_programme(again[programme.id], {}, AS_OF)
        plans = programme.last_plan[2], again[programme.id].last_plan[2]
        assert plans[0] is not plans[1] and all(plans[0][name] is value for name, value in plans[1].items())
    values = [value for p in programmes for value in p.last_plan[2].values()]
    assert len({id(value) for value in values}) == len({(type(value), value) for value in values}) < len(values)
    names = [p.last_plan[6].names for p in programmes]
    assert len({id(n) for n in names}) == len(set(names)) < len(names)
    assert shared_value(int("1000001")) is shared_value(int("1000001"))
    for one, other in ((0.0, -0.0), (1, True), (1, 1.0)):  # equal, but not the same on a page
        assert shared_value(one) is not shared_value(other) and shared_value(other) is shared_value(other)


def test_the_same_outcomes_on_the_same_date_give_the_same_tuple_of_criteria():
    programme = next(p for p in PROGRAMMES if p.id == "nias")
    facts = {"hk_entity": "incorporated"}
    first, again = evaluate_programme(programme, facts, AS_OF), evaluate_programme(programme, dict(facts), AS_OF)
    assert first.criteria is again.criteria and first is not again
    other = evaluate_programme(programme, {"hk_entity": "branch_only"}, AS_OF)
    assert other.criteria != first.criteria


def test_programmes_with_the_same_criteria_share_the_tuples_of_outcomes_and_still_get_their_own():
    """The tuples of criteria outcomes are kept per set of criteria, not per programme (a thousand programmes read
    a few shared dicts): two programmes with the same criteria and different thresholds share the dict, and each
    gets the outcomes of its own thresholds."""
    same = {}
    for programme in PROGRAMMES:
        evaluate_programme(programme, {}, AS_OF)
        same.setdefault(tuple(c.id for c in programme.criteria_on(AS_OF)), []).append(programme)
    shared = [group for group in same.values() if len(group) > 1 and all(p.compiled.uses for p in group)]
    for group in shared:
        assert len({id(p.last_plan[7]) for p in group}) == 1
    with tempfile.TemporaryDirectory() as tmp:
        rules = load_rules(write_rules(Path(tmp) / "rules", 30, RULES / "questions.yaml"), AS_OF)
    by_criteria = {}
    for programme in rules.programmes.values():
        by_criteria.setdefault(tuple(c.id for c in programme.criteria_on(AS_OF)), []).append(programme)
    group = max(by_criteria.values(), key=len)
    assert len(group) > 2
    facts = {"company_age_years": 6, "industry": "microelectronics", "hk_entity": "incorporated"}
    seen = set()
    for programme in group:
        got = evaluate_programme(programme, facts, AS_OF)
        want = {c.id: evaluate(programme.conditions[c.id], facts, programme.params_on(AS_OF)) for c in got.criteria}
        assert {c.id: c.outcome for c in got.criteria} == want
        seen.add(tuple(want.values()))
    assert len(seen) > 1  # the thresholds differ enough to give different outcomes
    assert len({id(p.last_plan[7]) for p in group}) == 1
