"""Evaluating one programme's rules against a set of answers, as of a date: outcomes and numbers, no words."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from webapp.engine.conditions import NOT_MET, UNKNOWN, evaluate
from webapp.engine.estimates import Estimate
from webapp.engine.estimates import estimate as compute_estimate


@dataclass(frozen=True)
class CriterionOutcome:
    """How one criterion came out, with the questions and parameters its condition uses."""

    id: str
    outcome: str
    facts: tuple = ()  # question ids, in order of first use
    params: tuple = ()  # parameter names the condition compares with, in order of first use


@dataclass(frozen=True)
class Result:
    """One programme evaluated: its status and verdict on `as_of`, each criterion's outcome, the estimate."""

    programme: object  # model.Programme
    as_of: dt.date
    status: str
    verdict: str
    criteria: tuple
    estimate: Estimate | None
    facts: dict
    prerequisites: dict = field(default_factory=dict)  # required programme id -> its verdict, as used

    @property
    def unknown_facts(self) -> list:
        """Unanswered questions that would settle the criteria now unknown, in order of first use."""
        seen = []
        for c in self.criteria:
            if c.outcome == UNKNOWN:
                seen += [f for f in c.facts if f not in seen and self.facts.get(f) is None]
        return seen


def verdict_of(status: str, outcomes, has_criteria: bool = True) -> str:
    """closed; upcoming (not yet open, no criteria published); unlikely (a criterion not met), possible (one
    unknown) or likely (all met)."""
    if status == "closed":
        return "closed"
    if status == "upcoming" and not has_criteria:
        return "upcoming"
    if NOT_MET in outcomes:
        return "unlikely"
    if UNKNOWN in outcomes:
        return "possible"
    return "likely"


def evaluate_programme(programme, facts: dict, as_of: dt.date, verdicts: dict | None = None) -> Result:
    """Verdict, per-criterion outcomes and estimate for one programme.

    `verdicts` holds the verdicts of the programmes it requires; see `prerequisite_verdicts`.
    """
    status = programme.status_on(as_of)
    params = programme.params_on(as_of)
    used = {pid: verdicts[pid] for pid in programme.requires if verdicts and pid in verdicts}
    criteria = tuple(
        CriterionOutcome(
            criterion.id,
            evaluate(programme.conditions[criterion.id], facts, params, used),
            *programme.uses[criterion.id],
        )
        for criterion in programme.criteria_on(as_of)
    )
    verdict = verdict_of(status, {c.outcome for c in criteria}, bool(criteria))
    estimate = None
    if programme.spec.estimate and verdict not in ("closed", "upcoming"):
        estimate = compute_estimate(programme, facts, as_of)
    return Result(programme, as_of, status, verdict, criteria, estimate, facts, used)


def prerequisite_verdicts(programme, programmes: dict, facts: dict, as_of: dt.date, _seen: tuple = ()) -> dict:
    """The verdicts of the programmes `programme` requires (and of theirs), evaluated for the same answers."""
    verdicts = {}
    for pid in programme.requires:
        other = programmes.get(pid)
        if other is None or pid in _seen or pid in verdicts:
            continue  # an unknown or circular requirement stays unknown (`rules check` reports both)
        inner = prerequisite_verdicts(other, programmes, facts, as_of, (*_seen, programme.id))
        verdicts.update(inner)
        verdicts[pid] = evaluate_programme(other, facts, as_of, inner).verdict
    return verdicts


def in_dependency_order(programmes: dict) -> list:
    """The programmes, each after those it requires (a cycle is broken where it is met)."""
    ordered, placed = [], set()

    def place(programme, path):
        if programme.id in placed or programme.id in path:
            return
        for pid in programme.requires:
            if pid in programmes:
                place(programmes[pid], (*path, programme.id))
        placed.add(programme.id)
        ordered.append(programme)

    for programme in programmes.values():
        place(programme, ())
    return ordered
