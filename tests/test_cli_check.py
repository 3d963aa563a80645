"""`flask rules check` names the file and line of every mistake, across files too, and exits 1 on any error."""

import json
import os
import subprocess
import sys

import pytest

from tests.support.app import ROOT, TODAY
from tests.support.cli import run_check
from tests.support.rulefiles import CASES, edit, line_of

# Mistakes that only show across files or against the date:
# (description, file to edit, old text, new text, file reported, text on the reported line, words in the message)
CROSS_CASES = [
    (
        "unused parameter",
        "nias.yaml",
        "  max_funding:\n",
        "  spare_limit:\n    label: Spare\n    unit: hkd\n    values:\n      - since: 2024-09-16\n"
        "        value: 1\n        source: https://www.itf.gov.hk/\n  max_funding:\n",
        "nias.yaml",
        "spare_limit:",
        "the parameter 'spare_limit' is never used",
    ),
    (
        "question never asked when the test counts",
        "nias.yaml",
        "one_of: [new_smart_facility, new_smart_line]\n    met:\n      en: You plan",
        "one_of: [upgrade_existing_line]\n    met:\n      en: You plan",
        "nias.yaml",
        "fact: high_end_technology",
        "'high_end_technology' is never asked when this test could count",
    ),
    (
        "window ended but status still open",
        "nias.yaml",
        "  opens: 2024-09-16",
        "  opens: 2024-09-16\n  closes: 2026-10-31",
        "nias.yaml",
        "status: open",
        "closed on 2026-10-31, but the status still says 'open'",
    ),
    (
        "question renamed under the rules that use it",
        "questions.yaml",
        "      - id: train_staff\n",
        "      - id: staff_training\n",
        "nittp.yaml",
        "fact: train_staff",
        "unknown question id 'train_staff'",
    ),
    (
        "question type changed under an operator",
        "questions.yaml",
        "      - id: technicians_from\n        type: multi",
        "      - id: technicians_from\n        type: choice",
        "vpas.yaml",
        "includes: non_local",
        "does not apply to 'technicians_from', a choice question",
    ),
    (
        "option removed that a rule uses",
        "questions.yaml",
        "          - value: will_incorporate\n",
        "          - value: will_set_up\n",
        "nias.yaml",
        "one_of: [incorporated, will_incorporate]",
        "'hk_entity' has no option 'will_incorporate'",
    ),
    (
        "asked_when on a question that does not exist",
        "questions.yaml",
        "          fact: rd_plans\n",
        "          fact: research_plans\n",
        "questions.yaml",
        "fact: research_plans",
        "unknown question id 'research_plans'",
    ),
]


def assert_reported(result, name, line, message):
    prefix = f"rules/{name}:{line}: "
    lines = result.output.splitlines()
    assert any(out.startswith(prefix) and message in out for out in lines), result.output
    assert result.exit_code == 1, result.output


@pytest.mark.parametrize("name, old, new, marker, message", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_check_names_the_file_and_line_of_each_mistake_and_fails(rules_copy, name, old, new, marker, message):
    edit(rules_copy / name, old, new)
    assert_reported(run_check(rules_copy), name, line_of(rules_copy / name, marker), message)


@pytest.mark.parametrize(
    "edited, old, new, reported, marker, message", [c[1:] for c in CROSS_CASES], ids=[c[0] for c in CROSS_CASES]
)
def test_check_finds_mistakes_across_files(rules_copy, edited, old, new, reported, marker, message):
    edit(rules_copy / edited, old, new)
    assert_reported(run_check(rules_copy), reported, line_of(rules_copy / reported, marker), message)


def test_check_passes_on_the_bundled_rules(rules_copy):
    result = run_check(rules_copy)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""


def test_a_question_no_rule_uses_is_a_warning_that_does_not_fail_the_check(rules_copy):
    path = rules_copy / "questions.yaml"
    edit(
        path,
        "  - id: people\n",
        "  - id: people\n    title: Online\n    questions:\n      - id: has_website\n        type: yes_no\n        label: Website?\n"
        "        name: website\n  - id: people_more\n",
    )
    result = run_check(rules_copy)
    line = line_of(path, "- id: has_website")
    assert f"rules/questions.yaml:{line}: warning: no rule uses the question 'has_website'" in result.output
    assert result.exit_code == 0, result.output


def test_a_duplicate_programme_id_in_another_file_fails_the_check(rules_copy):
    (rules_copy / "nias.yml").write_text((rules_copy / "nias.yaml").read_text())
    assert_reported(run_check(rules_copy), "nias.yml", 1, "duplicate programme id 'nias'")


def test_every_problem_is_listed_not_just_the_first(rules_copy):
    edit(rules_copy / "nias.yaml", "kind: funding", "kind: grant")
    edit(rules_copy / "vpas.yaml", "kind: talent", "kind: people")
    edit(rules_copy / "nido.yaml", "status: open", "status: opened")
    reported = {line.split(":")[0] for line in run_check(rules_copy).output.splitlines()}
    assert {"rules/nias.yaml", "rules/vpas.yaml", "rules/nido.yaml"} <= reported


def test_json_format_lists_every_problem_with_file_line_and_severity(rules_copy):
    # ESS: no other programme requires it (a broken nias.yaml also fails rth_nias's examples, which need NIAS).
    edit(rules_copy / "ess.yaml", "kind: funding", "kind: grant")
    result = run_check(rules_copy, "--format", "json")
    report = json.loads(result.stdout)
    assert result.exit_code == 1
    assert report["errors"] == 1 and report["version"]
    assert report["problems"][0] == {
        "file": "rules/ess.yaml",
        "line": line_of(rules_copy / "ess.yaml", "kind: grant"),
        "message": report["problems"][0]["message"],
        "severity": "error",
    }


def flask_check(rules_dir):
    """`flask --app webapp rules check` in a new process, as a maintainer runs it."""
    env = {**os.environ, "CHECKER_RULES_DIR": str(rules_dir), "CHECKER_FIXED_DATE": TODAY, "CHECKER_SECRET_KEY": "x"}
    command = [sys.executable, "-m", "flask", "--app", "webapp", "rules", "check"]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


def test_the_real_command_reports_a_broken_file_and_exits_1(rules_copy):
    edit(rules_copy / "nias.yaml", "at_least: min_own_investment", "at_least: min_own_money")
    result = flask_check(rules_copy)
    line = line_of(rules_copy / "nias.yaml", "at_least: min_own_money")
    assert f"rules/nias.yaml:{line}: undefined parameter 'min_own_money'" in result.stdout
    assert result.returncode == 1, result.stdout + result.stderr


def test_the_real_command_exits_0_on_the_bundled_rules(rules_copy):
    result = flask_check(rules_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 errors" in result.stderr
