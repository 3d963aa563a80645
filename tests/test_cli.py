"""`flask rules test`, `rules explain` and `rules new`: what a maintainer sees, and the exit status."""

import subprocess
import sys

import yaml

from tests.support.app import ROOT
from tests.support.cli import run, run_check
from tests.support.rulefiles import edit, line_of

# --- rules test ---------------------------------------------------------------------------------


def test_rules_test_passes_on_the_bundled_examples(rules_copy):
    result = run(rules_copy, "test")
    assert result.exit_code == 0, result.output
    assert "0 failed" in result.output


def test_rules_test_shows_the_sentence_the_verdicts_and_the_criteria_that_differ(rules_copy):
    path = rules_copy / "nias.yaml"
    edit(
        path,
        "    verdict: unlikely\n    criteria:\n      project_size: not_met",
        "    verdict: likely\n    criteria:\n      project_size: met",
    )
    result = run(rules_copy, "test", "nias")
    line = line_of(path, "- name:\n      en: A HK$160m project was too small before 18 November 2025")
    assert f'rules/nias.yaml:{line}: FAILED "A HK$160m project was too small before 18 November 2025"' in result.output
    assert "expected verdict: likely" in result.output and "actual verdict:   unlikely" in result.output
    assert "project_size: expected met, got not_met" in result.output
    assert "criteria not_met: project_size" in result.output
    count = len(yaml.safe_load(path.read_text())["examples"])
    assert f"1 programmes, {count} examples, 1 failed" in result.output
    assert result.exit_code == 1


def test_rules_test_runs_only_the_programmes_named(rules_copy):
    edit(rules_copy / "vpas.yaml", "kind: talent", "kind: people")
    assert run(rules_copy, "test", "nias").exit_code == 0
    result = run(rules_copy, "test", "vpas")
    assert "vpas: cannot run the examples until the file is fixed" in result.output and result.exit_code == 1


def test_rules_test_rejects_an_unknown_programme(rules_copy):
    result = run(rules_copy, "test", "nothing")
    assert result.exit_code == 2 and "no rule file for nothing" in result.output


# --- rules explain ------------------------------------------------------------------------------

ANSWERS = """\
hk_entity: incorporated
government_subvented: false
industry: life_health_tech
production_plan: new_smart_facility
total_project_cost_hkd: 160000000
high_end_technology: true
"""


def test_rules_explain_prints_every_test_with_its_answer_and_outcome(rules_copy, tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_text(ANSWERS)
    result = run(rules_copy, "explain", "nias", str(answers), "--as-of", "2025-11-17")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "NIAS (rules/nias.yaml) as of 2025-11-17: status open, verdict unlikely"
    assert "criterion project_size (Large enough project): not_met" in lines
    assert "  [not_met] all" in lines
    assert (
        "    [not_met] total_project_cost_hkd at_least min_total_project_cost = HK$300m (since 2024-09-16); "
        "answer: 160000000"
    ) in lines
    assert (
        "    [unknown] own_investment_hkd at_least min_own_investment = HK$200m (since 2024-09-16); answer: not answered"
        in lines
    )
    assert "  [met] hk_entity one_of [incorporated, will_incorporate]; answer: incorporated" in lines


def test_rules_explain_reads_an_example_with_its_date_and_says_which_answers_are_ignored(rules_copy, tmp_path):
    answers = tmp_path / "example.yaml"
    answers.write_text("as_of: 2025-11-18\nanswers:\n  production_plan: none\n  high_end_technology: true\n")
    result = run(rules_copy, "explain", "nias", str(answers))
    assert "as of 2025-11-18" in result.output.splitlines()[0]
    assert "ignored answer: high_end_technology" in result.output


def test_rules_explain_locates_a_bad_answer(rules_copy, tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_text("hk_entity: incorporated\nindustry: biotech\n")
    result = run(rules_copy, "explain", "nias", str(answers))
    assert f"{answers}:2: answer: industry has no option 'biotech'" in result.output
    assert result.exit_code == 1


# --- rules new ----------------------------------------------------------------------------------


def test_rules_new_writes_a_skeleton_that_passes_check_test_and_yamllint(rules_copy):
    result = run(rules_copy, "new", "demo_scheme")
    assert result.exit_code == 0, result.output
    path = rules_copy / "demo_scheme.yaml"
    assert path.read_text().startswith("# demo_scheme: a new programme.")
    check = run_check(rules_copy)
    new_file_problems = [line for line in check.stdout.splitlines() if "demo_scheme" in line]
    assert check.exit_code == 0, check.output
    assert all("warning: missing translation" in line for line in new_file_problems), new_file_problems
    assert "3 examples, 0 failed" in run(rules_copy, "test", "demo_scheme").output
    lint = subprocess.run(
        [sys.executable, "-m", "yamllint", "--strict", str(path)], cwd=ROOT, capture_output=True, text=True
    )
    assert lint.returncode == 0, lint.stdout


def test_rules_new_never_overwrites_and_checks_the_id(rules_copy):
    assert run(rules_copy, "new", "nias").exit_code == 1
    assert "already exists" in run(rules_copy, "new", "nias").output
    assert run(rules_copy, "new", "Bad-Id").exit_code == 2
