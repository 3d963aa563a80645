"""Evaluating programmes and building a report (webapp/engine/evaluate.py, report.py): verdicts, groups, order, totals."""

import datetime as dt
from types import SimpleNamespace

import pytest

from webapp.engine.conditions import Leaf
from webapp.engine.evaluate import evaluate_programme, verdict_of
from webapp.engine.model import Programme
from webapp.engine.report import GROUP_ORDER, build_report, group_name
from webapp.rulebook.schema import Programme as ProgrammeSpec

AS_OF = dt.date(2026, 1, 1)
SOURCE = "https://example.hk"
INCORPORATED = Leaf("hk_entity", "equals", "incorporated")
BIG_ENOUGH = Leaf("total_project_cost_hkd", "at_least", "min_cost")
GOOD = {"hk_entity": "incorporated", "total_project_cost_hkd": 200}


def programme(
    pid, amount=None, counts_as="grant", kind="funding", status="open", name=None, estimate=None, **conditions
):
    """A programme with one criterion per keyword argument and, given an amount, a fixed estimate of it."""
    if amount:
        estimate = {"shape": "fixed", "amount": "grant", "counts_as": counts_as}
    spec = ProgrammeSpec.model_validate(
        {
            "id": pid,
            "name": name or f"Programme {pid}",
            "short_name": pid.upper(),
            "body": "ITC",
            "kind": kind,
            "status": status,
            "summary": "A demo.",
            "offers": "Money.",
            "sources": [{"title": "Fact sheet", "url": SOURCE, "checked": "2026-01-01"}],
            "parameters": {
                "min_cost": {
                    "label": "Minimum cost",
                    "unit": "hkd",
                    "values": [{"since": "2024-01-01", "value": 100, "source": SOURCE}],
                },
                "rate": {
                    "label": "Rate",
                    "unit": "percent",
                    "values": [{"since": "2024-01-01", "value": 10, "source": SOURCE}],
                },
                "grant": {
                    "label": "Grant",
                    "unit": "hkd",
                    "values": [{"since": "2024-01-01", "value": amount or 1, "source": SOURCE}],
                },
            },
            "criteria": [
                {"id": cid, "title": cid, "when": {}, "met": "Yes.", "not_met": "No.", "unknown": "Tell us."}
                for cid in conditions
            ],
            "estimate": estimate,
            "next_step": {"text": "Apply."},
            "examples": [{"name": "An example.", "answers": {}, "verdict": "likely"}],
        }
    )
    return Programme(spec, dict(conditions))


def report_for(facts, *programmes):
    return build_report(SimpleNamespace(programmes={p.id: p for p in programmes}), facts, AS_OF)


@pytest.mark.parametrize(
    "status, outcomes, verdict",
    [
        ("open", {"met"}, "likely"),
        ("open", set(), "likely"),
        ("open", {"met", "unknown"}, "possible"),
        ("open", {"met", "unknown", "not_met"}, "unlikely"),
        ("upcoming", {"met"}, "likely"),
        ("closed", {"met"}, "closed"),
        ("closed", {"not_met"}, "closed"),
    ],
)
def test_the_verdict_is_unlikely_on_any_unmet_criterion_and_possible_on_any_unknown(status, outcomes, verdict):
    assert verdict_of(status, outcomes) == verdict


def test_evaluating_a_programme_gives_each_criterion_with_the_questions_and_thresholds_it_uses():
    demo = programme("demo", 1_000, entity=INCORPORATED, size=BIG_ENOUGH)
    result = evaluate_programme(demo, {"hk_entity": "incorporated", "total_project_cost_hkd": 50}, AS_OF)
    assert (result.status, result.verdict, result.as_of) == ("open", "unlikely", AS_OF)
    assert [(c.id, c.outcome, c.facts, c.params) for c in result.criteria] == [
        ("entity", "met", ("hk_entity",), ()),
        ("size", "not_met", ("total_project_cost_hkd",), ("min_cost",)),
    ]
    assert result.estimate.amount == 1_000
    assert result.facts == {"hk_entity": "incorporated", "total_project_cost_hkd": 50}


def test_unknown_questions_are_those_of_the_criteria_not_yet_known():
    demo = programme("demo", entity=INCORPORATED, size=BIG_ENOUGH)
    result = evaluate_programme(demo, {"hk_entity": "incorporated"}, AS_OF)
    assert result.verdict == "possible" and result.unknown_facts == ["total_project_cost_hkd"]


def test_a_closed_programme_has_no_estimate_and_no_change_to_suggest():
    closed = programme("shut", 1_000, status="closed", entity=INCORPORATED)
    report = report_for({"hk_entity": "branch_only"}, closed)
    [result] = report.results
    assert (result.verdict, result.estimate) == ("closed", None)
    assert report.changes == {"shut": []} and report.group_of == {"shut": "closed"}
    assert report.groups == {"closed": (result,)}


