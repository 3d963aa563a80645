"""Every programme evaluated for one set of answers, grouped, with what would change each outcome."""

from __future__ import annotations

import contextlib
from collections import OrderedDict
from dataclasses import dataclass, field

from webapp.engine.changes import is_near_miss, what_would_change
from webapp.engine.evaluate import evaluate_programme, in_dependency_order
from webapp.engine.kept import KeptByIdentity
from webapp.engine.kinds import kind_of
from webapp.engine.plan import FundingPlan, build_plan

GROUP_ORDER = ("likely", "possible", "near_miss", "unlikely", "upcoming", "closed", "information", "not_relevant")
NEAR_MISSES_SHOWN = 5
FUNDING = ("grant", "rebate")  # estimates that are money paid out


@dataclass(frozen=True)
class Report:
    """The results of one check; nothing in it is changed after it is built."""

    as_of: object
    rules: object
    results: tuple  # every programme's Result, largest estimate first
    groups: dict = field(default_factory=dict)  # group name -> results, in GROUP_ORDER
    changes: dict = field(default_factory=dict)  # programme id -> [Change]
    near_misses: frozenset = frozenset()
    group_of: dict = field(default_factory=dict)  # programme id -> group name
    plan: FundingPlan | None = None

    def group(self, result) -> str:
        return self.group_of[result.programme.id]

    def shown_estimate(self, result):
        """The estimate to show: none for a programme that is unlikely (an amount there would mislead)."""
        if result.verdict == "unlikely" and result.programme.id not in self.near_misses:
            return None
        return result.estimate

    def _likely_total(self, counts) -> float:
        return sum(
            r.estimate.amount
            for r in self.groups.get("likely", ())
            if r.estimate and r.estimate.amount and r.programme.estimate.counts_as in counts
        )

    @property
    def total_likely(self) -> float:
        """Indicative grants and rebates of the likely programmes (tax deductions are not money paid out)."""
        return self._likely_total(FUNDING)

    @property
    def total_tax_likely(self) -> float:
        """Extra tax deductions of the likely programmes: reductions of taxable profit, not payments."""
        return self._likely_total(("tax_deduction",))


def group_name(result, near_miss: bool = False) -> str:
    """The group a result is shown in."""
    if result.verdict in ("closed", "upcoming"):
        return result.verdict
    if kind_of(result.programme).information:
        return "not_relevant" if result.verdict == "unlikely" else "information"
    return "near_miss" if near_miss else result.verdict


def _amount(result) -> float:
    return result.estimate.amount if result.estimate and result.estimate.amount else 0


def _sort_key(result):
    return (-_amount(result), result.programme.name)


# A programme's result depends only on the answers its criteria and estimate read, the date and the verdicts of
# the programmes it requires. Companies that answer those few questions alike share one result: kept per programme
# with the rules (_Kept: forgotten with them), the least recently used let go first.
MEMO_SIZE = 256


class _Kept:
    """What checks work out once for a set of rules and keep with them, so that it goes when they go: the
    programmes listed on each date (in dependency order), and each programme's remembered results. Kept by the
    rules, never by a programme: a result refers to its programme, and a programme holding its results would make
    a cycle, which only the garbage collector could free (and not at all once the rules are frozen, gc.freeze)."""

    __slots__ = ("listed", "programmes", "results")

    def __init__(self, programmes: dict):
        self.programmes = programmes  # the rules' programmes these were worked out for
        self.listed: dict = {}  # date -> programmes listed on it, in dependency order
        self.results: dict = {}  # programme -> (the questions it reads, its results by their answers)


def _kept(rules) -> _Kept:
    kept = getattr(rules, "_kept_by_checks", None)
    if kept is None or kept.programmes is not rules.programmes:
        kept = _Kept(rules.programmes)
        with contextlib.suppress(AttributeError):  # rules that take no new attribute: worked out each time
            rules._kept_by_checks = kept
    return kept


def _memo_for(programme, kept: dict) -> tuple:
    """(the questions `programme` reads, sorted; its results kept by their answers), from `kept` (_Kept.results)."""
    memo = kept.get(programme)
    if memo is None:
        read = {f for facts, _ in programme.uses.values() for f in facts}
        if programme.estimate is not None and programme.estimate.of:
            read.add(programme.estimate.of)
        memo = kept[programme] = (tuple(sorted(read)), OrderedDict())
    return memo


def hashable(facts: dict) -> dict:
    """The answers with each list (several choices) as a tuple, to key on."""
    return {k: tuple(v) if type(v) is list else v for k, v in facts.items()}


