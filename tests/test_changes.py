"""What would change the outcome: worked out from the condition tree, smallest change first."""

from tests.support.api import GOOD, by_id, check, full_check
from webapp.engine.changes import steps_to_meet
from webapp.engine.conditions import Group, Leaf

COST = Leaf("total_project_cost_hkd", "at_least", "min_cost")
OWN = Leaf("own_investment_hkd", "at_least", "min_own")
ENTITY = Leaf("hk_entity", "one_of", ("incorporated", "will_incorporate"))
TECH = Leaf("high_end_technology", "equals", True)
PARAMS = {"min_cost": 150, "min_own": 100}


def facts_of(steps):
    return [(s.leaf.fact, s.negated, s.unknown) for s in steps]


def test_a_met_condition_needs_no_change():
    assert steps_to_meet(ENTITY, {"hk_entity": "incorporated"}, PARAMS) == ()


def test_a_single_leaf_not_met_needs_that_answer_changed():
    assert facts_of(steps_to_meet(ENTITY, {"hk_entity": "branch_only"}, PARAMS)) == [("hk_entity", False, False)]


def test_an_unknown_fact_asks_to_be_told():
    assert facts_of(steps_to_meet(TECH, {}, PARAMS)) == [("high_end_technology", False, True)]


def test_all_needs_every_part_that_is_not_met_together():
    tree = Group("all", (COST, OWN, ENTITY))
    steps = steps_to_meet(
        tree, {"total_project_cost_hkd": 120, "own_investment_hkd": 90, "hk_entity": "incorporated"}, PARAMS
    )
    assert [s.leaf.fact for s in steps] == ["total_project_cost_hkd", "own_investment_hkd"]


def test_any_reports_only_the_closest_branch():
    tree = Group("any", (Group("all", (COST, OWN)), TECH))
    facts = {"total_project_cost_hkd": 100, "own_investment_hkd": 50, "high_end_technology": False}
    assert facts_of(steps_to_meet(tree, facts, PARAMS)) == [("high_end_technology", False, False)]


def test_not_is_pushed_down_to_the_leaves():
    tree = Group("not", (Group("any", (ENTITY, TECH)),))
    steps = steps_to_meet(tree, {"hk_entity": "incorporated", "high_end_technology": False}, PARAMS)
    assert facts_of(steps) == [("hk_entity", True, False)]


def test_a_threshold_with_no_value_in_force_cannot_be_met():
    assert steps_to_meet(COST, {"total_project_cost_hkd": 1}, {}) is None


def nias_changes(client, **answers):
    return by_id(full_check(client, {"answers": {**GOOD, **answers}}))["nias"]


def test_parameter_threshold_change_names_the_value_in_force_and_what_was_said(client):
    nias = nias_changes(client, total_project_cost_hkd=120_000_000, own_investment_hkd=90_000_000)
    assert [c["text"] for c in nias["what_would_change"]] == [
        "If the total project cost were at least HK$150m (you said HK$120m) and the company's own investment "
        "were at least HK$100m (you said HK$90m)"
    ]
    assert nias["what_would_change"][0]["questions"] == ["total_project_cost_hkd", "own_investment_hkd"]


def test_changes_for_a_choice_and_an_unknown_answer_are_worded_plainly(client):
    nias = nias_changes(client, hk_entity="branch_only", government_subvented=None)
    texts = [c["text"] for c in nias["what_would_change"]]
    assert texts[0].startswith("If you answered “Yes, incorporated in Hong Kong” or “Not yet, but we will")
    assert texts[0].endswith("(you said “No, only a branch or a business registration”)")
    assert texts[1] == (
        "Tell us your answer to “Is your company government-subvented, or a subsidiary of a subvented organisation?”"
    )


def test_a_programme_one_change_to_the_plans_from_likely_is_a_near_miss(client):
    smaller = {**GOOD, "total_project_cost_hkd": 140_000_000, "own_investment_hkd": 100_000_000}
    results = by_id(check(client, {"answers": smaller}))
    assert results["nias"]["near_miss"] is True
    assert results["nias"]["group"] == "near_miss"
    assert results["nias"]["verdict"] == "unlikely"
    assert len(results["nias"]["what_would_change"]) == 1


def test_a_change_to_what_the_company_is_never_makes_a_near_miss(client):
    results = by_id(
        check(client, {"answers": {**GOOD, "industry": "fintech", "project_technologies": ["other_technology"]}})
    )
    assert results["nias"]["verdict"] == "unlikely"
    assert results["nias"]["near_miss"] is False
    assert results["nias"]["group"] == "unlikely"


def test_two_changes_away_is_not_a_near_miss(client):
    answers = {**GOOD, "project_technologies": ["other_technology"], "hk_entity": "branch_only"}
    results = by_id(check(client, {"answers": answers}))
    assert results["nias"]["near_miss"] is False and results["nias"]["group"] == "unlikely"


def test_likely_programmes_need_no_change(client):
    assert by_id(check(client, {"answers": GOOD}))["nias"]["what_would_change"] == []
