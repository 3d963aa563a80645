"""The README lists every question of the bundled questionnaire, so API clients can find each id."""

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()
QUESTIONS = [
    q["id"] for s in yaml.safe_load((ROOT / "rules" / "questions.yaml").read_text())["sections"] for q in s["questions"]
]


@pytest.mark.parametrize("qid", QUESTIONS)
def test_every_question_is_in_the_readme(qid):
    assert f"| `{qid}` |" in README, f"add the question '{qid}' to the README's table of questions"