def evaluate_with_changes(programme, facts: dict, as_of, verdicts: dict, questionnaire, keys: dict, kept: dict):
    """(result, what would change it, whether it is a near miss) for one programme, worked out once for each set
    of the answers it reads (`keys`: `hashable(facts)`, made once for many programmes; `kept`: the rules'
    _Kept.results). The result holds only those answers, never another company's."""
    read, memo = _memo_for(programme, kept)
    required = tuple(map(verdicts.get, programme.requires)) if programme.requires else ()
    key = (as_of, tuple(map(keys.get, read)), required)
    found = memo.pop(key, None)  # taken out and put back: now the most recently used (never a KeyError, even
    if found is not None:  # when another thread of a threaded server lets it go meanwhile)
        memo[key] = found
        return found
    result = evaluate_programme(programme, {q: facts[q] for q in read if q in facts}, as_of, verdicts)
    changes = what_would_change(result) if result.verdict in ("possible", "unlikely") else []
    near = bool(kind_of(programme).near_misses and is_near_miss(result, changes, questionnaire))
    found = memo[key] = (result, changes, near)
    if len(memo) > MEMO_SIZE:
        memo.popitem(last=False)
    return found


def listed_in_order(rules, as_of) -> list:
    """The programmes of `rules` listed on `as_of`, each after those it requires; worked out once per date and
    kept with the rules (so it goes when they go)."""
    kept = _kept(rules).listed
    found = kept.get(as_of)
    if found is None:
        listed = {pid: p for pid, p in rules.programmes.items() if p.listed_on(as_of)}
        found = in_dependency_order(listed)
        if len(kept) < 64:  # a few dates are asked for; never more than 64 kept
            kept[as_of] = found
    return found


# Companies whose answers give every programme the same remembered result (above) get the same report: the last
# few reports are kept, keyed on those results, so that sorting, grouping and the funding plan are not done again.
REPORTS_KEPT = 32
_REPORTS = KeptByIdentity(REPORTS_KEPT)  # (the rules, the remembered results) and the date -> Report
# And a company that sends the very same answers again (a client checking again, a link opened again) gets its
# report without looking up each programme's result: the rules, and the date and every answer -> Report.
_BY_ANSWERS = KeptByIdentity(REPORTS_KEPT)


def build_report(rules, facts: dict, as_of) -> Report:
    """Every programme evaluated, grouped, with what would change each outcome."""
    keys = hashable(facts)
    try:
        answers = (as_of, tuple(keys.items()))
        report = _BY_ANSWERS.get((rules,), answers)
    except TypeError:  # an answer that cannot be a key (none the readers of answers let through): worked out
        answers = report = None
    if report is None:
        report = _build_report(rules, facts, as_of, keys)
        if answers is not None:
            _BY_ANSWERS.put((rules,), answers, report)
    return report


def _build_report(rules, facts: dict, as_of, keys: dict) -> Report:
    verdicts, found = {}, []
    questionnaire = getattr(rules, "questionnaire", None)
    kept = _kept(rules).results
    for programme in listed_in_order(rules, as_of):
        outcome = evaluate_with_changes(programme, facts, as_of, verdicts, questionnaire, keys, kept)
        found.append(outcome)
        verdicts[programme.id] = outcome[0].verdict
    objects = (rules, *found)
    report = _REPORTS.get(objects, (as_of,))
    if report is None:
        report = _report(rules, as_of, found)
        _REPORTS.put(objects, (as_of,), report)
    return report


def _report(rules, as_of, found: list) -> Report:
    """The report of the programmes' (result, changes, near miss) in `found`."""
    evaluated = [result for result, _, _ in found]
    changes = {result.programme.id: change for result, change, _ in found}
    near = {result.programme.id for result, _, is_near in found if is_near}
    results = tuple(sorted(evaluated, key=_sort_key))
    candidates, group_of = [r for r in results if r.programme.id in near], {}
    # The smallest changes first, then the larger amounts: only a few, so that they stay worth reading.
    candidates.sort(key=lambda r: (len(changes[r.programme.id][0].steps), -_amount(r), r.programme.name))
    near_misses = {r.programme.id for r in candidates[:NEAR_MISSES_SHOWN]}
    members: dict = {}
    for result in results:
        name = group_of[result.programme.id] = group_name(result, result.programme.id in near_misses)
        members.setdefault(name, []).append(result)
    groups = {name: tuple(members[name]) for name in GROUP_ORDER if name in members}
    return Report(as_of, rules, results, groups, changes, frozenset(near_misses), group_of, build_plan(results))
