"""Every kind of mistake in a rule file is reported with the file name and the line, and the rest still loads."""

import re

import pytest

from tests.support.app import TODAY_DATE
from tests.support.rulefiles import CASES, edit, line_of
from webapp.rulebook.loader import load_rules


def problems_for(rules_dir, name):
    rules = load_rules(rules_dir, TODAY_DATE)
    return rules, [str(p) for p in rules.problems if p.file.endswith("/" + name)]


@pytest.mark.parametrize("name, old, new, marker, message", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_rule_file_mistake_is_reported_with_file_and_line(rules_copy, name, old, new, marker, message):
    edit(rules_copy / name, old, new)
    rules, problems = problems_for(rules_copy, name)
    expected_prefix = f"rules/{name}:{line_of(rules_copy / name, marker)}: "
    assert any(p.startswith(expected_prefix) and message in p for p in problems), problems
    assert name.split(".")[0] not in rules.programmes
    assert "vpas" in rules.programmes, "the other programmes must still load"


def test_every_problem_in_a_file_is_reported_not_just_the_first(rules_copy):
    edit(rules_copy / "nias.yaml", "kind: funding", "kind: grant")
    edit(rules_copy / "nias.yaml", "short_name: NIAS", "short_name: NIAS\nshortname: x")
    _, problems = problems_for(rules_copy, "nias.yaml")
    assert len(problems) >= 2


def test_questionnaire_mistakes_are_located(rules_copy):
    path = rules_copy / "questions.yaml"
    edit(path, "- id: government_subvented\n        type: yes_no", "- id: government_subvented\n        type: boolean")
    rules = load_rules(rules_copy, TODAY_DATE)
    line = line_of(path, "type: boolean")
    assert any(str(p).startswith(f"rules/questions.yaml:{line}: 'type'") for p in rules.problems), rules.problems
    assert rules.questionnaire is None and not rules.programmes


def test_questionnaire_condition_on_unknown_question_is_located(rules_copy):
    path = rules_copy / "questions.yaml"
    edit(path, "          fact: rd_plans\n", "          fact: research_plans\n")
    rules = load_rules(rules_copy, TODAY_DATE)
    line = line_of(path, "fact: research_plans")
    assert f"rules/questions.yaml:{line}: unknown question id 'research_plans' (see rules/questions.yaml)" in [
        str(p) for p in rules.problems
    ]


def test_duplicate_option_values_are_reported(rules_copy):
    path = rules_copy / "questions.yaml"
    edit(path, "          - value: office_only", "          - value: production_floor")
    rules = load_rules(rules_copy, TODAY_DATE)
    line = line_of(path, "- value: production_floor", 2)
    assert f"rules/questions.yaml:{line}: option value 'production_floor' is repeated" in [
        str(p) for p in rules.problems
    ]


def test_duplicate_programme_ids_across_files_are_reported(rules_copy):
    (rules_copy / "nias.yml").write_text((rules_copy / "nias.yaml").read_text())
    rules = load_rules(rules_copy, TODAY_DATE)
    assert any(str(p).startswith("rules/nias.yml:1: duplicate programme id 'nias'") for p in rules.problems)


def test_an_empty_file_is_reported(rules_copy):
    (rules_copy / "empty.yaml").write_text("")
    rules = load_rules(rules_copy, TODAY_DATE)
    assert "rules/empty.yaml:1: the file is empty" in [str(p) for p in rules.problems]
    assert len(rules.programmes) >= 6


def test_the_bundled_rules_load_without_problems(bundled_rules):
    assert [str(p) for p in bundled_rules.problems] == []
    assert {"nias", "nido", "innopark", "amc", "mec", "vpas"} <= set(bundled_rules.programmes)


def test_a_programme_without_sources_is_rejected(rules_copy):
    path = rules_copy / "vpas.yaml"
    path.write_text(re.sub(r"sources:\n(?:  .*\n)+", "sources: []\n", path.read_text(), count=1))
    rules = load_rules(rules_copy, TODAY_DATE)
    line = line_of(path, "sources: []")
    assert any(str(p).startswith(f"rules/vpas.yaml:{line}: 'sources'") for p in rules.problems), rules.problems


def test_a_source_without_a_checked_date_is_rejected(rules_copy):
    path = rules_copy / "nias.yaml"
    edit(path, "    checked: 2026-11-25\n", "")
    rules = load_rules(rules_copy, TODAY_DATE)
    line = line_of(path, "  - title:\n      en: ITF, New Industrialisation Acceleration Scheme")
    assert f"rules/nias.yaml:{line}: missing required key 'checked'" in [str(p) for p in rules.problems]
