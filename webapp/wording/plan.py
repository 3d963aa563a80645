"""The funding plan in words: the total as people say it, what each programme pays for, why others are left out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from webapp.wording.numbers import about_hkd
from webapp.wording.text import LANGUAGE, _, ngettext


@dataclass(frozen=True)
class PlanWords:
    headline: str  # "Up to about HK$150m from 3 programmes that can be combined."
    members: tuple  # (the engine's Result, what it pays for in words): every member is likely, its amount shown
    left_out: tuple  # (programme id, sentence)
    tax_sentence: str  # "" when no extra tax deduction is likely
    possible: tuple  # the engine's Results of the possible additions


class BoxMember(NamedTuple):
    """A programme of the funding plan as the answer box lists it."""

    id: str
    name: str
    amount: str  # as the page shows it, rounded ("HK$150m")
    pays: str  # what it pays for, in words ("" when the rule file names no cost)


class AnswerBox(NamedTuple):
    """All the answer box at the top of the results page shows, in words, besides the page's link: companies whose
    boxes say the same (amounts are shown rounded) share its HTML (webapp.web.resultspage). A tuple of texts, so
    that looking it up hashes and compares texts only."""

    headline: str
    members: tuple  # BoxMember
    tax_sentence: str
    summary: str
    left_out: tuple  # a sentence for each likely programme the plan leaves out
    as_of: str  # the date of the check (ISO), which the PDF link carries


def answer_box(report) -> AnswerBox:
    """The answer box of `report` (a ReportWords)."""
    plan = report.plan
    as_of = report.as_of.isoformat()
    if plan is None:
        return AnswerBox("", (), "", report.summary, (), as_of)
    members = tuple(
        BoxMember(r.programme.id, r.programme.name, about_hkd(r.estimate.amount), pays) for r, pays in plan.members
    )
    left_out = tuple(text for _pid, text in plan.left_out)
    return AnswerBox(plan.headline, members, plan.tax_sentence, report.summary, left_out, as_of)


def pays_for_words(programme, costs: dict) -> str:
    lang = LANGUAGE.get()
    return _("; ").join(_cost_label(costs[c], lang) for c in programme.spec.pays_for if c in costs)


def plan_words(plan, worded: dict, costs: dict) -> PlanWords:
    """`worded`: programme id -> the engine's Result (or its ResultWords): the plan reads each member's programme
    and estimate, and nothing else."""
    members = tuple((worded[pid], pays_for_words(worded[pid].programme, costs)) for pid in plan.programmes)
    if plan.programmes:
        headline = ngettext(
            "Up to about %(amount)s from %(num)d programme.",
            "Up to about %(amount)s from %(num)d programmes that can be combined.",
            len(plan.programmes),
            amount=about_hkd(plan.total_hkd),
        )
    else:
        headline = _("No programme with an amount of money is likely to fit your plans yet.")
    left_out = tuple((item.id, left_out_sentence(item, worded, costs)) for item in plan.left_out)
    tax = ""
    if plan.tax_deductions_hkd:
        tax = _(
            "You may also deduct about %(amount)s more from your taxable profits: a deduction, not a payment.",
            amount=about_hkd(plan.tax_deductions_hkd),
        )
    return PlanWords(headline, members, left_out, tax, tuple(worded[pid] for pid in plan.possible_additions))


def left_out_sentence(item, worded: dict, costs: dict) -> str:
    """ "NIAS or NIFS: both pay for production facilities; NIAS is larger." """
    kept, dropped = worded[item.clashes_with], worded[item.id]
    larger = _amount(kept) > _amount(dropped)
    names = {"kept": kept.programme.short_name, "dropped": dropped.programme.short_name}
    if item.reason == "not_combined":
        if larger:
            return _("%(kept)s or %(dropped)s: they cannot be combined; %(kept)s is larger.", **names)
        return _("%(kept)s or %(dropped)s: they cannot be combined; the plan keeps %(kept)s.", **names)
    lang = LANGUAGE.get()
    shared = _("; ").join(_cost_label(costs[c], lang) for c in item.costs if c in costs)
    if larger:
        return _("%(kept)s or %(dropped)s: both pay for %(costs)s; %(kept)s is larger.", costs=shared, **names)
    return _("%(kept)s or %(dropped)s: both pay for %(costs)s; the plan keeps %(kept)s.", costs=shared, **names)


def _cost_label(cost, lang: str) -> str:
    label = cost.label(lang)
    if lang != "en" or label[1:2].isupper() or not label[1:2].isalpha():
        return label  # Chinese, or a label that starts with an acronym (R&D)
    return label[0].lower() + label[1:]


def _amount(result_words) -> float:
    estimate = getattr(result_words, "result", result_words).estimate
    return estimate.amount if estimate and estimate.amount else 0
