"""Evaluating one programme's rules against a set of answers, as of a date."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from webapp.engine.conditions import MET, NOT_MET, UNKNOWN, evaluate
from webapp.engine.estimates import estimate as compute_estimate
from webapp.engine.estimates import ratio_share
from webapp.wording.numbers import LANGUAGE, format_hkd
from webapp.wording.text import _, ngettext

PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")


@dataclass
class Programme:
    """A validated rule file: the pydantic model plus its parsed conditions."""

    spec: object  # schema.Programme
    conditions: dict  # criterion id -> condition
    file: str = ""
    # What depends only on the date (and language): worked out once, not for every evaluation.
    _memo: dict = field(default_factory=dict, repr=False, compare=False)

    def __getattr__(self, name):
        return getattr(self.spec, name)

    def memo(self, key, make):
        """The value for `key`, made once; kept small, since dates come from users."""
        if key not in self._memo:
            if len(self._memo) > 256:
                self._memo.clear()
            self._memo[key] = make()
        return self._memo[key]

    def value_on(self, name: str, as_of: dt.date):
        """The dated value of parameter `name` in force on `as_of`, or None before the first."""
        current = None
        for dated in self.spec.parameters[name].values:
            if dated.since <= as_of:
                current = dated
        return current

    def params_on(self, as_of: dt.date) -> dict:
        """Every parameter's value in force on `as_of` (a ratio as the government's share); do not change it."""
        return self.memo(("params", as_of), lambda: self._params(as_of))

    def _params(self, as_of: dt.date) -> dict:
        values = {}
        for name, param in self.spec.parameters.items():
            dated = self.value_on(name, as_of)
            if dated is not None:
                values[name] = ratio_share(dated.value) if param.unit == "ratio" else dated.value
        return values

    def status_on(self, as_of: dt.date) -> str:
        window = self.spec.window
        if self.spec.status == "closed" or (window.closes and as_of > window.closes):
            return "closed"
        if self.spec.status == "upcoming" or (window.opens and as_of < window.opens):
            return "upcoming"
        return "open"


@dataclass
class CriterionResult:
    id: str
    title: str
    outcome: str
    text: str
    unverified: bool = False
    facts: tuple = ()
    thresholds: tuple = ()  # (label, value in words, DatedValue) for each parameter the condition uses


@dataclass
class Result:
    programme: Programme
    as_of: dt.date
    status: str
    verdict: str
    criteria: list
    estimate: object  # estimates.Estimate or None
    facts: dict

    @property
    def unknown_facts(self) -> list:
        """Question ids that would settle the criteria now unknown, in order of first use."""
        seen = []
        for c in self.criteria:
            if c.outcome == UNKNOWN:
                seen += [f for f in c.facts if f not in seen]
        return seen


def format_value(unit: str, value) -> str:
    if unit == "hkd":
        return format_hkd(value)
    if unit == "percent":
        return f"{value:g}%"
    if unit == "ratio":
        return _("%(ratio)s (government : company)", ratio=value)
    if unit == "years":
        return ngettext("%(num)s year", "%(num)s years", value)
    return f"{value:,}"


def fill(text: str, programme: Programme, as_of: dt.date) -> str:
    """Replace {parameter} placeholders with the value in force on `as_of`."""
    if "{" not in text:
        return text
    return programme.memo(("fill", text, as_of, LANGUAGE.get()), lambda: _fill(text, programme, as_of))


def _fill(text: str, programme: Programme, as_of: dt.date) -> str:
    def one(match):
        name = match.group(1)
        if name not in programme.spec.parameters:
            return match.group(0)
        dated = programme.value_on(name, as_of)
        if dated is None:
            return _("(not yet set)")
        return format_value(programme.spec.parameters[name].unit, dated.value)

    return PLACEHOLDER.sub(one, text)


def thresholds(programme: Programme, cond, as_of: dt.date) -> tuple:
    """The dated value in force for every parameter a condition compares with."""
    return programme.memo(("thresholds", id(cond), as_of, LANGUAGE.get()), lambda: _thresholds(programme, cond, as_of))


def _thresholds(programme: Programme, cond, as_of: dt.date) -> tuple:
    used = []
    for name in dict.fromkeys(cond.params()):
        dated = programme.value_on(name, as_of)
        if dated is not None:
            param = programme.spec.parameters[name]
            used.append((param.label, format_value(param.unit, dated.value), dated))
    return tuple(used)


def evaluate_programme(programme: Programme, facts: dict, as_of: dt.date) -> Result:
    """Verdict, per-criterion outcomes and estimate for one programme."""
    status = programme.status_on(as_of)
    params = programme.params_on(as_of)
    criteria = []
    for criterion in programme.spec.criteria:
        cond = programme.conditions[criterion.id]
        outcome = evaluate(cond, facts, params)
        text = {MET: criterion.met, NOT_MET: criterion.not_met, UNKNOWN: criterion.unknown}[outcome]
        criteria.append(
            CriterionResult(
                criterion.id,
                criterion.title,
                outcome,
                fill(text, programme, as_of),
                criterion.unverified,
                tuple(dict.fromkeys(cond.facts())),
                thresholds(programme, cond, as_of),
            )
        )
    outcomes = {c.outcome for c in criteria}
    if status == "closed":
        verdict = "closed"
    elif NOT_MET in outcomes:
        verdict = "unlikely"
    elif UNKNOWN in outcomes:
        verdict = "possible"
    else:
        verdict = "likely"
    estimate = None
    if programme.spec.estimate and verdict != "closed":
        estimate = compute_estimate(programme, facts, as_of)
    return Result(programme, as_of, status, verdict, criteria, estimate, facts)
