"""Running the example cases written inside each rule file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from webapp.engine.answers import read_json
from webapp.engine.evaluate import evaluate_programme, prerequisite_verdicts
from webapp.rulebook.located import Problem
from webapp.wording.answers import api_message


@dataclass
class ExampleRun:
    name: str
    expected: str
    actual: str
    differences: list  # (criterion id, expected outcome, actual outcome)
    line: int
    outcomes: dict = field(default_factory=dict)  # criterion id -> actual outcome, to explain a wrong verdict

    @property
    def passed(self) -> bool:
        return self.expected == self.actual and not self.differences


def example_facts(located, path, answers: dict, questionnaire) -> dict | None:
    """Typed answers of an example, reporting unknown ids and bad values; None if any is wrong."""
    read = read_json(questionnaire, answers)
    for qid, error in read.errors.items():
        question = questionnaire.questions.get(qid)
        if question is None:
            located.problem(path + (qid,), f"unknown question id '{qid}'")
        else:
            located.problem(path + (qid,), f"answer: {api_message(question, error, questionnaire)}")
    return None if read.errors else read.facts


def run_examples(located, programme, questionnaire, today: dt.date, programmes: dict | None = None) -> list:
    """Evaluate every example of a programme; answers that are malformed are reported as problems."""
    runs = []
    names = set()
    for i, example in enumerate(programme.spec.examples):
        path = ("examples", i)
        if example.name in names:
            located.problem(path + ("name",), f"duplicate example name '{example.name}'")
        names.add(example.name)
        facts = example_facts(located, path + ("answers",), example.answers, questionnaire)
        if facts is None:
            continue
        as_of = example.as_of or today
        verdicts = prerequisite_verdicts(programme, programmes or {}, facts, as_of)
        result = evaluate_programme(programme, facts, as_of, verdicts)
        actual = {c.id: c.outcome for c in result.criteria}
        differences = []
        for cid, outcome in (example.criteria or {}).items():
            if cid not in actual:
                known = any(c.id == cid for c in programme.spec.criteria)
                located.problem(
                    path + ("criteria", cid),
                    f"the criterion '{cid}' is not in force on {as_of}"
                    if known
                    else f"no criterion '{cid}' in this programme",
                )
            elif actual[cid] != outcome:
                differences.append((cid, outcome, actual[cid]))
        if example.estimate_hkd is not None:
            got = result.estimate.amount if result.estimate else None
            if got is None or abs(got - example.estimate_hkd) >= 1:
                differences.append(("estimate_hkd", example.estimate_hkd, got))
        runs.append(ExampleRun(example.name, example.verdict, result.verdict, differences, located.line(path), actual))
    return runs


def check_examples(located, programme, questionnaire, today: dt.date, programmes: dict | None = None) -> None:
    """Report every example whose expected verdict or criteria differ from the evaluation."""
    for run in run_examples(located, programme, questionnaire, today, programmes):
        if run.passed:
            continue
        detail = f"expected {run.expected}, got {run.actual}"
        if run.differences:
            detail += "; " + ", ".join(f"{cid}: expected {e}, got {a}" for cid, e, a in run.differences)
        located.problems.append(Problem(located.name, run.line, f'example "{run.name}": {detail}'))
