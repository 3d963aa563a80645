"""Indicative support amounts from a closed set of formula shapes, with the arithmetic shown."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from fractions import Fraction

from flask_babel import lazy_gettext as _l

from webapp.wording.numbers import LANGUAGE, format_hkd
from webapp.wording.text import _


@dataclass
class Estimate:
    """An indicative amount (None when an answer is missing), how it was worked out, the values used."""

    amount: float | None
    explanation: str
    params: list = field(default_factory=list)  # (label, formatted value, DatedValue)
    needs: str | None = None  # the question whose answer would give an amount


@functools.lru_cache(maxsize=256)
def ratio_share(text: str) -> Fraction:
    """The government's share in a "government:company" matching ratio such as "1:2" (one third)."""
    gov, company = (Fraction(part.strip()) for part in str(text).split(":"))
    return gov / (gov + company)


SHARE_WORDS = {
    (1, 2): _l("one half"),
    (1, 3): _l("one third"),
    (1, 4): _l("one quarter"),
    (2, 3): _l("two thirds"),
    (3, 4): _l("three quarters"),
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
    used = programme.memo(
        ("estimate values", as_of, LANGUAGE.get()), lambda: [_used(programme, n, as_of) for n in dict.fromkeys(names)]
    )
    value = lambda name: programme.value_on(name, as_of).value  # noqa: E731
    if spec.shape == "fixed":
        amount = value(spec.amount)
        return Estimate(amount, _("A fixed amount of up to %(amount)s.", amount=format_hkd(amount)), used)
    base = facts.get(spec.of)
    if base is None:
        return Estimate(None, _WORDING[spec.shape](spec, value), used, needs=spec.of)
    raw, working = _SHAPES[spec.shape](spec, value, base)
    cap = value(spec.cap) if spec.cap else None
    if cap is not None and raw > cap:
        return Estimate(float(cap), _("%(working)s, capped at %(cap)s.", working=working, cap=format_hkd(cap)), used)
    if cap is None:
        return Estimate(float(raw), _("%(working)s.", working=working), used)
    return Estimate(float(raw), _("%(working)s, within the %(cap)s cap.", working=working, cap=format_hkd(cap)), used)


def _matching(spec, value, base):
    ratio = value(spec.ratio)
    share = ratio_share(ratio)
    words = SHARE_WORDS.get((share.numerator, share.denominator), f"{float(share):.0%}")
    raw = base * share
    return raw, _(
        "%(ratio)s matching: %(share)s of %(base)s = %(amount)s",
        ratio=ratio,
        share=words,
        base=format_hkd(base),
        amount=format_hkd(raw),
    )


def _percentage(spec, value, base):
    rate = value(spec.rate)
    raw = base * rate / 100
    return raw, _(
        "%(rate)s%% of %(base)s = %(amount)s", rate=f"{rate:g}", base=format_hkd(base), amount=format_hkd(raw)
    )


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
        parts.append(_("%(rate)s%% of %(base)s", rate=f"{rate:g}", base=format_hkd(portion)))
        floor = top if top is not None else base
    working = f"{' + '.join(parts)} = {format_hkd(raw)}"
    if baseline:
        working = _("above the normal %(rate)s%%: %(working)s", rate=f"{baseline:g}", working=working)
    return raw, working


_SHAPES = {"matching": _matching, "percentage": _percentage, "tiered": _tiered}
_WORDING = {
    "matching": lambda spec, value: _("%(ratio)s matching of your costs.", ratio=value(spec.ratio)),
    "percentage": lambda spec, value: _("%(rate)s%% of your costs.", rate=f"{value(spec.rate):g}"),
    "tiered": lambda spec, value: _("A tiered percentage of your spending."),
}


def describe_estimate(programme, questionnaire, as_of) -> str:
    """The formula in words, with the parameter values in force on `as_of`."""
    spec = programme.spec.estimate

    def value(name):
        dated = programme.value_on(name, as_of)
        return dated.value if dated else None

    base = questionnaire.questions[spec.of].name if spec.of else ""
    cap = value(spec.cap) if spec.cap else None
    if spec.shape == "fixed":
        return _("A fixed amount of up to %(amount)s.", amount=format_hkd(value(spec.amount)))
    if spec.shape == "matching":
        share = ratio_share(value(spec.ratio))
        words = SHARE_WORDS.get((share.numerator, share.denominator), f"{float(share):.0%}")
        gov, company = (part.strip() for part in str(value(spec.ratio)).split(":"))
        text = _(
            "Matching funding at %(gov)s:%(company)s, the government paying HK$%(gov)s for every "
            "HK$%(company)s you pay: %(share)s of the %(base)s",
            gov=gov,
            company=company,
            share=words,
            base=base,
        )
    elif spec.shape == "percentage":
        text = _("%(rate)s%% of the %(base)s", rate=f"{value(spec.rate):g}", base=base)
    else:
        text = _tier_words(spec, value, base)
    return _("%(text)s, up to %(cap)s.", text=text, cap=format_hkd(cap)) if cap else _("%(text)s.", text=text)


def _tier_words(spec, value, base) -> str:
    bands, first = [], True
    for tier in spec.tiers:
        rate = f"{value(tier.rate):g}"
        if tier.up_to:
            amount = format_hkd(value(tier.up_to))
            if first:
                bands.append(_("%(rate)s%% on the first %(amount)s", rate=rate, amount=amount))
            else:
                bands.append(_("%(rate)s%% up to %(amount)s", rate=rate, amount=amount))
            first = False
        else:
            bands.append(_("%(rate)s%% on the rest", rate=rate))
    text = _("%(bands)s of the %(base)s", bands=_(", ").join(bands), base=base)
    if spec.baseline:
        text = _(
            "%(text)s; the amount shown is what exceeds the normal %(rate)s%%",
            text=text,
            rate=f"{value(spec.baseline):g}",
        )
    return text
