"""The README's worked example, followed step by step on a copy of the rules, does what the README says."""

import re

from tests.support.app import ROOT, make_app
from tests.support.cli import run
from tests.support.forms import text_of

SECTION = (ROOT / "README.md").read_text().split("### Worked example: a new NIAS threshold", 1)[1].split("\n## ", 1)[0]
# The YAML blocks of the numbered steps, without the list's three-space indent.
BLOCKS = [
    "\n".join(line[3:] for line in block.splitlines()) + "\n"
    for block in re.findall(r"   ```yaml\n(.*?)\n   ```", SECTION, flags=re.S)
]
NEXT_PARAMETER = "  min_own_investment:\n"


def test_the_worked_example_passes_check_and_test_and_shows_on_the_catalogue_page(rules_copy):
    new_value, new_examples = BLOCKS
    path = rules_copy / "nias.yaml"
    text = path.read_text()
    at = text.index(NEXT_PARAMETER)  # the end of min_total_project_cost's values
    path.write_text(text[:at] + new_value + text[at:] + new_examples)
    check = run(rules_copy, "check")
    assert check.exit_code == 0 and check.stdout == "", check.output
    count = len(re.findall(r"(?m)^  - name:", path.read_text()))  # the file's examples, with the two added
    assert f"1 programmes, {count} examples, 0 failed" in run(rules_copy, "test", "nias").output
    page = text_of(make_app(RULES_DIR=str(rules_copy), FIXED_DATE="2027-01-01").test_client().get("/programmes/nias"))
    assert "1 January 2027 (in force today) HK$120m Lowered again from 1 January 2027." in page
    assert "Total project cost is at least HK$120m" in page


def test_the_worked_example_impact_step_prints_what_the_readme_shows(tmp_path):
    """Step 3's `rules impact` against the last commit: the output in the README, line for line."""
    import shutil
    import subprocess

    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "rules", repo / "rules")
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "rules"], check=True)
    new_value, new_examples = BLOCKS
    path = repo / "rules" / "nias.yaml"
    text = path.read_text()
    at = text.index(NEXT_PARAMETER)
    path.write_text(text[:at] + new_value + text[at:] + new_examples)
    shown = re.search(r"\$ \.venv/bin/flask --app webapp rules impact\n(.*?)\n   ```", SECTION, flags=re.S).group(1)
    expected = [line[3:] for line in shown.splitlines()]
    output = run(repo / "rules", "impact").output.splitlines()
    assert output == expected
