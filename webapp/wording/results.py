"""A report in words: the group titles, verdicts, each criterion's sentence, the arithmetic and the summary."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from webapp.engine.changes import touches_company
from webapp.engine.conditions import MET
from webapp.engine.kinds import kind_of
from webapp.engine.report import hashable
from webapp.wording.changes import change_text
from webapp.wording.estimates import explanation, values_used
from webapp.wording.parameters import fill, values_in_force
from webapp.wording.plan import PlanWords, plan_words
from webapp.wording.text import LANGUAGE, _, ngettext, sentences
from webapp.wording.text import lazy_gettext as _l

GROUP_TITLES = {
    "likely": _l("Likely to qualify"),
    "near_miss": _l("Within reach: one change to your plans"),
    "possible": _l("May qualify: we need more information"),
    "unlikely": _l("Unlikely to qualify"),
    "upcoming": _l("Not yet open: what is known so far"),
    "closed": _l("Closed to applications"),
    "information": _l("For information: offices, funds and visas that concern you"),
    "not_relevant": _l("Not relevant to your plans"),
}
HIDDEN_GROUPS = ("not_relevant",)  # listed by the API, left off the results page
VERDICT_WORDS = {
    "likely": _l("Likely to qualify"),
    "possible": _l("May qualify"),
    "unlikely": _l("Unlikely to qualify"),
    "upcoming": _l("Not yet open"),
    "closed": _l("Closed"),
}
RELEVANCE_WORDS = {
    "likely": _l("Likely to be relevant"),
    "possible": _l("May be relevant"),
    "unlikely": _l("Probably not relevant"),
    "upcoming": _l("Not yet open"),
    "closed": _l("Closed"),
}
OUTCOME_WORDS = {"met": _l("met"), "not_met": _l("not met"), "unknown": _l("not known yet")}
KIND_TITLES = {
    "funding": _l("Funding"),
    "tax": _l("Tax concessions"),
    "talent": _l("Talent and immigration"),
    "space": _l("Space and land"),
    "advice": _l("Advice and investment services"),
    "fund": _l("Funds that invest through partners"),
    "visa": _l("Visas for the people you hire"),
}
STATUS_WORDS = {"open": _l("Open"), "closed": _l("Closed"), "upcoming": _l("Not yet open")}
# Where "open" would not fit the kind: a deduction is claimed in the tax return, an office is contacted, a fund
# that invests through partners takes no applications.
KIND_STATUS_WORDS = {
    "tax": {"open": _l("Claimed in the profits tax return"), "upcoming": _l("Not yet in force")},
    "advice": {"open": _l("Open for enquiries"), "upcoming": _l("Not yet set up")},
    "fund": {"open": _l("No application: invests through partners"), "upcoming": _l("Not yet investing")},
}


def status_words(programme, status: str) -> str:
    """The status of a programme in words that fit its kind."""
    return KIND_STATUS_WORDS.get(programme.kind, {}).get(status) or STATUS_WORDS[status]


def verdict_word_set(programme) -> dict:
    """Verdicts in words for this kind of programme: relevance for information, qualifying for the rest."""
    return RELEVANCE_WORDS if kind_of(programme).information else VERDICT_WORDS


def verdict_words(result) -> str:
    return verdict_word_set(result.programme)[result.verdict]


@dataclass(frozen=True)
class CriterionWords:
    id: str
    title: str
    outcome: str
    text: str
    unverified: bool
    thresholds: tuple  # ValueWords of each parameter the condition compares with
    planned: str = ""  # for a condition met on an answer that is a plan ("we will incorporate"): when it will be met


@dataclass(frozen=True)
class EstimateWords:
    amount: float | None
    explanation: str
    params: tuple  # ValueWords of each parameter used
    needs: str | None


@dataclass(frozen=True)
class ChangeWords:
    change: object  # engine Change
    text: str
    title: str  # the criterion it would meet


@dataclass(frozen=True)
class ResultWords:
    """One programme's result with its sentences, as the results page and the API show it."""

    result: object
    group: str
    near_miss: bool
    criteria: tuple
    estimate: EstimateWords | None  # None also where the report does not show an amount
    changes: tuple
    offers: str = ""  # one line on what it offers, with its values filled in
    deciding: str = ""  # for a programme that does not fit: the first condition not met, in words
    settle: tuple = ()  # names of the questions whose answers would settle it
    reason: str = ""  # for one shown for information: why it concerns this company (its first condition met)

    @property
    def programme(self):
        return self.result.programme

    @property
    def verdict(self) -> str:
        return self.result.verdict

    @property
    def status(self) -> str:
        return self.result.status


