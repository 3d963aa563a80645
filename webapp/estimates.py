"""Indicative support amounts from a closed set of formula shapes, with the arithmetic shown."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from .amounts import format_hkd


@dataclass
class Estimate:
    """An indicative amount (None when an answer is missing), how it was worked out, the values used."""

    amount: float | None
    explanation: str
    params: list = field(default_factory=list)  # (label, formatted value, DatedValue)
    needs: str | None = None  # the question whose answer would give an amount


def ratio_share(text: str) -> Fraction:
    """The government's share in a "government:company" matching ratio such as "1:2" (one third)."""
    gov, company = (Fraction(part.strip()) for part in str(text).split(":"))
    return gov / (gov + company)


SHARE_WORDS = {(1, 2): "one half", (1, 3): "one third", (1, 4): "one quarter", (2, 3): "two thirds",
               (3, 4): "three quarters"}


def _used(programme, name, as_of):
    param = programme.spec.parameters[name]
    dated = programme.value_on(name, as_of)
    shown = dated.value if param.unit != "hkd" else format_hkd(dated.value)
    return (param.label, str(shown), dated)


def estimate(programme, facts, as_of) -> Estimate | None:
    spec = programme.spec.estimate
    names = [n for n in (spec.ratio, spec.cap, spec.amount) if n]
    if any(programme.value_on(n, as_of) is None for n in names):
        return None
    used = [_used(programme, n, as_of) for n in names]
    if spec.shape == "fixed":
        amount = programme.value_on(spec.amount, as_of).value
        return Estimate(amount, f"A fixed amount of up to {format_hkd(amount)}.", used)
    # matching: the government's share of a cost, capped
    ratio = programme.value_on(spec.ratio, as_of).value
    share = ratio_share(ratio)
    cap = programme.value_on(spec.cap, as_of).value if spec.cap else None
    base = facts.get(spec.of)
    if base is None:
        return Estimate(None, f"{ratio} matching of your costs.", used, needs=spec.of)
    raw = base * share
    words = SHARE_WORDS.get((share.numerator, share.denominator), f"{float(share):.0%}")
    text = f"{ratio} matching: {words} of {format_hkd(base)} = {format_hkd(raw)}"
    if cap is not None and raw > cap:
        text += f", capped at {format_hkd(cap)}."
        amount = cap
    else:
        text += f", within the {format_hkd(cap)} cap." if cap is not None else "."
        amount = raw
    return Estimate(float(amount), text, used)