def test_a_programme_without_an_estimate_has_none():
    assert evaluate_programme(programme("demo", entity=INCORPORATED), GOOD, AS_OF).estimate is None


def test_results_come_largest_estimate_first_then_by_name():
    report = report_for(
        GOOD,
        programme("small", 1_000, name="B small"),
        programme("none", name="A none"),
        programme("large", 5_000, name="Z large"),
        programme("other", 1_000, name="A small"),
    )
    assert [r.programme.id for r in report.results] == ["large", "other", "small", "none"]


TEN_PERCENT = {"shape": "percentage", "of": "total_project_cost_hkd", "rate": "rate"}


def test_any_amount_comes_before_no_amount_and_an_estimate_waiting_for_an_answer_has_none():
    report = report_for(
        {"total_project_cost_hkd": 5},
        programme("none", name="A none"),
        programme("waiting", name="B waiting", estimate={**TEN_PERCENT, "of": "rd_spend_hkd"}),
        programme("half_a_dollar", name="C half a dollar", estimate=TEN_PERCENT),
    )
    assert [r.programme.id for r in report.results] == ["half_a_dollar", "none", "waiting"]
    assert report.results[0].estimate.amount == 0.5 and report.results[2].estimate.amount is None


def test_the_groups_are_in_their_order_and_only_those_with_members():
    report = report_for(
        {"hk_entity": "branch_only", "total_project_cost_hkd": 50},
        programme("likely"),
        programme("near", entity=INCORPORATED),
        programme("far", entity=INCORPORATED, size=BIG_ENOUGH),
        programme("maybe", size=Leaf("high_end_technology", "equals", True)),
        programme("office", kind="advice", entity=INCORPORATED),
        programme("shut", status="closed"),
    )
    assert list(report.groups) == ["likely", "possible", "near_miss", "unlikely", "closed", "not_relevant"]
    assert list(report.groups) == [name for name in GROUP_ORDER if name in report.groups]
    assert {name: [r.programme.id for r in members] for name, members in report.groups.items()} == {
        "likely": ["likely"],
        "near_miss": ["near"],
        "possible": ["maybe"],
        "unlikely": ["far"],
        "closed": ["shut"],
        "not_relevant": ["office"],  # an office for incorporated companies, and this one is not
    }
    assert report.group(report.results[0]) == report.group_of[report.results[0].programme.id]
    assert "information" not in report_for(GOOD, programme("likely")).groups


def test_an_office_to_contact_is_shown_for_information_unless_it_does_not_concern_the_company():
    for facts, group in ((GOOD, "information"), ({}, "information"), ({"hk_entity": "branch_only"}, "not_relevant")):
        assert report_for(facts, programme("office", kind="advice", entity=INCORPORATED)).group_of == {"office": group}


def test_an_unlikely_programme_shows_no_amount_but_a_possible_one_does():
    far = programme("far", 1_000, entity=INCORPORATED, size=BIG_ENOUGH)
    report = report_for({"hk_entity": "branch_only", "total_project_cost_hkd": 50}, far)
    assert report.shown_estimate(report.results[0]) is None
    report = report_for({"hk_entity": "incorporated"}, far)
    assert report.shown_estimate(report.results[0]).amount == 1_000


def test_the_totals_add_up_likely_grants_and_rebates_and_count_tax_deductions_apart():
    report = report_for(
        GOOD,
        programme("grant", 1_000),
        programme("rebate", 200, counts_as="rebate"),
        programme("deduction", 50_000, counts_as="tax_deduction"),
        programme("saving", 7, counts_as="tax_saving"),
        programme("equity", 9, counts_as="investment"),
        programme("unlikely", 30_000, entity=Leaf("hk_entity", "equals", "branch_only")),
        programme("maybe", 40_000, size=Leaf("high_end_technology", "equals", True)),
    )
    assert report.total_likely == 1_200
    assert report.total_tax_likely == 50_000


def test_with_nothing_likely_the_totals_are_nothing():
    report = report_for({}, programme("maybe", 40_000, size=BIG_ENOUGH))
    assert report.total_likely == 0 and report.total_tax_likely == 0


def test_a_closed_office_is_shown_as_closed_not_for_information():
    report = report_for(GOOD, programme("office", kind="advice", status="closed", entity=INCORPORATED))
    assert report.group_of == {"office": "closed"}


def test_a_result_is_grouped_by_its_verdict_unless_it_is_said_to_be_a_near_miss():
    demo = programme("demo", entity=INCORPORATED)
    unlikely = evaluate_programme(demo, {"hk_entity": "branch_only"}, AS_OF)
    assert group_name(unlikely) == "unlikely"
    assert group_name(unlikely, near_miss=True) == "near_miss"
    assert group_name(evaluate_programme(demo, GOOD, AS_OF)) == "likely"
