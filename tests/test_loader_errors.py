"""Every kind of mistake in a rule file is reported with the file name and the line, and the rest still loads."""

import datetime as dt
import re

import pytest

from webapp.rulebook.loader import load_rules

TODAY = dt.date(2026, 11, 25)


def line_of(path, text, occurrence=1):
    """1-based line number of the `occurrence`-th line containing `text` ("text#2": the second)."""
    if "#" in text:
        text, occurrence = text.split("#")[0], int(text.split("#")[1])
    hits = [i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line]
    assert len(hits) >= occurrence, f"{text!r} not in {path}"
    return hits[occurrence - 1]


def edit(path, old, new, count=1):
    text = path.read_text()
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count))


def problems_for(rules_dir, name):
    rules = load_rules(rules_dir, TODAY)
    return rules, [str(p) for p in rules.problems if p.file.endswith("/" + name)]


# (description, file, old text, new text, text on the reported line, words in the message)
CASES = [
    ("yaml syntax", "nias.yaml", "kind: funding", "kind: [funding", "status: open", "YAML syntax error"),
    (
        "unknown key",
        "nias.yaml",
        "short_name: NIAS",
        "short_name: NIAS\nshortname: NIAS",
        "shortname:",
        "unknown key 'shortname' (did you mean 'short_name'?)",
    ),
    (
        "missing required key",
        "nias.yaml",
        "short_name: NIAS\n",
        "",
        "id: nias",
        "missing required key 'short_name'",
    ),
    ("wrong type", "nias.yaml", "    official: false\n", "    official: maybe\n", "official: maybe", "'official'"),
    ("bad enum", "nias.yaml", "kind: funding", "kind: grant", "kind: grant", "'kind'"),
    ("bad date", "nias.yaml", "checked: 2026-11-25", "checked: 2026-13-45", "checked: 2026-13-45", "'checked'"),
    (
        "unknown question id",
        "nias.yaml",
        "      fact: government_subvented",
        "      fact: subvented",
        "fact: subvented",
        "unknown question id 'subvented'",
    ),
    (
        "unknown option",
        "nias.yaml",
        "one_of: [life_health_tech,",
        "one_of: [life_science,",
        "one_of: [life_science",
        "'industry' has no option 'life_science'",
    ),
    (
        "undefined parameter",
        "nias.yaml",
        "at_least: min_own_investment",
        "at_least: min_own_money",
        "at_least: min_own_money",
        "undefined parameter 'min_own_money'",
    ),
    (
        "literal threshold",
        "nias.yaml",
        "at_least: min_own_investment",
        "at_least: 100000000",
        "at_least: 100000000",
        "named, dated parameter",
    ),
    (
        "unknown operator",
        "nias.yaml",
        "at_least: min_own_investment",
        "greater_than: min_own_investment",
        "greater_than:",
        "unknown operator 'greater_than'",
    ),
    (
        "operator for the wrong type",
        "nias.yaml",
        "      equals: false",
        "      at_least: max_funding",
        "at_least: max_funding",
        "'at_least' does not apply to 'government_subvented'",
    ),
    (
        "dates out of order",
        "nias.yaml",
        "      - since: 2025-11-18",
        "      - since: 2024-01-01",
        "since: 2024-01-01",
        "dates must be in order",
    ),
    (
        "window closes before it opens",
        "nias.yaml",
        "  opens: 2024-09-16",
        "  opens: 2024-09-16\n  closes: 2024-01-01",
        "closes: 2024-01-01",
        "closes (2024-01-01) before it opens",
    ),
    (
        "duplicate criterion id",
        "nias.yaml",
        "  - id: not_subvented",
        "  - id: hk_company",
        "- id: hk_company#2",
        "duplicate criterion id 'hk_company'",
    ),
    (
        "duplicate key",
        "nias.yaml",
        "short_name: NIAS",
        "short_name: NIAS\nshort_name: NIAS2",
        "short_name: NIAS2",
        "duplicate key 'short_name'",
    ),
    ("stem is not the id", "nias.yaml", "id: nias", "id: nias2", "id: nias2", "must equal the file name 'nias'"),
    (
        "wrong example verdict",
        "nias.yaml",
        "    verdict: likely\n    estimate_hkd: 200000000",
        "    verdict: unlikely\n    estimate_hkd: 200000000",
        "- name: A Hong Kong life-science company building",
        "expected unlikely, got likely",
    ),
    (
        "wrong example estimate",
        "nias.yaml",
        "estimate_hkd: 200000000",
        "estimate_hkd: 150000000",
        "- name: A Hong Kong life-science company building",
        "estimate_hkd: expected 150000000",
    ),
    (
        "example with unknown answer id",
        "nias.yaml",
        "      high_end_technology: true\n    verdict: likely\n    estimate_hkd: 200000000",
        "      high_tech: true\n    verdict: likely\n    estimate_hkd: 200000000",
        "high_tech: true",
        "unknown question id 'high_tech'",
    ),
    (
        "example answer of the wrong type",
        "nias.yaml",
        "total_project_cost_hkd: 600000000",
        "total_project_cost_hkd: lots",
        "total_project_cost_hkd: lots",
        "must be a number",
    ),
    (
        "undefined placeholder",
        "nias.yaml",
        "en: Up to {max_funding}",
        "en: Up to {max_grant}",
        "en: Up to {max_grant}",
        "{max_grant}, which is not a parameter",
    ),
    ("bad ratio", "nias.yaml", 'value: "1:2"', 'value: "one to two"', 'value: "one to two"', "a ratio is written"),
    (
        "estimate of a non-amount",
        "nias.yaml",
        "  of: total_project_cost_hkd",
        "  of: industry",
        "of: industry",
        "'of' must name an amount question",
    ),
    ("bad source url", "nias.yaml", "url: http://tvnet.hk", "url: tvnet.hk", "url: tvnet.hk", "'url'"),
]


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
    rules = load_rules(rules_copy, TODAY)
    line = line_of(path, "type: boolean")
    assert any(str(p).startswith(f"rules/questions.yaml:{line}: 'type'") for p in rules.problems), rules.problems
    assert rules.questionnaire is None and not rules.programmes


