"""Programmes that need another programme's approval (`programme: ID`), and their checks across files."""

import datetime as dt
import shutil
import textwrap
from pathlib import Path

import pytest

from webapp.engine.report import build_report
from webapp.rulebook.loader import load_rules
from webapp.wording.results import word_report

ROOT = Path(__file__).resolve().parent.parent
DAY = dt.date(2026, 11, 25)


def programme_file(pid, criteria, examples=None, kind="funding", status="open", extra=""):
    """A small, valid rule file with the given criteria (YAML text) and examples."""
    examples = examples or "  - name: Any company\n    answers: {}\n    verdict: possible\n"
    return (
        textwrap.dedent(f"""\
        id: {pid}
        name: Programme {pid}
        short_name: {pid.upper()}
        body: A body
        kind: {kind}
        status: {status}
        {extra}
        summary: What {pid} offers.
        offers: Support from {pid}.
        sources:
          - title: The official page
            url: https://example.gov.hk/{pid}
            checked: 2026-11-01
        criteria:
        """)
        + textwrap.indent(criteria, "  ")
        + textwrap.dedent(f"""\
        next_step:
          text: Apply.
          url: https://example.gov.hk/{pid}/apply
        examples:
        """)
        + examples
    )


PARENT_CRITERIA = """\
- id: incorporated
  title: Incorporated in Hong Kong
  when: {fact: hk_entity, equals: incorporated}
  met: Incorporated.
  not_met: Must be incorporated.
  unknown: Tell us whether the company is incorporated.
"""
CHILD_CRITERIA = """\
- id: parent_approval
  title: An approved NIAS project
  when: {programme: nias}
  met: You hold NIAS approval.
  not_met: You need NIAS approval first, and NIAS is unlikely for you.
  unknown: After NIAS approval.
"""


@pytest.fixture
def rules_dir(tmp_path):
    """Only the bundled questionnaire, a parent programme `nias` and a child that requires it."""
    target = tmp_path / "rules"
    target.mkdir()
    shutil.copy(ROOT / "rules" / "questions.yaml", target)
    (target / "nias.yaml").write_text(programme_file("nias", PARENT_CRITERIA))
    (target / "addon.yaml").write_text(programme_file("addon", CHILD_CRITERIA))
    return target


def verdicts(rules, answers):
    report = build_report(rules, answers, DAY)
    return {r.programme.id: r.verdict for r in report.results}, report


def test_a_requirement_is_pending_while_the_parent_is_likely(rules_dir):
    rules = load_rules(rules_dir, DAY)
    assert rules.errors == []
    found, report = verdicts(rules, {"hk_entity": "incorporated", "already_have": []})
    assert found == {"nias": "likely", "addon": "possible"}
    child = next(r for r in report.results if r.programme.id == "addon")
    assert child.prerequisites == {"nias": "likely"}
    assert child.criteria[0].outcome == "unknown"


def test_a_requirement_is_met_when_the_company_holds_the_approval(rules_dir):
    found, _ = verdicts(load_rules(rules_dir, DAY), {"hk_entity": "branch_only", "already_have": ["nias"]})
    assert found == {"nias": "unlikely", "addon": "likely"}


def test_a_requirement_fails_when_the_parent_is_unlikely(rules_dir):
    found, report = verdicts(load_rules(rules_dir, DAY), {"hk_entity": "branch_only", "already_have": []})
    assert found == {"nias": "unlikely", "addon": "unlikely"}
    assert "addon" not in report.near_misses  # approval under an unlikely programme is not a plan to change


def test_a_requirement_fails_when_the_parent_is_closed(rules_dir):
    closed = "  - name: Closed to everyone\n    answers: {}\n    verdict: closed\n"
    (rules_dir / "nias.yaml").write_text(programme_file("nias", PARENT_CRITERIA, closed, status="closed"))
    unlikely = "  - name: NIAS is closed, so no approval can come\n    answers: {}\n    verdict: unlikely\n"
    (rules_dir / "addon.yaml").write_text(programme_file("addon", CHILD_CRITERIA, unlikely))
    found, _ = verdicts(load_rules(rules_dir, DAY), {"hk_entity": "incorporated"})
    assert found == {"nias": "closed", "addon": "unlikely"}


