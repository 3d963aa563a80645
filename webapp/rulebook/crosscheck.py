"""Checks across files and against the date: unused questions and parameters, stale statuses, unreachable tests.

Each problem is reported in the file a maintainer has to change, at the line to change. A fact that no question
asks is already an error of the condition parser ("unknown question id").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from webapp.rulebook.reachability import dead_tests
from webapp.wording.parameters import PLACEHOLDER

ESTIMATE_PARAMETERS = ("ratio", "rate", "baseline", "cap", "amount")
NOT_TEXT = ("parameters", "examples")  # keys whose strings are not texts shown to people


def cross_check(
    qlocated, questionnaire, parsed: dict, located_files: list, today: dt.date, costs=None, checked=None
) -> None:
    """Add every cross-file problem to the Located of the file it belongs to. `checked` (id of a Located -> Checked)
    has what the checks of a file against the questionnaire and the date (check_file) found in some files already:
    it is added here, where those checks would have run."""
    _unused_questions(qlocated, questionnaire, located_files)
    _programme_refs(parsed, located_files)
    _plan_refs(parsed, located_files, costs or {})
    for programme, located in parsed.values():
        found = checked.get(id(located)) if checked else None
        if found is None:
            check_file(qlocated, questionnaire, located, programme, today)
        elif found.failure is not None:
            raise found.failure
        else:
            located.problems += found.problems


def check_file(qlocated, questionnaire, located, programme, today: dt.date) -> None:
    """The checks of one programme against the questionnaire and the date: its unused parameters, its status, and
    its tests on questions never asked when they could count."""
    _unused_parameters(located, programme)
    _stale_status(located, programme, today)
    for path, leaf, facts in dead_tests(programme, questionnaire):
        where = f"{qlocated.name}:{qlocated.line(_question_path(questionnaire, leaf.fact) + ('asked_when',))}"
        located.problem(
            path + ("fact",),
            f"'{leaf.fact}' is never asked when this test could count: its asked_when ({where}) cannot be met "
            f"when this programme's tests on {', '.join(repr(f) for f in facts)} are met",
        )


@dataclass
class Checked:
    """What a check of one file found when it ran before its turn: the problems it added (taken out of the file's
    Located, to be put back in their turn), or the exception it raised (raised again in its turn)."""

    problems: list
    failure: Exception | None = None


def set_aside(located, check, *args) -> Checked:
    """Run `check(*args)`, which adds problems to `located`, and take what it added out again."""
    before = len(located.problems)
    try:
        check(*args)
    except Exception as exc:  # noqa: BLE001 - raised again in its turn, where the loader reports it
        found = Checked(located.problems[before:], exc)
    else:
        found = Checked(located.problems[before:])
    del located.problems[before:]
    return found


def _question_path(questionnaire, qid) -> tuple:
    for s, section in enumerate(questionnaire.sections):
        for q, question in enumerate(section.questions):
            if question.id == qid:
                return ("sections", s, "questions", q)
    return ()


def _unused_questions(qlocated, questionnaire, located_files) -> None:
    if any(located.data is None for located in located_files):
        return  # a file that cannot be read may use any question: no follow-on warnings until it is fixed
    used = set()
    for located in located_files:  # raw data, so that a file with other mistakes still counts as a user
        used |= set(located.listed(REFS, list_refs)[0])
    if any(located.listed(REFS, list_refs)[1] for located in located_files):
        used |= {qid for qid, question in questionnaire.questions.items() if question.lists_programmes}
    for question in questionnaire.questions.values():
        used |= {question.not_more_than} if question.not_more_than else set()
    for cond in questionnaire.asked_when.values():
        used |= set(cond.facts())
    for qid, question in questionnaire.questions.items():
        # Text answers are printed on the results page, never tested, so only the other types must be used.
        if qid not in used and question.type != "text":
            qlocated.problem(
                _question_path(questionnaire, qid) + ("id",),
                f"no rule uses the question '{qid}': use it in a criterion or an estimate, or remove it",
                "warning",
            )


REFS = "questions named"  # the names of the lists in Located.lists
BRACED = "texts with a brace"


def list_refs(located) -> tuple:
    """(the question ids a file's data names: every `fact:` and an estimate's `of:`; whether a `programme:` key
    stands anywhere in it), outside its examples: one walk for both."""
    found = []
    return found, _collect_facts(located.data, found)


def _collect_facts(data, found) -> bool:
    # Only mappings and lists are walked into: the texts, most of a file, hold no key.
    programme = False
    if isinstance(data, dict):
        programme = "programme" in data
        for key, value in data.items():
            if key in ("fact", "of") and isinstance(value, str):
                found.append(value)
            elif key != "examples" and isinstance(value, (dict, list)):
                programme = _collect_facts(value, found) or programme
    elif isinstance(data, list):
        for item in data:
            if isinstance(item, (dict, list)):
                programme = _collect_facts(item, found) or programme
    return programme


def _unused_parameters(located, programme) -> None:
    used = {name for cond in programme.conditions.values() for name in cond.params()}
    estimate = programme.spec.estimate
    if estimate:
        used |= {getattr(estimate, key) for key in ESTIMATE_PARAMETERS}
        used |= {name for tier in estimate.tiers or [] for name in (tier.up_to, tier.rate)}
    used |= {name for text in located.listed(BRACED, list_braced) for name in PLACEHOLDER.findall(text)}
    for name in programme.spec.parameters:
        if name not in used:
            located.problem(
                ("parameters", name),
                f"the parameter '{name}' is never used: use it in a condition, the estimate or a "
                f"{{{name}}} placeholder, or remove it",
            )


def list_braced(located) -> list:
    """Every string in a file's data with a brace, where a placeholder may stand (parameters and examples aside)."""
    found = []
    if isinstance(located.data, dict):
        _collect_braced({k: v for k, v in located.data.items() if k not in NOT_TEXT}, found)
    return found


