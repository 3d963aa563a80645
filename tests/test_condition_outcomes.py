"""Condition trees (webapp/engine/conditions.py): the outcome of each test at its edges, and what a tree names."""

import pytest

from webapp.engine.conditions import MET, NOT_MET, UNKNOWN, Group, Leaf, evaluate, trace

COST = Leaf("total_project_cost_hkd", "at_least", "min_cost")
AGE = Leaf("company_age_years", "at_most", "max_age")
ENTITY = Leaf("hk_entity", "equals", "incorporated")
NOT_TECH = Leaf("high_end_technology", "equals", False)


@pytest.mark.parametrize(
    "leaf, value, limit, expected",
    [
        (COST, 0, 0, MET),
        (COST, 0, 1, NOT_MET),
        (COST, 1, 0, MET),
        (AGE, 0, 0, MET),
        (AGE, 1, 0, NOT_MET),
        (AGE, 0, 5, MET),
    ],
)
def test_zero_is_an_answer_and_a_threshold_like_any_other(leaf, value, limit, expected):
    params = {"min_cost": limit, "max_age": limit}
    assert evaluate(leaf, {leaf.fact: value}, params) == expected


def test_a_test_for_a_no_answer_is_met_by_no():
    assert evaluate(NOT_TECH, {"high_end_technology": False}, {}) == MET
    assert evaluate(NOT_TECH, {"high_end_technology": True}, {}) == NOT_MET
    assert evaluate(NOT_TECH, {}, {}) == UNKNOWN


def test_a_test_that_a_question_is_not_answered_fails_once_it_is():
    leaf = Leaf("rd_spend_hkd", "answered", False)
    assert evaluate(leaf, {"rd_spend_hkd": 0}, {}) == NOT_MET
    assert evaluate(leaf, {}, {}) == MET


def test_an_at_most_threshold_with_no_value_in_force_is_unknown():
    assert evaluate(AGE, {"company_age_years": 1}, {}) == UNKNOWN


def test_one_of_and_includes_any_need_a_listed_value():
    one_of = Leaf("industry", "one_of", ("fintech", "ai"))
    assert evaluate(one_of, {"industry": "ai"}, {}) == MET
    assert evaluate(one_of, {"industry": "food"}, {}) == NOT_MET
    any_of = Leaf("rd_plans", "includes_any", ("in_house_hk", "outside_hk"))
    assert evaluate(any_of, {"rd_plans": ["with_university", "outside_hk"]}, {}) == MET
    assert evaluate(any_of, {"rd_plans": ["with_university"]}, {}) == NOT_MET


def test_one_of_compares_whole_option_values_not_parts_of_them():
    assert evaluate(Leaf("industry", "one_of", ("tech", "ai")), {"industry": "fintech"}, {}) == NOT_MET
    assert evaluate(Leaf("industry", "equals", "tech"), {"industry": "fintech"}, {}) == NOT_MET


def test_a_comparison_names_its_threshold_and_other_tests_name_none():
    assert list(COST.params()) == ["min_cost"]
    assert list(AGE.params()) == ["max_age"]
    assert list(ENTITY.params()) == []
    assert list(Leaf("industry", "one_of", ("min_cost",)).params()) == []


def test_a_tree_names_every_question_and_threshold_of_its_parts_in_order():
    tree = Group("any", (Group("all", (ENTITY, COST)), Group("not", (AGE,)), COST))
    assert list(tree.facts()) == ["hk_entity", "total_project_cost_hkd", "company_age_years", "total_project_cost_hkd"]
    assert list(tree.params()) == ["min_cost", "max_age", "min_cost"]


def test_the_trace_of_a_not_inverts_its_part_and_keeps_the_answer_seen():
    tree = trace(Group("not", (COST,)), {"total_project_cost_hkd": 50}, {"min_cost": 100})
    assert tree.outcome == MET and tree.answer is None
    [part] = tree.parts
    assert (part.cond, part.outcome, part.answer, part.parts) == (COST, NOT_MET, 50, ())


def test_the_trace_of_an_any_gives_each_part_in_order():
    tree = trace(Group("any", (ENTITY, COST)), {"hk_entity": "incorporated"}, {"min_cost": 100})
    assert tree.outcome == evaluate(Group("any", (ENTITY, COST)), {"hk_entity": "incorporated"}, {"min_cost": 100})
    assert [(p.outcome, p.answer) for p in tree.parts] == [(MET, "incorporated"), (UNKNOWN, None)]