def test_the_pending_approval_is_worded_as_what_would_change(rules_dir):
    rules = load_rules(rules_dir, DAY)
    report = build_report(rules, {"hk_entity": "incorporated", "already_have": []}, DAY)
    worded = word_report(report, rules.questionnaire)
    child = next(r for r in worded.results if r.programme.id == "addon")
    assert child.criteria[0].text == "After NIAS approval."
    assert [c.text for c in child.changes] == [
        "If you already held “An approved project under the New Industrialisation Acceleration Scheme (NIAS)” "
        "(apply for it first)"
    ]


def test_examples_evaluate_the_required_programme_with_their_own_answers(rules_dir):
    examples = """\
  - name: Holding NIAS approval meets the requirement
    answers: {already_have: [nias]}
    verdict: likely
  - name: Likely for NIAS but not yet approved, so the add-on waits
    answers: {hk_entity: incorporated, already_have: []}
    verdict: possible
    criteria: {parent_approval: unknown}
  - name: Unlikely for NIAS, so unlikely for the add-on
    answers: {hk_entity: branch_only, already_have: []}
    verdict: unlikely
    criteria: {parent_approval: not_met}
"""
    (rules_dir / "addon.yaml").write_text(programme_file("addon", CHILD_CRITERIA, examples))
    assert load_rules(rules_dir, DAY).errors == []
    wrong = examples.replace("verdict: unlikely", "verdict: possible")
    (rules_dir / "addon.yaml").write_text(programme_file("addon", CHILD_CRITERIA, wrong))
    assert any("expected possible, got unlikely" in p.message for p in load_rules(rules_dir, DAY).errors)


def problems(rules_dir, name):
    return [f"{p.line}: {p.message}" for p in load_rules(rules_dir, DAY).errors if p.file.endswith(name)]


def line_of(path, text):
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_a_requirement_of_a_programme_with_no_file_is_reported_at_its_line(rules_dir):
    path = rules_dir / "addon.yaml"
    path.write_text(programme_file("addon", CHILD_CRITERIA.replace("programme: nias", "programme: nifs")))
    found = problems(rules_dir, "addon.yaml")
    assert any(p.startswith(f"{line_of(path, 'programme: nifs')}: ") and "add an option 'nifs'" in p for p in found)


def test_a_requirement_no_rule_file_answers_is_reported(rules_dir):
    (rules_dir / "nias.yaml").unlink()
    path = rules_dir / "addon.yaml"
    assert problems(rules_dir, "addon.yaml") == [
        f"{line_of(path, 'programme: nias')}: no programme 'nias': there is no rule file for it (rules/nias.yaml)"
    ]


def test_a_programme_that_requires_itself_is_reported(rules_dir):
    (rules_dir / "addon.yaml").unlink()
    path = rules_dir / "nias.yaml"
    path.write_text(programme_file("nias", CHILD_CRITERIA))
    assert problems(rules_dir, "nias.yaml") == [f"{line_of(path, 'programme: nias')}: 'nias' cannot require itself"]


def test_requirements_that_go_round_in_a_circle_are_reported(rules_dir):
    circular = PARENT_CRITERIA + CHILD_CRITERIA.replace("programme: nias", "programme: nias").replace(
        "id: parent_approval", "id: back"
    )
    (rules_dir / "nias.yaml").write_text(
        programme_file("nias", circular.replace("programme: nias", "programme: addon"))
    )
    questions = rules_dir / "questions.yaml"
    questions.write_text(
        questions.read_text().replace(
            "          - value: itf_project\n",
            "          - value: addon\n            label: An approved add-on\n          - value: itf_project\n",
        )
    )
    found = [p.message for p in load_rules(rules_dir, DAY).errors]
    assert "requirements go round in a circle: nias -> addon -> nias" in found
    assert "requirements go round in a circle: addon -> nias -> addon" in found


def test_the_bundled_questionnaire_lists_approvals_in_one_question(bundled_rules):
    listing = [q.id for q in bundled_rules.questionnaire.questions.values() if q.lists_programmes]
    assert listing == ["already_have"]
