"""A test on a question that is never asked when the test could count is found; sound cases are left alone."""

from types import SimpleNamespace

import pytest

from webapp.engine.conditions import Group, Leaf
from webapp.rulebook.reachability import dead_tests

HIGH_TECH = Leaf("high_end_technology", "equals", True)
UPGRADE = Leaf("production_plan", "equals", "upgrade_existing_line")
NEW_LINE = Leaf("production_plan", "one_of", ("new_smart_line",))
EITHER = Leaf("production_plan", "one_of", ("new_smart_facility", "upgrade_existing_line"))
MARKETS = Leaf("expand_markets", "equals", True)


def programme(*conditions):
    """A stand-in programme whose criteria are `conditions`, in order."""
    criteria = [SimpleNamespace(id=f"c{i}") for i in range(len(conditions))]
    return SimpleNamespace(
        conditions={c.id: cond for c, cond in zip(criteria, conditions, strict=True)},
        spec=SimpleNamespace(criteria=criteria),
    )


def dead(bundled_rules, *conditions):
    return [
        (path, leaf.fact, facts)
        for path, leaf, facts in dead_tests(programme(*conditions), bundled_rules.questionnaire)
    ]


def test_a_test_ruled_out_by_another_criterion_is_found(bundled_rules):
    assert dead(bundled_rules, UPGRADE, HIGH_TECH) == [
        (("criteria", 1, "when"), "high_end_technology", ["production_plan"])
    ]


def test_a_test_ruled_out_by_a_sibling_in_the_same_all_is_found(bundled_rules):
    found = dead(bundled_rules, Group("all", (UPGRADE, HIGH_TECH)))
    assert found == [(("criteria", 0, "when", "all", 1), "high_end_technology", ["production_plan"])]


def test_an_asked_when_written_with_not_is_understood(bundled_rules):
    assert [fact for _, fact, _ in dead(bundled_rules, UPGRADE, MARKETS)] == ["expand_markets"]


@pytest.mark.parametrize(
    "conditions",
    [
        (NEW_LINE, HIGH_TECH),  # the question is asked for a new smart line
        (EITHER, HIGH_TECH),  # one of the allowed plans lets it be asked
        (Group("any", (UPGRADE, NEW_LINE)), HIGH_TECH),  # an `any` can be met without the upgrade
        (UPGRADE, Group("not", (HIGH_TECH,))),  # a negated test is not followed
        (UPGRADE, Leaf("high_end_technology", "answered", False)),  # met precisely when not asked
        (Leaf("total_project_cost_hkd", "answered", True), HIGH_TECH),  # no test on the asked_when's question
    ],
)
def test_tests_that_can_count_are_not_reported(bundled_rules, conditions):
    assert dead(bundled_rules, *conditions) == []


def test_criteria_that_contradict_each_other_are_a_different_mistake(bundled_rules):
    assert dead(bundled_rules, UPGRADE, NEW_LINE, HIGH_TECH) == []


def test_no_bundled_programme_has_a_test_that_can_never_count(bundled_rules):
    for programme_ in bundled_rules.programmes.values():
        assert list(dead_tests(programme_, bundled_rules.questionnaire)) == [], programme_.id
