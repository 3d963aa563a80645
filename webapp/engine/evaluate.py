"""Evaluating one programme's rules against a set of answers, as of a date: outcomes and numbers, no words."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

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

    @property
    def unknown_facts(self) -> list:
        """Question ids that would settle the criteria now unknown, in order of first use."""
        seen = []
        for c in self.criteria:
            if c.outcome == UNKNOWN:
                seen += [f for f in c.facts if f not in seen]
        return seen


def verdict_of(status: str, outcomes) -> str:
    """closed, unlikely (a criterion not met), possible (one unknown) or likely (all met)."""
    if status == "closed":
        return "closed"
    if NOT_MET in outcomes:
        return "unlikely"
    if UNKNOWN in outcomes:
        return "possible"
    return "likely"


def evaluate_programme(programme, facts: dict, as_of: dt.date) -> Result:
    """Verdict, per-criterion outcomes and estimate for one programme."""
    status = programme.status_on(as_of)
    params = programme.params_on(as_of)
    criteria = tuple(
        CriterionOutcome(
            criterion.id,
            evaluate(programme.conditions[criterion.id], facts, params),
            *programme.uses[criterion.id],
        )
        for criterion in programme.spec.criteria
    )
    verdict = verdict_of(status, {c.outcome for c in criteria})
    estimate = None
    if programme.spec.estimate and verdict != "closed":
        estimate = compute_estimate(programme, facts, as_of)
    return Result(programme, as_of, status, verdict, criteria, estimate, facts)
