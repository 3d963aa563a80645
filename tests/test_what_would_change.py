"""What would change the outcome (webapp/engine/changes.py): the fewest answers to give or change, per criterion."""

import datetime as dt

from webapp.engine.changes import steps_to_meet, what_would_change
from webapp.engine.conditions import Group, Leaf
from webapp.engine.evaluate import evaluate_programme
from webapp.engine.model import Programme
from webapp.rulebook.schema import Programme as ProgrammeSpec

COST = Leaf("total_project_cost_hkd", "at_least", "min_cost")
AGE = Leaf("company_age_years", "at_most", "max_age")
ENTITY = Leaf("hk_entity", "equals", "incorporated")
TECH = Leaf("high_end_technology", "equals", True)
PARAMS = {"min_cost": 100, "max_age": 5}


def steps(cond, facts, params=PARAMS):
    found = steps_to_meet(cond, facts, params)
    return found if found is None else [(s.leaf.fact, s.negated, s.unknown) for s in found]


def test_an_at_most_threshold_with_no_value_in_force_cannot_be_met():
    assert steps(AGE, {"company_age_years": 9}, {}) is None
    assert steps(AGE, {"company_age_years": 9}) == [("company_age_years", False, False)]


def test_not_over_a_threshold_asks_for_the_amount_to_fall_below_it():
    assert steps(Group("not", (COST,)), {"total_project_cost_hkd": 200}) == [("total_project_cost_hkd", True, False)]
    assert steps(Group("not", (COST,)), {"total_project_cost_hkd": 50}) == []


def test_an_any_with_no_branch_that_can_be_met_cannot_be_met():
    assert steps(Group("any", (COST, AGE)), {}, {}) is None


def test_an_all_with_a_part_that_cannot_be_met_cannot_be_met():
    assert steps(Group("all", (ENTITY, COST)), {"hk_entity": "branch_only"}, {}) is None


def test_an_any_takes_the_first_of_its_closest_branches():
    tree = Group("any", (Group("all", (ENTITY, TECH)), AGE, COST))
    facts = {"hk_entity": "branch_only", "high_end_technology": False, "company_age_years": 9}
    assert steps(tree, facts) == [("company_age_years", False, False)]


def test_not_all_needs_only_one_part_to_fail_and_not_any_needs_every_part_to_fail():
    facts = {"hk_entity": "incorporated", "high_end_technology": True}
    assert steps(Group("not", (Group("all", (ENTITY, TECH)),)), facts) == [("hk_entity", True, False)]
    assert steps(Group("not", (Group("any", (ENTITY, TECH)),)), facts) == [
        ("hk_entity", True, False),
        ("high_end_technology", True, False),
    ]


def test_not_not_is_the_test_itself():
    assert steps(Group("not", (Group("not", (TECH,)),)), {"high_end_technology": False}) == [
        ("high_end_technology", False, False)
    ]


def test_an_unanswered_question_under_not_asks_to_be_told():
    assert steps(Group("not", (TECH,)), {}) == [("high_end_technology", True, True)]


def programme(**conditions):
    spec = ProgrammeSpec.model_validate(
        {
            "id": "demo",
            "name": "Demo scheme",
            "short_name": "DEMO",
            "body": "ITC",
            "kind": "funding",
            "status": "open",
            "summary": "A demo.",
            "offers": "Money.",
            "sources": [{"title": "Fact sheet", "url": "https://example.hk", "checked": "2026-01-01"}],
            "parameters": {
                "min_cost": {
                    "label": "Minimum cost",
                    "unit": "hkd",
                    "values": [{"since": "2024-01-01", "value": 100, "source": "https://example.hk"}],
                },
                "max_age": {
                    "label": "Maximum age",
                    "unit": "years",
                    "values": [{"since": "2027-01-01", "value": 5, "source": "https://example.hk"}],
                },
            },
            "criteria": [
                {"id": cid, "title": cid, "when": {}, "met": "Yes.", "not_met": "No.", "unknown": "Tell us."}
                for cid in conditions
            ],
            "next_step": {"text": "Apply."},
            "examples": [{"name": "An example.", "answers": {}, "verdict": "likely"}],
        }
    )
    return Programme(spec, dict(conditions))


def test_one_change_for_each_criterion_not_met_or_not_known_in_criteria_order():
    demo = programme(entity=ENTITY, size=COST, tech=TECH, young=AGE)
    result = evaluate_programme(
        demo, {"hk_entity": "branch_only", "total_project_cost_hkd": 200, "company_age_years": 1}, dt.date(2026, 1, 1)
    )
    changes = what_would_change(result)
    assert [c.criterion for c in changes] == ["entity", "tech"]
    assert [c.only_missing_answers for c in changes] == [False, True]
