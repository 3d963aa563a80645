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


SHARE_WORDS = {
    (1, 2): "one half",
    (1, 3): "one third",
    (1, 4): "one quarter",
    (2, 3): "two thirds",
    (3, 4): "three quarters",
}


def _used(programme, name, as_of):
    param = programme.spec.parameters[name]
    dated = programme.value_on(name, as_of)
    shown = (
        format_hkd(dated.value)
        if param.unit == "hkd"
        else f"{dated.value}%"
        if param.unit == "percent"
        else dated.value
    )
    return (param.label, str(shown), dated)


def _names(spec) -> list:
    names = [getattr(spec, k) for k in ("ratio", "rate", "baseline", "amount") if getattr(spec, k)]
    for tier in spec.tiers or []:
        names += [n for n in (tier.up_to, tier.rate) if n]
    return names + ([spec.cap] if spec.cap else [])


def estimate(programme, facts, as_of) -> Estimate | None:
    """The indicative amount for one programme, or None when a parameter is not yet in force."""
    spec = programme.spec.estimate
    names = _names(spec)
    if any(programme.value_on(n, as_of) is None for n in names):
        return None
    used = [_used(programme, n, as_of) for n in dict.fromkeys(names)]
    value = lambda name: programme.value_on(name, as_of).value  # noqa: E731
    if spec.shape == "fixed":
        amount = value(spec.amount)
        return Estimate(amount, f"A fixed amount of up to {format_hkd(amount)}.", used)
    base = facts.get(spec.of)
    if base is None:
        return Estimate(None, _WORDING[spec.shape](spec, value), used, needs=spec.of)
    raw, working = _SHAPES[spec.shape](spec, value, base)
    cap = value(spec.cap) if spec.cap else None
    if cap is not None and raw > cap:
        return Estimate(float(cap), f"{working}, capped at {format_hkd(cap)}.", used)
    tail = f", within the {format_hkd(cap)} cap." if cap is not None else "."
    return Estimate(float(raw), working + tail, used)


def _matching(spec, value, base):
    ratio = value(spec.ratio)
    share = ratio_share(ratio)
    words = SHARE_WORDS.get((share.numerator, share.denominator), f"{float(share):.0%}")
    raw = base * share
    return raw, f"{ratio} matching: {words} of {format_hkd(base)} = {format_hkd(raw)}"


def _percentage(spec, value, base):
    rate = value(spec.rate)
    raw = base * rate / 100
    return raw, f"{rate:g}% of {format_hkd(base)} = {format_hkd(raw)}"


def _tiered(spec, value, base):
    baseline = value(spec.baseline) if spec.baseline else 0
    raw, parts, floor = 0, [], 0
    for tier in spec.tiers:
        top = value(tier.up_to) if tier.up_to else None
        portion = max(0, (base if top is None else min(base, top)) - floor)
        if portion <= 0:
            break
        rate = value(tier.rate) - baseline
        raw += portion * rate / 100
        parts.append(f"{rate:g}% of {format_hkd(portion)}")
        floor = top if top is not None else base
    prefix = f"above the normal {baseline:g}%: " if baseline else ""
    return raw, f"{prefix}{' + '.join(parts)} = {format_hkd(raw)}"


_SHAPES = {"matching": _matching, "percentage": _percentage, "tiered": _tiered}
_WORDING = {
    "matching": lambda spec, value: f"{value(spec.ratio)} matching of your costs.",
    "percentage": lambda spec, value: f"{value(spec.rate):g}% of your costs.",
    "tiered": lambda spec, value: "A tiered percentage of your spending.",
}


def describe_estimate(programme, questionnaire, as_of) -> str:
    """The formula in words, with the parameter values in force on `as_of`."""
    spec = programme.spec.estimate

    def value(name):
        dated = programme.value_on(name, as_of)
        return dated.value if dated else None

    base = questionnaire.questions[spec.of].name if spec.of else ""
    cap = f", up to {format_hkd(value(spec.cap))}" if spec.cap and value(spec.cap) is not None else ""
    if spec.shape == "fixed":
        return f"A fixed amount of up to {format_hkd(value(spec.amount))}."
    if spec.shape == "matching":
        share = ratio_share(value(spec.ratio))
        words = SHARE_WORDS.get((share.numerator, share.denominator), f"{float(share):.0%}")
        gov, company = (part.strip() for part in str(value(spec.ratio)).split(":"))
        return (
            f"Matching funding at {gov}:{company}, the government paying HK${gov} for every HK${company} "
            f"you pay: {words} of the {base}{cap}."
        )
    if spec.shape == "percentage":
        return f"{value(spec.rate):g}% of the {base}{cap}."
    baseline = value(spec.baseline) if spec.baseline else 0
    bands, floor = [], None
    for tier in spec.tiers:
        rate = f"{value(tier.rate):g}%"
        if tier.up_to:
            bands.append(
                f"{rate} on the first {format_hkd(value(tier.up_to))}"
                if floor is None
                else f"{rate} up to {format_hkd(value(tier.up_to))}"
            )
            floor = tier.up_to
        else:
            bands.append(f"{rate} on the rest")
    text = f"{', '.join(bands)} of the {base}"
    if baseline:
        text += f"; the amount shown is what exceeds the normal {baseline:g}%"
    return text + cap + "."