def test_questionnaire_condition_on_unknown_question_is_located(rules_copy):
    path = rules_copy / "questions.yaml"
    edit(path, "          fact: rd_plans\n", "          fact: research_plans\n")
    rules = load_rules(rules_copy, TODAY)
    line = line_of(path, "fact: research_plans")
    assert f"rules/questions.yaml:{line}: unknown question id 'research_plans' (see rules/questions.yaml)" in [
        str(p) for p in rules.problems
    ]


def test_duplicate_option_values_are_reported(rules_copy):
    path = rules_copy / "questions.yaml"
    edit(path, "          - value: office_only", "          - value: production_floor")
    rules = load_rules(rules_copy, TODAY)
    line = line_of(path, "- value: production_floor", 2)
    assert f"rules/questions.yaml:{line}: option value 'production_floor' is repeated" in [
        str(p) for p in rules.problems
    ]


def test_duplicate_programme_ids_across_files_are_reported(rules_copy):
    (rules_copy / "nias.yml").write_text((rules_copy / "nias.yaml").read_text())
    rules = load_rules(rules_copy, TODAY)
    assert any(str(p).startswith("rules/nias.yml:1: duplicate programme id 'nias'") for p in rules.problems)


def test_an_empty_file_is_reported(rules_copy):
    (rules_copy / "empty.yaml").write_text("")
    rules = load_rules(rules_copy, TODAY)
    assert "rules/empty.yaml:1: the file is empty" in [str(p) for p in rules.problems]
    assert len(rules.programmes) >= 6


def test_the_bundled_rules_load_without_problems(bundled_rules):
    assert [str(p) for p in bundled_rules.problems] == []
    assert {"nias", "nido", "innopark", "amc", "mec", "vpas"} <= set(bundled_rules.programmes)


def test_a_programme_without_sources_is_rejected(rules_copy):
    path = rules_copy / "vpas.yaml"
    path.write_text(re.sub(r"sources:\n(?:  .*\n)+", "sources: []\n", path.read_text(), count=1))
    rules = load_rules(rules_copy, TODAY)
    line = line_of(path, "sources: []")
    assert any(str(p).startswith(f"rules/vpas.yaml:{line}: 'sources'") for p in rules.problems), rules.problems


def test_a_source_without_a_checked_date_is_rejected(rules_copy):
    path = rules_copy / "nias.yaml"
    edit(path, "    checked: 2026-11-25\n", "")
    rules = load_rules(rules_copy, TODAY)
    line = line_of(path, "  - title: ITF, New Industrialisation Acceleration Scheme")
    assert f"rules/nias.yaml:{line}: missing required key 'checked'" in [str(p) for p in rules.problems]