class ReportWords:
    """A report in words. Each result is worded when it is first asked for, so that a page whose programme blocks
    were made before words only what it shows afresh (the funding plan, the programmes that may also fit)."""

    def __init__(self, report, questionnaire):
        self.report = report
        self.questionnaire = questionnaire
        self._worded: dict = {}
        self._by_id = {r.programme.id: r for r in report.results}

    def words(self, result) -> ResultWords:
        """`result` (the engine's) in words."""
        pid = result.programme.id
        worded = self._worded.get(pid)
        if worded is None:
            worded = self._worded[pid] = word_result(result, self.report, self.questionnaire)
        return worded

    def __getitem__(self, pid: str) -> ResultWords:
        return self.words(self._by_id[pid])

    @property
    def as_of(self):
        return self.report.as_of

    @property
    def rules(self):
        return self.report.rules

    @functools.cached_property
    def shown_groups(self) -> dict:
        """group name -> the engine's results, for the groups the results page shows."""
        return {name: members for name, members in self.report.groups.items() if name not in HIDDEN_GROUPS}

    @functools.cached_property
    def results(self) -> tuple:
        """Every result in words, in the report's order."""
        return tuple(self.words(r) for r in self.report.results)

    @functools.cached_property
    def summary(self) -> str:
        return summary(self.report)

    @functools.cached_property
    def plan(self) -> PlanWords | None:
        report = self.report
        # The engine's results, not their words: the answer box shows only each member's name and amount (the
        # amount shown for a likely programme is its estimate's), so no member is worded for it.
        return plan_words(report.plan, self._by_id, getattr(report.rules, "costs", {})) if report.plan else None


def word_report(report, questionnaire) -> ReportWords:
    """Every result of `report` in words (in the current language), each worded when first used."""
    return ReportWords(report, questionnaire)


def word_result(result, report, questionnaire) -> ResultWords:
    programme, as_of = result.programme, result.as_of
    specs = {c.id: c for c in programme.spec.criteria}
    criteria = criteria_words(result, questionnaire, specs)
    estimate = report.shown_estimate(result)
    if estimate is not None:
        estimate = EstimateWords(
            estimate.amount, explanation(estimate), values_used(estimate, programme, as_of), estimate.needs
        )
    changes = tuple(
        ChangeWords(
            change, change_text(change, questionnaire, programme, as_of, result.facts), specs[change.criterion].title
        )
        for change in report.changes[programme.id]
        if not touches_company(change, questionnaire)  # never suggest changing what the company is
    )
    pid = programme.id
    deciding = next((c.text for c in criteria if c.outcome == "not_met"), "")
    settle = tuple(questionnaire.questions[f].name for f in result.unknown_facts if f in questionnaire.questions)
    reason = next((c.text for c in criteria if c.outcome == "met"), "")
    return ResultWords(
        result,
        report.group_of[pid],
        pid in report.near_misses,
        criteria,
        estimate,
        changes,
        fill(programme.offers, programme, as_of),
        deciding,
        settle,
        reason,
    )


