"""`flask rules impact`: what an edit changes, over every example and the reference companies (issue 13, point 1)."""

import json
import shutil
import subprocess

import pytest

from tests.support.app import RULES, make_app
from tests.support.rulefiles import edit
from webapp.rulebook.yamlsource import parse_file

RAISE_NIAS = ("        value: 150000000", "        value: 500000000")


def impact(rules_dir, *args, cwd=None):
    app = make_app(RULES_DIR=str(rules_dir))
    return app.test_cli_runner().invoke(args=["rules", "impact", *args])


def test_the_reference_companies_are_at_least_ten_described_in_plain_words_with_known_answers(bundled_rules):
    data = parse_file(RULES / "_reference_companies.yaml").data
    companies = data["companies"]
    assert len(companies) >= 10
    questions = bundled_rules.questionnaire.questions
    from webapp.engine.answers import read_json

    for company in companies:
        assert len(company["description"].split()) >= 10, company["id"]
        assert not read_json(bundled_rules.questionnaire, company["answers"]).errors, company["id"]
        assert set(company["answers"]) <= set(questions)
    kinds = " ".join(c["name"].lower() for c in companies)
    for kind in (
        "manufacturer",
        "biotech",
        "sme",
        "ai",
        "fintech",
        "pharma",
        "satellite",
        "food",
        "micro",
        "no hong kong",
    ):
        assert kind in kinds, kind


def test_against_a_directory_lists_each_changed_case_per_programme_and_a_summary(rules_copy, tmp_path):
    before = tmp_path / "before"
    shutil.copytree(rules_copy, before)
    edit(rules_copy / "nias.yaml", *RAISE_NIAS)
    result = impact(rules_copy, "--against", str(before))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "nias:"
    assert any(
        'reference "Satellite maker at the Advanced Manufacturing Centre"' in line
        and "likely → unlikely" in line
        and "HK$50m → no amount" in line
        for line in lines
    ), result.output
    assert any(line.startswith('  example "') for line in lines)
    # RTH-NIAS requires an approved NIAS project, so raising NIAS's threshold changes its verdicts too.
    assert "11 reference companies" in lines[-1] and "changes in 2 programmes (nias, rth_nias)" in lines[-1]


def test_json_format(rules_copy, tmp_path):
    before = tmp_path / "before"
    shutil.copytree(rules_copy, before)
    edit(rules_copy / "nias.yaml", *RAISE_NIAS)
    report = json.loads(impact(rules_copy, "--against", str(before), "--format", "json").output)
    assert report["reference_companies"] >= 10 and report["examples"] > 100
    change = next(c for c in report["changes"] if c["case"].startswith("Satellite maker"))
    assert change["programme"] == "nias" and change["before"] == {"verdict": "likely", "estimate_hkd": 50000000}
    assert change["after"]["verdict"] == "unlikely"


def test_no_edit_no_change(rules_copy, tmp_path):
    result = impact(rules_copy, "--against", str(RULES))
    assert result.exit_code == 0 and ": 0 changes in 0 programmes" in result.output


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_against_a_git_revision_default_head(tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(RULES, repo / "rules")
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "rules"], check=True)
    edit(repo / "rules" / "nias.yaml", *RAISE_NIAS)
    result = impact(repo / "rules")
    assert result.exit_code == 0, result.output
    assert "against HEAD" in result.output and "(nias, rth_nias)" in result.output
    bad = impact(repo / "rules", "--against", "no-such-revision")
    assert bad.exit_code == 1 and "no-such-revision" in bad.output


def test_outside_a_git_checkout_it_needs_a_directory(tmp_path):
    shutil.copytree(RULES, tmp_path / "rules")
    result = impact(tmp_path / "rules")
    assert result.exit_code == 1 and "give --against a rules directory" in result.output
    assert impact(tmp_path / "rules", "--against", str(RULES)).exit_code == 0
