"""Condition data from rule files: a malformed tree is reported at its line and never parses to a condition."""

import pytest

from webapp.engine.conditions import Group, Leaf
from webapp.rulebook.parser import ConditionParser
from webapp.rulebook.schema import Parameter, Question
from webapp.rulebook.yamlsource import parse_text

QUESTIONS = {
    "hk_entity": Question(
        id="hk_entity",
        type="choice",
        label="Is your company incorporated in Hong Kong?",
        name="Hong Kong incorporation",
        options=[{"value": "incorporated", "label": "Yes"}, {"value": "branch_only", "label": "No"}],
    ),
    "high_end_technology": Question(id="high_end_technology", type="yes_no", label="High-end?", name="technology"),
    "total_project_cost_hkd": Question(id="total_project_cost_hkd", type="amount", label="Cost?", name="cost"),
}
PARAMETERS = {
    "min_cost": Parameter(
        label="Minimum cost", unit="hkd", values=[{"since": "2024-01-01", "value": 100, "source": "https://x.hk"}]
    )
}


def parse(text):
    """(the parsed `when` of a one-key YAML document, the problems as (line, message))."""
    located = parse_text(text, "rule.yaml")
    cond = ConditionParser(located, QUESTIONS, PARAMETERS).parse(located.data["when"], ("when",))
    return cond, [(p.line, p.message) for p in located.problems]


def test_a_sound_tree_parses_to_groups_and_leaves_with_no_problem():
    cond, problems = parse(
        "when:\n"
        "  all:\n"
        "    - fact: hk_entity\n"
        "      equals: incorporated\n"
        "    - not:\n"
        "        fact: high_end_technology\n"
        "        equals: false\n"
        "    - fact: total_project_cost_hkd\n"
        "      at_least: min_cost\n"
    )
    assert problems == []
    assert cond == Group(
        "all",
        (
            Leaf("hk_entity", "equals", "incorporated"),
            Group("not", (Leaf("high_end_technology", "equals", False),)),
            Leaf("total_project_cost_hkd", "at_least", "min_cost"),
        ),
    )


def test_a_bare_string_inside_all_is_reported_at_its_own_line():
    cond, problems = parse("when:\n  all:\n    - fact: hk_entity\n      equals: incorporated\n    - hk_entity\n")
    assert cond is None
    assert problems == [(5, "a condition must be a mapping: all / any / not, or a test on a fact")]


def test_an_empty_mapping_is_not_a_condition():
    cond, problems = parse("when: {}\n")
    assert cond is None
    assert problems == [(1, "a condition must be a mapping: all / any / not, or a test on a fact")]


def test_a_group_key_beside_other_keys_is_reported_at_the_mapping():
    cond, problems = parse(
        "when:\n"
        "  all:\n"
        "    - fact: hk_entity\n"
        "      equals: incorporated\n"
        "    - any:\n"
        "        - fact: high_end_technology\n"
        "          equals: true\n"
        "      fact: high_end_technology\n"
        "      equals: true\n"
    )
    assert cond is None
    assert problems == [(5, "'any' must stand alone in its mapping; found also: fact, equals")]


@pytest.mark.parametrize("group", ["all", "any"])
def test_an_empty_group_is_a_problem_so_it_can_never_pass_as_met(group):
    cond, problems = parse(f"when:\n  {group}: []\n")
    assert cond is None
    assert problems == [(2, f"'{group}' takes a list of one or more conditions")]


@pytest.mark.parametrize("group", ["all", "any"])
def test_a_group_that_is_not_a_list_is_reported_under_its_key(group):
    cond, problems = parse(f"when:\n  {group}:\n    fact: hk_entity\n    equals: incorporated\n")
    assert cond is None
    assert problems == [(2, f"'{group}' takes a list of one or more conditions")]


def test_one_bad_part_fails_the_whole_group_and_each_bad_part_is_reported():
    cond, problems = parse(
        "when:\n"
        "  any:\n"
        "    - fact: hk_entity\n"
        "      equals: incorporated\n"
        "    - fact: hk_entity\n"
        "      equals: somewhere\n"
        "    - not: []\n"
    )
    assert cond is None
    assert [line for line, _ in problems] == [6, 7]
    assert "'hk_entity' has no option 'somewhere'" in problems[0][1]


def test_a_bad_condition_under_not_fails_the_not():
    cond, problems = parse("when:\n  not:\n    fact: nowhere\n    equals: true\n")
    assert cond is None
    assert problems == [(3, "unknown question id 'nowhere' (see rules/questions.yaml)")]
