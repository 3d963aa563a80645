"""Near misses: unlikely now, and one real change (one criterion's answers) away from likely."""

import datetime as dt
from types import SimpleNamespace

from webapp.engine.changes import Change, Step, is_near_miss, what_would_change
from webapp.engine.conditions import Group, Leaf
from webapp.engine.evaluate import evaluate_programme
from webapp.engine.model import Programme
from webapp.engine.report import build_report
from webapp.rulebook.schema import Programme as ProgrammeSpec

AS_OF = dt.date(2026, 1, 1)
INCORPORATED = Leaf("hk_entity", "equals", "incorporated")
HIGH_TECH = Leaf("high_end_technology", "equals", True)
BIG_ENOUGH = Leaf("total_project_cost_hkd", "at_least", "min_cost")
# A threshold that only comes into force after AS_OF: no answer can meet a test on it before then.
BIG_ENOUGH_LATER = Leaf("total_project_cost_hkd", "at_least", "later_min_cost")
GOOD = {"hk_entity": "incorporated", "high_end_technology": True, "total_project_cost_hkd": 200}


def programme(pid="demo", kind="funding", estimate=True, **conditions):
    """A programme with one criterion per keyword argument, and a fixed HK$1m estimate."""
    spec = ProgrammeSpec.model_validate(
        {
            "id": pid,
            "name": f"Programme {pid}",
            "short_name": pid.upper(),
            "body": "ITC",
            "kind": kind,
            "status": "open",
            "summary": "A demo.",
            "offers": "Money.",
            "sources": [{"title": "Fact sheet", "url": "https://example.hk", "checked": "2026-01-01"}],
            "parameters": {
                "min_cost": {
                    "label": "Minimum cost",
                    "unit": "hkd",
                    "values": [{"since": "2024-01-01", "value": 100, "source": "https://x.hk"}],
                },
                "later_min_cost": {
                    "label": "Later minimum cost",
                    "unit": "hkd",
                    "values": [{"since": "2027-01-01", "value": 100, "source": "https://x.hk"}],
                },
                "grant": {
                    "label": "Grant",
                    "unit": "hkd",
                    "values": [{"since": "2024-01-01", "value": 1_000_000, "source": "https://x.hk"}],
                },
            },
            "criteria": [
                {"id": cid, "title": cid, "when": {}, "met": "Yes.", "not_met": "No.", "unknown": "Tell us."}
                for cid in conditions
            ],
            "estimate": {"shape": "fixed", "amount": "grant"} if estimate else None,
            "next_step": {"text": "Apply."},
            "examples": [{"name": "An example.", "answers": {}, "verdict": "likely"}],
        }
    )
    return Programme(spec, dict(conditions))


def report_for(facts, *programmes):
    rules = SimpleNamespace(programmes={p.id: p for p in programmes}, questionnaire=None)
    return build_report(rules, facts, AS_OF)


def test_one_real_change_away_from_likely_is_a_near_miss():
    demo = programme(entity=INCORPORATED, tech=HIGH_TECH)
    report = report_for({**GOOD, "hk_entity": "branch_only"}, demo)
    assert report.near_misses == {"demo"}
    assert report.group_of == {"demo": "near_miss"}
    assert [c.criterion for c in report.changes["demo"]] == ["entity"]
    assert report.shown_estimate(report.results[0]).amount == 1_000_000


def test_two_changes_away_from_likely_is_not_a_near_miss():
    demo = programme(entity=INCORPORATED, tech=HIGH_TECH)
    report = report_for({**GOOD, "hk_entity": "branch_only", "high_end_technology": False}, demo)
    assert report.near_misses == frozenset()
    assert report.group_of == {"demo": "unlikely"}
    assert len(report.changes["demo"]) == 2
    assert report.shown_estimate(report.results[0]) is None


def test_an_unlikely_programme_whose_only_change_is_unanswered_questions_is_not_a_near_miss():
    # "size" is not met and cannot be met on this date; answering "tech" would still leave it unlikely.
    demo = programme(size=Group("all", (INCORPORATED, BIG_ENOUGH_LATER)), tech=HIGH_TECH)
    report = report_for({"hk_entity": "branch_only", "total_project_cost_hkd": 200}, demo)
    result = report.results[0]
    assert result.verdict == "unlikely"
    [change] = report.changes["demo"]
    assert change.criterion == "tech" and change.only_missing_answers
    assert report.near_misses == frozenset() and report.group_of == {"demo": "unlikely"}


def test_a_criterion_that_no_answer_can_meet_needs_no_change_shown():
    demo = programme(size=BIG_ENOUGH_LATER)
    result = evaluate_programme(demo, {"total_project_cost_hkd": 200}, AS_OF)
    assert result.verdict == "possible"
    assert what_would_change(result) == []


def test_one_change_of_several_answers_to_one_criterion_is_still_a_near_miss():
    demo = programme(project=Group("all", (INCORPORATED, BIG_ENOUGH)), tech=HIGH_TECH)
    report = report_for({**GOOD, "hk_entity": "branch_only", "total_project_cost_hkd": 50}, demo)
    [change] = report.changes["demo"]
    assert change.facts == ["hk_entity", "total_project_cost_hkd"]
    assert report.near_misses == {"demo"}


def test_a_change_that_needs_a_new_answer_and_an_unanswered_one_is_a_real_change():
    demo = programme(project=Group("all", (INCORPORATED, HIGH_TECH)))
    report = report_for({"hk_entity": "branch_only"}, demo)
    [change] = report.changes["demo"]
    assert [step.unknown for step in change.steps] == [False, True]
    assert not change.only_missing_answers
    assert report.near_misses == {"demo"}


def test_a_programme_that_may_qualify_is_never_a_near_miss():
    demo = programme(entity=INCORPORATED, tech=HIGH_TECH)
    report = report_for({"hk_entity": "incorporated"}, demo)
    assert report.results[0].verdict == "possible"
    assert len(report.changes["demo"]) == 1
    assert report.near_misses == frozenset() and report.group_of == {"demo": "possible"}


def test_a_likely_programme_needs_no_change():
    report = report_for(GOOD, programme(entity=INCORPORATED, tech=HIGH_TECH))
    assert report.changes == {"demo": []} and report.group_of == {"demo": "likely"}


def test_an_office_to_contact_is_never_a_near_miss():
    office = programme("office", kind="advice", entity=INCORPORATED)
    report = report_for({"hk_entity": "branch_only"}, office)
    assert report.results[0].verdict == "unlikely"
    assert len(report.changes["office"]) == 1
    assert report.near_misses == frozenset() and report.group_of == {"office": "not_relevant"}  # left off the page


def test_is_near_miss_needs_an_unlikely_verdict_and_exactly_one_change_with_a_real_step():
    one_open = (SimpleNamespace(outcome="not_met"),)
    unlikely = SimpleNamespace(verdict="unlikely", criteria=one_open)
    possible = SimpleNamespace(verdict="possible", criteria=one_open)
    real = Change("entity", (Step(INCORPORATED, False, False),))
    missing = Change("tech", (Step(HIGH_TECH, False, True),))
    assert is_near_miss(unlikely, [real])
    assert not is_near_miss(unlikely, [missing])
    assert not is_near_miss(unlikely, [real, real])
    assert not is_near_miss(unlikely, [])
    assert not is_near_miss(possible, [real])
    two_open = SimpleNamespace(verdict="unlikely", criteria=one_open * 2)
    assert not is_near_miss(two_open, [real])  # the other unmet criterion has no change that meets it
