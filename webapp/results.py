"""Turning evaluations into what the results page and the API show."""

from __future__ import annotations

from dataclasses import dataclass, field

from .amounts import format_hkd
from .engine import evaluate_programme

GROUPS = {
    "likely": "Likely to qualify",
    "possible": "May qualify: we need more information",
    "unlikely": "Unlikely to qualify",
    "closed": "Closed to applications",
    "information": "For information: offices and services to contact",
}
VERDICT_WORDS = {
    "likely": "Likely to qualify",
    "possible": "May qualify",
    "unlikely": "Unlikely to qualify",
    "closed": "Closed",
}
RELEVANCE_WORDS = {
    "likely": "Likely to be relevant",
    "possible": "May be relevant",
    "unlikely": "Probably not relevant",
    "closed": "Closed",
}
FUNDING = ("grant", "rebate")
OUTCOME_WORDS = {"met": "Met", "not_met": "Not met", "unknown": "Not known yet"}


def verdict_words(result) -> str:
    words = RELEVANCE_WORDS if result.programme.kind == "advice" else VERDICT_WORDS
    return words[result.verdict]


def group_of(result) -> str:
    if result.verdict == "closed":
        return "closed"
    return "information" if result.programme.kind == "advice" else result.verdict


@dataclass
class Report:
    as_of: object
    rules: object
    results: list
    groups: dict = field(default_factory=dict)

    @property
    def total_likely(self) -> float:
        """Indicative grants and rebates of the likely programmes (tax deductions are not money paid out)."""
        return sum(
            r.estimate.amount
            for r in self.groups.get("likely", [])
            if r.estimate and r.estimate.amount and r.programme.estimate.counts_as in FUNDING
        )

    def summary(self) -> str:
        likely, possible = len(self.groups.get("likely", [])), len(self.groups.get("possible", []))
        parts = [f"{_count(likely)} {'is' if likely == 1 else 'are'} likely to fit your plans"]
        parts.append(f"{possible} more may fit" if possible else "none more may fit without more information")
        text = ", ".join(parts)
        if self.total_likely:
            text += f", with up to {format_hkd(self.total_likely)} of indicative funding between them"
        return text[0].upper() + text[1:] + "."


def _count(n: int) -> str:
    return "No programme" if n == 0 else f"{n} programme{'s' if n != 1 else ''}"


def _sort_key(result):
    amount = result.estimate.amount if result.estimate and result.estimate.amount else 0
    return (-amount, result.programme.name)


def build_report(rules, facts: dict, as_of) -> Report:
    results = [evaluate_programme(p, facts, as_of) for p in rules.programmes.values()]
    report = Report(as_of, rules, sorted(results, key=_sort_key))
    for name in GROUPS:
        members = [r for r in report.results if group_of(r) == name]
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


def show_answer(question, value, given: bool = True) -> str:
    if value is None:
        return "Not sure" if given and question.not_sure else "Not answered"
    labels = {o.value: o.label for o in question.options}
    if question.type == "yes_no":
        return "Yes" if value else "No"
    if question.type == "choice":
        return labels.get(value, value)
    if question.type == "multi":
        return "; ".join(labels.get(v, v) for v in value) if value else "None"
    if question.type == "amount":
        return format_hkd(value, exact=True)
    if question.type == "number":
        return f"{value:,}" if isinstance(value, int) else f"{value:g}"
    return str(value)
