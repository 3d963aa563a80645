"""Results worked out once per set of the answers a programme reads are the results worked out afresh."""

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.app import load_bundled_rules
from tests.support.companies import COMPANIES
from tests.support.profiles import PROFILES, STRONG
from tests.support.strategies import answers
from webapp.engine.changes import what_would_change
from webapp.engine.evaluate import evaluate_programme, in_dependency_order
from webapp.engine.report import _BY_ANSWERS, _REPORTS, REPORTS_KEPT, build_report

RULES = load_bundled_rules()
KNOWN = [STRONG, *PROFILES.values(), *COMPANIES.values()]
DATES = [dt.date(2024, 12, 31), dt.date(2025, 11, 18), dt.date(2026, 11, 25)]


def afresh(facts, as_of):
    """programme id -> (verdict, outcomes, amount, changes), evaluated with no memo and every answer."""
    verdicts, found = {}, {}
    listed = {pid: p for pid, p in RULES.programmes.items() if p.listed_on(as_of)}
    for programme in in_dependency_order(listed):
        result = evaluate_programme(programme, facts, as_of, verdicts)
        verdicts[programme.id] = result.verdict
        changes = what_would_change(result) if result.verdict in ("possible", "unlikely") else []
        found[programme.id] = _shown(result, changes)
    return found


def _shown(result, changes):
    amount = result.estimate.amount if result.estimate else None
    outcomes = tuple((c.id, c.outcome) for c in result.criteria)
    return result.verdict, outcomes, amount, result.unknown_facts, [(c.criterion, c.facts) for c in changes]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(facts=answers(RULES.questionnaire), base=st.sampled_from(KNOWN), as_of=st.sampled_from(DATES))
def test_a_remembered_result_is_the_result_worked_out_afresh(facts, base, as_of):
    facts = {**base, **facts}
    report = build_report(RULES, facts, as_of)
    remembered = {r.programme.id: _shown(r, report.changes[r.programme.id]) for r in report.results}
    assert remembered == afresh(facts, as_of)


def test_results_are_shared_and_hold_only_the_answers_their_programme_reads():
    one = build_report(RULES, {**STRONG, "company_name": "One Ltd"}, DATES[-1])
    two = build_report(RULES, {**STRONG, "company_name": "Two Ltd"}, DATES[-1])
    assert all(a is b for a, b in zip(one.results, two.results, strict=True))
    assert all("company_name" not in r.facts for r in two.results)
    assert all(len(memo) <= 256 for _, memo in RULES._kept_by_checks.results.values())


def _grouped(report):
    """A report as the pages and the API read it: order, groups, near misses, changes and the funding plan."""
    return (
        [r.programme.id for r in report.results],
        {name: [r.programme.id for r in members] for name, members in report.groups.items()},
        sorted(report.near_misses),
        {pid: [(c.criterion, c.facts) for c in changes] for pid, changes in report.changes.items()},
        report.plan,
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(facts=answers(RULES.questionnaire), base=st.sampled_from(KNOWN), as_of=st.sampled_from(DATES))
def test_a_kept_report_is_the_report_built_again_from_its_results(facts, base, as_of):
    facts = {**base, **facts}
    first = build_report(RULES, facts, as_of)
    _REPORTS.clear()
    _BY_ANSWERS.clear()
    again = build_report(RULES, dict(facts), as_of)
    assert again is not first and _grouped(again) == _grouped(first)
    assert build_report(RULES, dict(facts), as_of) is again  # kept now


def test_a_report_is_shared_only_by_companies_whose_results_are_all_the_same():
    one = build_report(RULES, {**STRONG, "company_name": "One Ltd"}, DATES[-1])
    assert build_report(RULES, {**STRONG, "company_name": "Two Ltd"}, DATES[-1]) is one  # the name decides nothing
    cheaper = build_report(RULES, {**STRONG, "total_project_cost_hkd": 200_000_000}, DATES[-1])
    assert cheaper is not one and build_report(RULES, STRONG, DATES[-2]) is not one
    assert len(_REPORTS) <= REPORTS_KEPT


def test_the_very_same_answers_again_get_their_report_without_a_result_looked_up():
    import dataclasses

    facts = {**STRONG, "company_name": "Again Ltd"}
    first = build_report(RULES, facts, DATES[-1])
    RULES._kept_by_checks.results.clear()  # no remembered result left: only the answers can find the report now
    assert build_report(RULES, dict(facts), DATES[-1]) is first
    assert build_report(RULES, {**facts, "employees_hk": 41}, DATES[-1]) is not first
    assert build_report(RULES, dict(facts), DATES[-2]) is not first
    reloaded = dataclasses.replace(RULES)  # the same files loaded again: another RuleSet
    assert build_report(reloaded, dict(facts), DATES[-1]) is not first


def test_the_rules_in_a_language_are_one_object_so_their_reports_are_found_again():
    chinese = RULES.in_language("zh-Hant")
    assert RULES.in_language("zh-Hant") is chinese and RULES.in_language("en") is RULES
    assert chinese.programmes is not RULES.programmes  # its own texts
    facts = {**STRONG, "company_name": "Chinese Ltd"}
    assert build_report(RULES.in_language("zh-Hant"), facts, DATES[-1]) is build_report(chinese, dict(facts), DATES[-1])


def test_rules_replaced_after_checks_are_freed_by_reference_counting_alone():
    # What checks keep is kept with the rules, never by a programme (a result refers to its programme): once the
    # rules and the reports made with them are let go, nothing refers to them, even with the collector off (after a
    # reload the store freezes what is loaded, gc.freeze, and the collector never frees a cycle through it).
    import gc
    import weakref

    from tests.support.app import RULES as RULES_DIR
    from webapp.rulebook.loader import load_rules

    rules = load_rules(RULES_DIR, DATES[-1])
    for facts in KNOWN[:5]:
        build_report(rules, facts, DATES[-1])
    gone = [weakref.ref(rules), *(weakref.ref(p) for p in rules.programmes.values())]
    gc.disable()
    try:
        _REPORTS.clear()
        _BY_ANSWERS.clear()
        del rules
        assert not any(ref() is not None for ref in gone)
    finally:
        gc.enable()
