"""An estimate in words: the arithmetic of one amount, and a programme's formula for the catalogue."""

from __future__ import annotations

from webapp.engine.model import ratio_share
from webapp.wording.numbers import format_hkd
from webapp.wording.parameters import values_in_force
from webapp.wording.text import _
from webapp.wording.text import lazy_gettext as _l

SHARE_WORDS = {
    (1, 2): _l("one half"),
    (1, 3): _l("one third"),
    (1, 4): _l("one quarter"),
    (2, 3): _l("two thirds"),
    (3, 4): _l("three quarters"),
}


def share_words(share) -> str:
    """A government share in words: "one third", or a percentage where there is no common word for it."""
    return SHARE_WORDS.get((share.numerator, share.denominator), f"{float(share):.0%}")


def explanation(estimate) -> str:
    """How the amount was worked out ("1:2 matching: one third of HK$900m = HK$300m, capped at HK$200m.")."""
    if estimate.shape == "fixed":
        return _("A fixed amount of up to %(amount)s.", amount=format_hkd(estimate.amount))
    if estimate.amount is None:
        return _FORMULA[estimate.shape](estimate)
    working = _WORKING[estimate.shape](estimate)
    if estimate.capped:
        return _("%(working)s, capped at %(cap)s.", working=working, cap=format_hkd(estimate.cap))
    if estimate.cap is None:
        return _("%(working)s.", working=working)
    return _("%(working)s, within the %(cap)s cap.", working=working, cap=format_hkd(estimate.cap))


def values_used(estimate, programme, as_of) -> tuple:
    """ValueWords for each parameter the estimate used."""
    return values_in_force(programme, estimate.params, as_of)


def _matching(estimate) -> str:
    return _(
        "%(ratio)s matching: %(share)s of %(base)s = %(amount)s",
        ratio=estimate.ratio,
        share=share_words(estimate.share),
        base=format_hkd(estimate.base),
        amount=format_hkd(estimate.raw),
    )


def _percentage(estimate) -> str:
    return _(
        "%(rate)s%% of %(base)s = %(amount)s",
        rate=f"{estimate.rate:g}",
        base=format_hkd(estimate.base),
        amount=format_hkd(estimate.raw),
    )


def _tiered(estimate) -> str:
    parts = [
        _("%(rate)s%% of %(base)s", rate=f"{rate:g}", base=format_hkd(portion)) for rate, portion in estimate.tiers
    ]
    working = f"{' + '.join(parts)} = {format_hkd(estimate.raw)}"
    if estimate.baseline:
        working = _("above the normal %(rate)s%%: %(working)s", rate=f"{estimate.baseline:g}", working=working)
    return working


_WORKING = {"matching": _matching, "percentage": _percentage, "tiered": _tiered}
_FORMULA = {
    "matching": lambda e: _("%(ratio)s matching of your costs.", ratio=e.ratio),
    "percentage": lambda e: _("%(rate)s%% of your costs.", rate=f"{e.rate:g}"),
    "tiered": lambda e: _("A tiered percentage of your spending."),
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
        gov, company = (part.strip() for part in str(value(spec.ratio)).split(":"))
        text = _(
            "Matching funding at %(gov)s:%(company)s, the government paying HK$%(gov)s for every "
            "HK$%(company)s you pay: %(share)s of the %(base)s",
            gov=gov,
            company=company,
            share=share_words(ratio_share(value(spec.ratio))),
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
