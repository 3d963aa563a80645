"""The three-valued evaluator: a leaf on an unknown fact is unknown, and all/any/not combine as specified."""

import pytest

from webapp.engine.conditions import MET, NOT_MET, UNKNOWN, Group, Leaf, evaluate, trace

PARAMS = {"min_cost": 150}
COST = Leaf("total_project_cost_hkd", "at_least", "min_cost")
ENTITY = Leaf("hk_entity", "one_of", ("incorporated", "will_incorporate"))
YES = Leaf("high_end_technology", "equals", True)


@pytest.mark.parametrize(
    "facts, expected",
    [
        ({"total_project_cost_hkd": 150}, MET),
        ({"total_project_cost_hkd": 149}, NOT_MET),
        ({"total_project_cost_hkd": None}, UNKNOWN),
        ({}, UNKNOWN),
    ],
)
def test_at_least_compares_with_the_parameter_and_unknown_stays_unknown(facts, expected):
    assert evaluate(COST, facts, PARAMS) == expected


def test_comparison_with_a_parameter_not_yet_in_force_is_unknown():
    assert evaluate(COST, {"total_project_cost_hkd": 10**9}, {}) == UNKNOWN


def test_at_most_includes_the_limit():
    leaf = Leaf("company_age_years", "at_most", "max_age")
    assert evaluate(leaf, {"company_age_years": 2}, {"max_age": 2}) == MET
    assert evaluate(leaf, {"company_age_years": 2.5}, {"max_age": 2}) == NOT_MET


@pytest.mark.parametrize(
    "leaf, value, expected",
    [
        (ENTITY, "incorporated", MET),
        (ENTITY, "branch_only", NOT_MET),
        (YES, True, MET),
        (YES, False, NOT_MET),
        (Leaf("rd_plans", "includes", "in_house_hk"), ["in_house_hk", "outside_hk"], MET),
        (Leaf("rd_plans", "includes", "in_house_hk"), [], NOT_MET),
        (Leaf("rd_plans", "includes_any", ("in_house_hk", "outside_hk")), ["outside_hk"], MET),
        (Leaf("rd_plans", "includes_any", ("in_house_hk",)), ["with_hk_research_institution"], NOT_MET),
        (Leaf("rd_plans", "answered", True), None, NOT_MET),
        (Leaf("rd_plans", "answered", True), [], MET),
        (Leaf("rd_plans", "answered", False), None, MET),
    ],
)
def test_leaf_operators(leaf, value, expected):
    assert evaluate(leaf, {leaf.fact: value}, {}) == expected


@pytest.mark.parametrize(
    "outcomes, all_expected, any_expected",
    [
        ((MET, MET), MET, MET),
        ((MET, NOT_MET), NOT_MET, MET),
        ((MET, UNKNOWN), UNKNOWN, MET),
        ((NOT_MET, UNKNOWN), NOT_MET, UNKNOWN),
        ((NOT_MET, NOT_MET), NOT_MET, NOT_MET),
        ((UNKNOWN, UNKNOWN), UNKNOWN, UNKNOWN),
    ],
)
def test_all_and_any_follow_three_valued_logic(outcomes, all_expected, any_expected):
    value_for = {MET: True, NOT_MET: False, UNKNOWN: None}
    parts = tuple(Leaf(f"q{i}", "equals", True) for i in range(len(outcomes)))
    facts = {f"q{i}": value_for[o] for i, o in enumerate(outcomes)}
    assert evaluate(Group("all", parts), facts, {}) == all_expected
    assert evaluate(Group("any", parts), facts, {}) == any_expected


@pytest.mark.parametrize("value, expected", [(True, NOT_MET), (False, MET), (None, UNKNOWN)])
def test_not_inverts_and_keeps_unknown(value, expected):
    assert evaluate(Group("not", (YES,)), {"high_end_technology": value}, {}) == expected


def test_nested_tree_reports_unknown_only_when_nothing_decides():
    tree = Group("all", (ENTITY, Group("any", (YES, COST))))
    facts = {"hk_entity": "incorporated", "high_end_technology": None, "total_project_cost_hkd": 200}
    assert evaluate(tree, facts, PARAMS) == MET
    facts["total_project_cost_hkd"] = 100
    assert evaluate(tree, facts, PARAMS) == UNKNOWN
    facts["hk_entity"] = "branch_only"
    assert evaluate(tree, facts, PARAMS) == NOT_MET


def test_trace_gives_the_outcome_of_every_part_and_the_answer_each_test_saw():
    cond = Group("all", (ENTITY, Group("any", (COST, YES))))
    facts = {"hk_entity": "incorporated", "total_project_cost_hkd": 100}
    tree = trace(cond, facts, PARAMS)
    assert tree.outcome == evaluate(cond, facts, PARAMS) == UNKNOWN
    entity, either = tree.parts
    assert (entity.outcome, entity.answer) == (MET, "incorporated")
    assert [(p.outcome, p.answer) for p in either.parts] == [(NOT_MET, 100), (UNKNOWN, None)]
