"""Indicative support amounts from a closed set of formula shapes: the numbers and the working, no words."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from webapp.engine.kept import shared_value
from webapp.engine.model import EstimateView, dated_values_on, ratio_share


@dataclass(frozen=True, slots=True)
class Estimate:
    """An indicative amount and how it was reached; `amount` is None while the answer it needs is missing.

    With slots: one is made for nearly every programme in every check, and a thousand of them, each with a
    __dict__ of its own, were most of the memory a check of a thousand programmes wrote (bench/engine).
    """

    shape: str
    amount: float | None
    params: tuple  # names of the parameters used, in the order the formula uses them
    needs: str | None = None  # the question whose answer would give an amount
    base: float | None = None  # the answer the formula works on
    raw: float | None = None  # the amount before the cap
    cap: float | None = None
    ratio: str | None = None  # matching: the "government:company" ratio
    share: Fraction | None = None  # matching: the government's share
    rate: float | None = None  # percentage
    tiers: tuple = ()  # tiered: (rate above the baseline, portion of the base) for each band reached
    baseline: float | None = None  # tiered: the normal rate subtracted from each band's rate

    @property
    def capped(self) -> bool:
        return self.cap is not None and self.raw is not None and self.raw > self.cap


def parameter_names(spec) -> tuple:
    """The parameters an estimate spec uses, each once, in the order of the formula."""
    names = [getattr(spec, k) for k in ("ratio", "rate", "baseline", "amount") if getattr(spec, k)]
    for tier in spec.tiers or []:
        names += [n for n in (tier.up_to, tier.rate) if n]
    return tuple(dict.fromkeys(names + ([spec.cap] if spec.cap else [])))


def values_in_force(programme, spec, as_of) -> tuple:
    """(the parameters the estimate `spec` uses, {name: value in force on `as_of`}); the values are None while one
    of them is not in force yet."""
    names = parameter_names(spec)
    in_force = dated_values_on(programme, as_of)  # once: a Programme and an EstimateView both give `parameters`
    dated = [in_force[name] for name in names]
    if any(d is None for d in dated):
        return names, None
    return names, {name: d.value for name, d in zip(names, dated, strict=True)}


def _the_plans(values: dict | None, params: dict | None) -> dict | None:
    """`params` (the dict of the plan the view belongs to, webapp.engine.evaluate) when it holds every one of
    `values` (an equal value of the same type: the plan holds the shared one, kept.shared_value), else a dict of
    the shared values: evaluating a thousand programmes, the estimate then reads the dict and the values the tests
    have just read, not more of its own."""
    if values is None or params is None:
        return values
    for name, value in values.items():
        held = params.get(name, _ABSENT)
        if type(held) is not type(value) or held != value:
            return {name: shared_value(value) for name, value in values.items()}
    return params


_ABSENT = object()


def estimate(programme, facts: dict, as_of) -> Estimate | None:
    """The indicative amount for one programme, or None when a parameter is not yet in force."""
    spec = programme.estimate  # a Programme's spec.estimate; an EstimateView's compact copy of it
    if type(programme) is EstimateView and as_of == programme.as_of:
        if spec.shape == "fixed" or facts.get(spec.of) is None:
            # The same for every company: a fixed amount, or the answer it needs not given. Made once for the view
            # and shared by every Result (an Estimate never changes), not made again for every programme in every
            # check.
            kept = programme.unanswered
            if kept is None:
                kept = programme.unanswered = _answered(programme, spec, {}, as_of) or _NONE
            return None if kept is _NONE else kept
        return _answered(programme, spec, facts, as_of)
    names, values = values_in_force(programme, spec, as_of)
    return _worked_out(spec, names, values, facts)


_NONE = object()  # the view's answer-independent estimate, when there is none (a parameter not yet in force)


def _answered(view: EstimateView, spec, facts: dict, as_of):
    """The estimate of an EstimateView on its own date for `facts`."""
    names, values = view.names, view.values
    if names is None:
        names, values = values_in_force(view, spec, as_of)
        values, names = _the_plans(values, view.params), shared_value(names)
        view.values, view.names = values, names  # names last: another thread reads them first
    return _worked_out(spec, names, values, facts)


def _worked_out(spec, names: tuple, values: dict | None, facts: dict) -> Estimate | None:
    """The estimate for `facts` from the parameters' `values` (None while one is not in force)."""
    if values is None:
        return None
    value = values.__getitem__
    if spec.shape == "fixed":
        amount = value(spec.amount)
        return Estimate("fixed", amount, names, raw=amount)
    base = facts.get(spec.of)
    working = _SHAPES[spec.shape](spec, value, base)
    if base is None:
        return Estimate(spec.shape, None, names, needs=spec.of, **working)
    cap = value(spec.cap) if spec.cap else None
    raw = working.pop("raw")
    amount = float(cap) if cap is not None and raw > cap else float(raw)
    return Estimate(spec.shape, amount, names, base=base, raw=raw, cap=cap, **working)


def _matching(spec, value, base) -> dict:
    ratio = value(spec.ratio)
    share = ratio_share(ratio)
    return {"ratio": ratio, "share": share, "raw": None if base is None else base * share}


def _percentage(spec, value, base) -> dict:
    rate = value(spec.rate)
    return {"rate": rate, "raw": None if base is None else base * rate / 100}


def _tiered(spec, value, base) -> dict:
    baseline = value(spec.baseline) if spec.baseline else 0
    if base is None:
        return {"baseline": baseline}
    raw, bands, floor = 0, [], 0
    for tier in spec.tiers:
        top = value(tier.up_to) if tier.up_to else None
        portion = max(0, (base if top is None else min(base, top)) - floor)
        if portion <= 0:
            break
        rate = value(tier.rate) - baseline
        raw += portion * rate / 100
        bands.append((rate, portion))
        floor = top if top is not None else base
    return {"raw": raw, "tiers": tuple(bands), "baseline": baseline}


_SHAPES = {"matching": _matching, "percentage": _percentage, "tiered": _tiered}
