"""Evaluating one programme's rules against a set of answers, as of a date: outcomes and numbers, no words."""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass
from typing import NamedTuple

from webapp.engine.conditions import MET, NOT_MET, UNKNOWN
from webapp.engine.estimates import Estimate
from webapp.engine.estimates import estimate as compute_estimate
from webapp.engine.kept import KEPT_ONES, kept_one, shared_value
from webapp.engine.model import EstimateView, remember


@dataclass(frozen=True)
class CriterionOutcome:
    """How one criterion came out, with the questions and parameters its condition uses."""

    id: str
    outcome: str
    facts: tuple = ()  # question ids, in order of first use
    params: tuple = ()  # parameter names the condition compares with, in order of first use


class Result(NamedTuple):
    """One programme evaluated: its status and verdict on `as_of`, each criterion's outcome, the estimate.

    A named tuple, so that nothing in it is changed after it is built and building one is cheap (one for every
    programme in every check).
    """

    programme: object  # model.Programme
    as_of: dt.date
    status: str
    verdict: str
    criteria: tuple
    estimate: Estimate | None
    facts: dict
    prerequisites: dict = {}  # required programme id -> its verdict, as used; never changed (one empty dict is shared)

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
    plan = programme.last_plan  # the plan of the date asked last: nearly always the date asked now
    if plan is None or (plan[0] is not as_of and plan[0] != as_of):
        plan = programme.plans.get(as_of) or _plan(programme, as_of)
        programme.last_plan = plan
    _, status, params, tests, results, requires, view, made = plan
    used = {pid: verdicts[pid] for pid in requires if pid in verdicts} if verdicts and requires else _NO_VERDICTS
    found = tuple([test(facts, params, used) for test in tests])
    if status == "closed":
        verdict = "closed"
    elif status == "upcoming" and not tests:
        verdict = "upcoming"
    elif NOT_MET in found:
        verdict = "unlikely"
    elif UNKNOWN in found:
        verdict = "possible"
    else:
        verdict = "likely"
    estimate = None
    if view is not None and verdict != "closed" and verdict != "upcoming":
        estimate = compute_estimate(view, facts, as_of)
    criteria = made.get(found)
    if criteria is None:  # outcomes not seen before on this date: their tuple, kept for the next time
        criteria = tuple(map(_outcome, results, found))
        if len(made) < _TUPLES_KEPT:
            made[found] = criteria
    return _result(Result, (programme, as_of, status, verdict, criteria, estimate, facts, used))


# The prerequisites of a Result that used none: one empty dict for all (a new one in every Result was one more
# object written for each programme in every check), read and never changed.
_NO_VERDICTS: dict = {}
_result = tuple.__new__
_TUPLES_KEPT = 256  # combinations of outcomes kept, for each set of criteria shared by programmes
_outcome = dict.__getitem__  # (a criterion's {outcome: CriterionOutcome}, outcome) -> its CriterionOutcome


def _plan(programme, as_of: dt.date) -> tuple:
    """What evaluating `programme` on `as_of` needs, worked out once per date and kept (model.remember): the
    date, the status, the parameters in force, the compiled test and the outcomes of each criterion in force, the
    programmes it requires, with an estimate what working it out reads (model.EstimateView), and the tuples of
    outcomes made so far. Shared by the
    programme's versions in each language: none of it is a text.

    The tuples of outcomes made so far belong to the criteria's outcomes, not to the programme: the programmes that
    test the same criteria (most of them) share one dict of them. Evaluating a thousand programmes, a dict of each
    programme's own was read from a thousand scattered places, a third of the extra cost per programme that a
    thousand bring over ten (bench/engine).

    For the same reason the plans hold one date object per date (a date that is not the caller's is compared by
    its bytes, read from wherever the plan's own date lies), the parameters' names as Python's shared texts (a
    test looks them up by its own, and a name that is not the same object is compared by its characters), and
    the estimate reads its values from the plan's dict of parameters where they are the same (model.EstimateView).
    Counted by bench/cache-misses (valgrind's cache simulator, a 1 MB cache as this machine's L2), evaluating each of
    1,000 generated programmes missed that cache 18 times before these three, 11 times after, and 7 since the plan
    holds equal parameter values as one object (kept.shared_value) and its estimate view keeps the estimate that
    no answer changes (webapp.engine.estimates)."""
    as_of = kept_one(_SHARED_DAYS, as_of)
    compiled = programme.compiled
    criteria = programme.criteria_on(as_of)
    tests = kept_one(_SHARED_TUPLES, tuple(compiled.tests[c.id] for c in criteria))
    results = tuple(_outcomes(compiled, c.id) for c in criteria)
    results, made = kept_one(_SHARED_RESULTS, (results, {}), tuple(id(r) for r in results))
    params = {_intern(name): shared_value(value) for name, value in programme.params_on(as_of).items()}
    plan = (
        as_of,
        programme.status_on(as_of),
        params,  # a compact copy, made beside the plan: every test reads it
        tests,
        results,
        compiled.requires,
        None if programme.spec.estimate is None else EstimateView(programme.spec, as_of, params),
        made,  # outcomes -> the tuple of CriterionOutcomes a Result holds, shared by the plans with these results
    )
    return remember(compiled.plans, as_of, plan)


def _outcomes(compiled, cid: str) -> dict:
    """{outcome: CriterionOutcome} for one criterion, built once: a CriterionOutcome never changes, and equal ones
    (the same criterion id testing the same questions and parameters, in many programmes) are one object."""
    found = compiled.outcomes.get(cid)
    if found is None:
        key = (cid, *compiled.uses[cid])
        found = _SHARED_OUTCOMES.get(key)
        if found is None:
            found = {o: CriterionOutcome(*key[:1], o, *key[1:]) for o in (MET, NOT_MET, UNKNOWN)}
            if len(_SHARED_OUTCOMES) >= KEPT_ONES:
                _SHARED_OUTCOMES.clear()
            _SHARED_OUTCOMES[key] = found
        compiled.outcomes[cid] = found
    return found


_SHARED_DAYS: dict = {}  # a date -> the one date object that the plans for it hold
_SHARED_TUPLES: dict = {}  # tests -> the one tuple of them
_SHARED_RESULTS: dict = {}  # ids of the criteria's {outcome: CriterionOutcome} -> (their tuple, tuples of outcomes)
# (the outcomes' dicts are kept in _SHARED_OUTCOMES, which lives as long as the process, so their ids stay valid)
_SHARED_OUTCOMES: dict = {}  # (criterion id, question ids, parameter names) -> {outcome: CriterionOutcome}
_intern = sys.intern


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
    for programme in programmes.values():
        _place(programme, (), programmes, ordered, placed)
    return ordered


def _place(programme, path: tuple, programmes: dict, ordered: list, placed: set) -> None:
    """Put `programme` in `ordered` after the programmes it requires. A function of its own, not one nested in
    in_dependency_order: a nested function that calls itself refers to itself, a cycle that would hold the
    programmes until the garbage collector ran."""
    if programme.id in placed or programme.id in path:
        return
    for pid in programme.requires:
        if pid in programmes:
            _place(programmes[pid], (*path, programme.id), programmes, ordered, placed)
    placed.add(programme.id)
    ordered.append(programme)