def words_key(result, report, questionnaire) -> tuple | None:
    """Everything word_result makes `result`'s words from, but the estimate's amount and arithmetic, worked out
    without making them: two results with the same key have the same words but for those two. The programme (one
    object per rules version and language) and date, the verdict and status, each criterion's outcome, the
    questions that would settle the unknown ones, the parameters the estimate used and the answer it needs, each
    change with the answers it quotes, the group and near miss. None when the estimate shows no amount, and for
    answers that choose a plan (whose words quote them). Keep it in step with word_result."""
    estimate = report.shown_estimate(result)
    if estimate is None or estimate.amount is None or questionnaire is None:
        return None
    facts = result.facts
    if questionnaire.chooses_a_plan(facts):
        return None
    pid, answers = result.programme.id, hashable(facts)
    changes = tuple(
        (
            change.criterion,
            tuple((step.leaf, step.negated, step.unknown) for step in change.steps),
            tuple(map(answers.get, change.facts)),
        )
        for change in report.changes[pid]
        if not touches_company(change, questionnaire)
    )
    return (
        result.programme,
        result.as_of,
        result.verdict,
        result.status,
        result.criteria,
        tuple(result.unknown_facts),
        estimate.params,
        estimate.needs,
        changes,
        report.group_of[pid],
        pid in report.near_misses,
    )


CRITERIA_KEPT = 4096  # worded criteria kept (each a few hundred bytes); all are forgotten when there are more
_CRITERIA: dict = {}  # (programme, date, outcomes, language) -> its criteria in words


def criteria_words(result, questionnaire, specs: dict) -> tuple:
    """The CriterionWords of each criterion of `result`. They depend on the programme, the date, each criterion's
    outcome and the language only, unless an answer is a plan (planned_words): so companies whose answers differ
    (in an amount, say) but give the same outcomes share them, and they are worded once."""
    programme, as_of = result.programme, result.as_of
    plan = questionnaire is not None and questionnaire.chooses_a_plan(result.facts)
    key = None if plan else (programme, as_of, result.criteria, LANGUAGE.get())
    found = _CRITERIA.get(key) if key is not None else None
    if found is not None:
        return found
    found = tuple(
        CriterionWords(
            c.id,
            specs[c.id].title,
            c.outcome,
            fill(getattr(specs[c.id], c.outcome), programme, as_of),
            specs[c.id].unverified,
            values_in_force(programme, c.params, as_of),
            planned_words(result, c, questionnaire),
        )
        for c in result.criteria
    )
    if key is not None:
        if len(_CRITERIA) >= CRITERIA_KEPT:
            _CRITERIA.clear()
        _CRITERIA[key] = found
    return found


def planned_words(result, criterion, questionnaire) -> str:
    """For a condition met on an answer that is a plan, not yet so (an option with `planned` in the questionnaire,
    such as "we will incorporate one before applying"), when it will be met; "" for any other condition, and for
    one that is met without those answers too (a company already young enough, say)."""
    if criterion.outcome != MET or questionnaire is None:
        return ""
    programme, facts = result.programme, result.facts
    texts, planned = [], set()
    for qid in programme.uses.get(criterion.id, ((),))[0]:
        question = questionnaire.questions.get(qid)
        answer = facts.get(qid)
        if question is None or answer is None or not question.options:
            continue
        chosen = set(answer) if isinstance(answer, (list, tuple)) else {answer}
        found = [option.planned for option in question.options if option.planned and option.value in chosen]
        if found:
            texts += found
            planned.add(qid)
    if not texts:
        return ""
    test = programme.compiled.tests.get(criterion.id)
    without = {qid: answer for qid, answer in facts.items() if qid not in planned}
    if test is not None and test(without, programme.params_on(result.as_of), result.prerequisites) == MET:
        return ""  # met on the company's other answers alone: nothing waits on the plan
    return " ".join(dict.fromkeys(texts))


def summary(report) -> str:
    """How many programmes fit, in one or two sentences (the amounts are the funding plan's to say)."""
    count = {name: len(report.groups.get(name, ())) for name in GROUP_TITLES}
    if count["likely"] == 0:
        text = _("No programme is likely to fit your plans.")
    else:
        text = ngettext(
            "%(num)d programme is likely to fit your plans.",
            "%(num)d programmes are likely to fit your plans.",
            count["likely"],
        )
    parts = [text]
    if count["possible"]:
        parts.append(_("%(num)d more may fit: we need more information.", num=count["possible"]))
    if count["near_miss"]:
        parts.append(
            ngettext(
                "%(num)d is within reach with one change to your plans.",
                "%(num)d are within reach with one change to your plans.",
                count["near_miss"],
            )
        )
    return sentences(parts)
