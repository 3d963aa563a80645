"""Turning evaluations into what the results page and the API show."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from webapp.engine.changes import is_near_miss, what_would_change
from webapp.engine.evaluate import evaluate_programme
from webapp.wording.changes import change_text, show_answer
from webapp.wording.numbers import format_hkd
from webapp.wording.text import _, ngettext

GROUPS = {
    "likely": _l("Likely to qualify"),
    "near_miss": _l("Near misses: one change away from likely"),
    "possible": _l("May qualify: we need more information"),
    "unlikely": _l("Unlikely to qualify"),
    "closed": _l("Closed to applications"),
    "information": _l("For information: offices and services to contact"),
}
VERDICT_WORDS = {
    "likely": _l("Likely to qualify"),
    "possible": _l("May qualify"),
    "unlikely": _l("Unlikely to qualify"),
    "closed": _l("Closed"),
}
RELEVANCE_WORDS = {
    "likely": _l("Likely to be relevant"),
    "possible": _l("May be relevant"),
    "unlikely": _l("Probably not relevant"),
    "closed": _l("Closed"),
}
FUNDING = ("grant", "rebate")
OUTCOME_WORDS = {"met": _l("met"), "not_met": _l("not met"), "unknown": _l("not known yet")}


def verdict_words(result) -> str:
    words = RELEVANCE_WORDS if result.programme.kind == "advice" else VERDICT_WORDS
    return words[result.verdict]


def group_of(result, near_miss: bool = False) -> str:
    if result.verdict == "closed":
        return "closed"
    if result.programme.kind == "advice":
        return "information"
    return "near_miss" if near_miss else result.verdict


@dataclass
class Report:
    as_of: object
    rules: object
    results: list
    groups: dict = field(default_factory=dict)
    changes: dict = field(default_factory=dict)  # programme id -> [(Change, text)]
    near_misses: set = field(default_factory=set)
    _groups: dict = field(default_factory=dict, repr=False)

    def group(self, result) -> str:
        """The group a result is shown in (worked out once per result)."""
        pid = result.programme.id
        if pid not in self._groups:
            self._groups[pid] = group_of(result, pid in self.near_misses)
        return self._groups[pid]

    @property
    def total_likely(self) -> float:
        """Indicative grants and rebates of the likely programmes (tax deductions are not money paid out)."""
        return sum(
            r.estimate.amount
            for r in self.groups.get("likely", [])
            if r.estimate and r.estimate.amount and r.programme.estimate.counts_as in FUNDING
        )

    @property
    def total_tax_likely(self) -> float:
        """Extra tax deductions of the likely programmes: reductions of taxable profit, not payments."""
        return sum(
            r.estimate.amount
            for r in self.groups.get("likely", [])
            if r.estimate and r.estimate.amount and r.programme.estimate.counts_as == "tax_deduction"
        )

    def summary(self) -> str:
        """The one-paragraph answer at the top of the page."""
        count = {name: len(self.groups.get(name, [])) for name in GROUPS}
        if count["likely"] == 0:
            text = _("No programme is likely to fit your plans.")
        elif self.total_likely:
            text = ngettext(
                "%(num)d programme is likely to fit your plans, with up to %(amount)s of indicative funding.",
                "%(num)d programmes are likely to fit your plans, with up to %(amount)s of indicative funding "
                "between them.",
                count["likely"],
                amount=format_hkd(self.total_likely),
            )
        else:
            text = ngettext(
                "%(num)d programme is likely to fit your plans.",
                "%(num)d programmes are likely to fit your plans.",
                count["likely"],
            )
        parts = [text]
        if self.total_tax_likely:
            parts.append(
                _(
                    "You may also deduct up to %(amount)s more from your taxable profits.",
                    amount=format_hkd(self.total_tax_likely),
                )
            )
        if count["possible"]:
            parts.append(_("%(num)d more may fit: we need more information.", num=count["possible"]))
        if count["near_miss"]:
            parts.append(
                ngettext(
                    "%(num)d is one change away from likely.",
                    "%(num)d are one change away from likely.",
                    count["near_miss"],
                )
            )
        return _(" ").join(parts)  # no space between sentences in Chinese


def _sort_key(result):
    amount = result.estimate.amount if result.estimate and result.estimate.amount else 0
    return (-amount, result.programme.name)


def build_report(rules, facts: dict, as_of) -> Report:
    """Every programme evaluated, grouped, with what would change each outcome."""
    results = [evaluate_programme(p, facts, as_of) for p in rules.programmes.values()]
    report = Report(as_of, rules, sorted(results, key=_sort_key))
    for result in report.results:
        changes = what_would_change(result) if result.verdict in ("possible", "unlikely") else []
        texts = [change_text(c, rules.questionnaire, result.programme, as_of, facts) for c in changes]
        report.changes[result.programme.id] = list(zip(changes, texts, strict=True))
        if result.programme.kind != "advice" and is_near_miss(result, changes):
            report.near_misses.add(result.programme.id)
        elif result.verdict == "unlikely":
            result.estimate = None  # an amount for a programme that does not fit would mislead
    for name in GROUPS:
        members = [r for r in report.results if report.group(r) == name]
        if members:
            report.groups[name] = members
    return report


def answer_rows(questionnaire, facts: dict) -> list:
    """(question, shown answer) for every question that applies, in questionnaire order."""
    rows = []
    for qid, question in questionnaire.questions.items():
        if qid not in facts and not questionnaire.applies(qid, facts):
            continue
        rows.append((question, show_answer(question, facts.get(qid), qid in facts)))
    return rows