def _collect_braced(data, found) -> None:
    for value in data.values() if isinstance(data, dict) else data:
        if isinstance(value, str):
            if "{" in value:
                found.append(value)
        elif isinstance(value, (dict, list)):
            _collect_braced(value, found)


def _stale_status(located, programme, today) -> None:
    """`status` says what is true today, and never contradicts the window's dates."""
    window, status = programme.spec.window, programme.spec.status
    if window.closes and window.closes < today and status != "closed":
        located.problem(
            ("status",),
            f"the application window closed on {window.closes}, but the status still says '{status}': "
            "set status: closed, or correct the window",
        )
    elif window.closes and window.closes >= today and status == "closed":
        located.problem(
            ("status",),
            f"the status says 'closed' but the window closes on {window.closes}: set the status for today, or correct "
            "the window",
        )
    if window.opens and window.opens <= today and status == "upcoming":
        located.problem(
            ("status",),
            f"the window opened on {window.opens}, but the status still says 'upcoming': set status: open",
        )
    elif window.opens and window.opens > today and status == "open":
        located.problem(
            ("status",), f"the status says 'open' but the window opens on {window.opens}: set status: upcoming"
        )


def _programme_refs(parsed: dict, located_files: list) -> None:
    """Each `programme:` test names another programme that has a rule file, and no requirement goes round."""
    files = {Path(located.name).stem for located in located_files}
    for programme, located in parsed.values():
        for path, pid in getattr(located, "programme_refs", ()):
            if pid == programme.id:
                located.problem(path, f"'{pid}' cannot require itself")
            elif pid not in files:
                located.problem(path, f"no programme '{pid}': there is no rule file for it (rules/{pid}.yaml)")
            else:
                loop = _loop(pid, programme.id, parsed)
                if loop:
                    located.problem(path, "requirements go round in a circle: " + " -> ".join([programme.id, *loop]))


def _loop(start: str, target: str, parsed: dict, seen: tuple = ()) -> list | None:
    """The chain of requirements from `start` back to `target`, or None when there is none."""
    if start == target:
        return [start]
    if start in seen or start not in parsed:
        return None
    for nxt in parsed[start][0].requires:
        chain = _loop(nxt, target, parsed, (*seen, start))
        if chain:
            return [start, *chain]
    return None


def _plan_refs(parsed: dict, located_files: list, costs: dict) -> None:
    """`pays_for` names costs in rules/_costs.yaml; `not_combined_with` and `adds_to` name other programmes."""
    files = {Path(located.name).stem for located in located_files}
    for programme, located in parsed.values():
        spec = programme.spec
        for i, cost in enumerate(spec.pays_for):
            if cost not in costs:
                known = ", ".join(costs) or "none: add rules/_costs.yaml"
                located.problem(("pays_for", i), f"unknown cost '{cost}'; the costs in rules/_costs.yaml are: {known}")
        for key in ("not_combined_with", "adds_to"):
            for i, pid in enumerate(getattr(spec, key)):
                if pid == programme.id:
                    located.problem((key, i), f"'{key}' names the programme itself")
                elif pid not in files:
                    located.problem((key, i), f"no programme '{pid}': there is no rule file for it (rules/{pid}.yaml)")
