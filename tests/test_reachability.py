"""A test on a question that is never asked when the test could count is found; sound cases are left alone."""

from types import SimpleNamespace

import pytest

from tests.support.app import TODAY_DATE
from tests.support.rulefiles import edit
from webapp.engine.conditions import Group, Leaf
from webapp.rulebook.loader import load_rules
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


NEVER_ASKED = "is never asked when this test could count"


def find_tests_that_can_never_count(rules):
    """(programme id, fact) for every such test in every parsed programme, and the problems the loader reported.

    `rules.programmes` cannot be used: the loader leaves out a programme that has such a test, so it is never
    there to be checked. `rules.parsed` keeps it.
    """
    found = [
        (pid, leaf.fact)
        for pid, (programme_, _) in sorted(rules.parsed.items())
        for _, leaf, _ in dead_tests(programme_, rules.questionnaire)
    ]
    return found, [str(p) for p in rules.problems if NEVER_ASKED in str(p)]


def test_no_bundled_programme_has_a_test_that_can_never_count(bundled_rules):
    assert set(bundled_rules.programmes) <= set(bundled_rules.parsed)
    assert find_tests_that_can_never_count(bundled_rules) == ([], [])


def test_a_rule_file_with_a_test_that_can_never_count_is_caught(rules_copy):
    """The check above fails on such a file: NIAS tests high_end_technology, asked only for a new line or facility,
    and here it is made to require an upgrade instead."""
    edit(
        rules_copy / "nias.yaml",
        "one_of: [new_smart_facility, new_smart_line]\n    met:\n      en: You plan",
        "one_of: [upgrade_existing_line]\n    met:\n      en: You plan",
    )
    rules = load_rules(rules_copy, TODAY_DATE)
    assert "nias" not in rules.programmes, "left out by the loader, so a check over rules.programmes sees nothing"
    found, problems = find_tests_that_can_never_count(rules)
    assert found == [("nias", "high_end_technology")]
    assert len(problems) == 1 and problems[0].startswith("rules/nias.yaml:"), problems
