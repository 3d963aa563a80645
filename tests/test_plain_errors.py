"""YAML mistakes in plain words, at the line to fix (issue 13, points 4 and 8)."""

from tests.support.app import TODAY_DATE
from tests.support.rulefiles import edit, line_of
from webapp.rulebook.loader import load_rules
from webapp.rulebook.yamlsource import parse_text


def _messages(rules_dir, name):
    rules = load_rules(rules_dir, TODAY_DATE)
    return rules, [str(p) for p in rules.problems if p.file.endswith("/" + name)]


def test_an_unclosed_bracket_names_the_line_it_opened_on_and_where_it_was_noticed():
    (problem,) = parse_text("a: 1\nb: [x, y\nc: 2\nd: 3\n", "f.yaml").problems
    assert problem.line == 3
    assert "'[' opened on line 2" in problem.message and "noticed on line 3" in problem.message


def test_an_unclosed_quote_names_the_line_it_opened_on():
    (problem,) = parse_text('a: 1\nb: "hello\nc: 2\n', "f.yaml").problems
    assert "quote opened on line 2" in problem.message


def test_an_indentation_error_says_how_far_the_line_is_indented_and_where_it_belongs():
    (problem,) = parse_text("a:\n  - x: 1\n    y: 2\n   - z\n", "f.yaml").problems
    assert "did not find expected" not in problem.message
    assert "line 4 is indented 3 spaces" in problem.message and "line 2" in problem.message


def test_a_colon_out_of_place_is_explained():
    (problem,) = parse_text("a:\n  b: 1\n   c: 2\n", "f.yaml").problems
    assert "not allowed in this context" not in problem.message
    assert "line 3" in problem.message and "quotes" in problem.message


def test_a_bad_date_says_how_to_write_dates(rules_copy):
    edit(rules_copy / "nittp.yaml", "checked: 2026-11-25", "checked: 2026-13-25")
    _, problems = _messages(rules_copy, "nittp.yaml")
    line = line_of(rules_copy / "nittp.yaml", "checked: 2026-13-25")
    assert any(
        p.startswith(f"rules/nittp.yaml:{line}:") and "write dates as YYYY-MM-DD, e.g. 2024-12-31" in p
        for p in problems
    ), problems


def test_a_key_pushed_under_its_neighbour_is_reported_at_the_line_that_moved(rules_copy):
    edit(
        rules_copy / "nittp.yaml",
        "      one_of: [incorporated, will_incorporate, branch_only]\n    met:",
        "      one_of: [incorporated, will_incorporate, branch_only]\n      met:",
    )
    _, problems = _messages(rules_copy, "nittp.yaml")
    line = line_of(rules_copy / "nittp.yaml", "      met:")
    assert any(p.startswith(f"rules/nittp.yaml:{line}:") and "'met' is indented under 'when'" in p for p in problems)
    assert not any("missing required key 'met'" in p for p in problems), problems


def test_a_file_that_fails_to_load_causes_no_follow_on_warnings(rules_copy):
    edit(rules_copy / "nittp.yaml", "kind: funding", "kind: [funding")
    rules = load_rules(rules_copy, TODAY_DATE)
    assert not any("'train_staff'" in str(p) for p in rules.problems if p.file.endswith("questions.yaml"))
