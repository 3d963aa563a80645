"""The funding plan: likely programmes whose cash adds up, never two paying for the same cost, with the reasons."""

import datetime as dt
import shutil
import textwrap
from pathlib import Path

import pytest

from webapp.engine.report import build_report
from webapp.rulebook.loader import load_rules
from webapp.wording.results import word_report

ROOT = Path(__file__).resolve().parent.parent
DAY = dt.date(2026, 11, 25)


def funding_file(pid, amount, *, pays_for=("production",), counts_as="grant", extra="", verdict="likely"):
    """A programme that is likely for a company incorporated in Hong Kong, with a fixed indicative amount."""
    example_answers = "{hk_entity: incorporated}" if verdict == "likely" else "{}"
    return textwrap.dedent(f"""\
        id: {pid}
        name: Programme {pid}
        short_name: {pid.upper()}
        body: A body
        kind: funding
        status: open
        summary: Money.
        offers: Money.
        sources:
          - title: The official page
            url: https://example.gov.hk/{pid}
            checked: 2026-11-01
        parameters:
          amount:
            label: Amount
            unit: hkd
            values:
              - since: 2020-01-01
                value: {amount}
                source: https://example.gov.hk/{pid}
        criteria:
          - id: incorporated
            title: Incorporated in Hong Kong
            when: {{fact: hk_entity, equals: incorporated}}
            met: Incorporated.
            not_met: Must be incorporated.
            unknown: Tell us.
        estimate:
          shape: fixed
          counts_as: {counts_as}
          amount: amount
        pays_for: [{", ".join(pays_for)}]
        {extra}
        next_step:
          text: Apply.
          url: https://example.gov.hk/{pid}/apply
        examples:
          - name: A company
            answers: {example_answers}
            verdict: {verdict}
        """)


@pytest.fixture
def rules_dir(tmp_path):
    target = tmp_path / "rules"
    target.mkdir()
    shutil.copy(ROOT / "rules" / "questions.yaml", target)
    shutil.copy(ROOT / "rules" / "_costs.yaml", target)
    return target


def plan_for(rules_dir, answers=None, **files):
    for pid, text in files.items():
        (rules_dir / f"{pid}.yaml").write_text(text)
    rules = load_rules(rules_dir, DAY)
    assert rules.errors == [], rules.errors
    report = build_report(rules, answers if answers is not None else {"hk_entity": "incorporated"}, DAY)
    return report.plan, word_report(report, rules.questionnaire).plan


def test_two_programmes_for_the_same_costs_are_not_added_up(rules_dir):
    plan, words = plan_for(rules_dir, big=funding_file("big", 200_000_000), small=funding_file("small", 15_000_000))
    assert plan.programmes == ("big",) and plan.total_hkd == 200_000_000
    assert [(item.id, item.clashes_with, item.reason) for item in plan.left_out] == [("small", "big", "same_costs")]
    assert words.left_out == (
        ("small", "BIG or SMALL: both pay for production facilities, equipment and fit-out; BIG is larger."),
    )
    assert words.headline == "Up to about HK$200m from 1 programme."


def test_programmes_for_different_costs_add_up(rules_dir):
    plan, words = plan_for(
        rules_dir, a=funding_file("a", 10_000_000), b=funding_file("b", 2_500_000, pays_for=("rd", "hiring"))
    )
    assert plan.programmes == ("a", "b") and plan.total_hkd == 12_500_000
    assert words.headline == "Up to about HK$12.5m from 2 programmes that can be combined."


def test_a_programme_that_adds_to_another_may_pay_for_the_same_costs(rules_dir):
    plan, _ = plan_for(
        rules_dir,
        ess=funding_file("ess", 10_000_000, pays_for=("rd",)),
        crs=funding_file("crs", 4_000_000, pays_for=("rd",), counts_as="rebate", extra="adds_to: [ess]"),
    )
    assert plan.programmes == ("ess", "crs") and plan.total_hkd == 14_000_000


def test_programmes_that_cannot_be_combined_are_alternatives_even_for_other_costs(rules_dir):
    plan, words = plan_for(
        rules_dir,
        nias=funding_file("nias", 150_000_000, extra="not_combined_with: [nifs]"),
        nifs=funding_file("nifs", 15_000_000, pays_for=("rd",)),
    )
    assert plan.programmes == ("nias",)
    assert words.left_out == (("nifs", "NIAS or NIFS: they cannot be combined; NIAS is larger."),)


def test_the_plan_takes_the_largest_total_not_the_largest_programme(rules_dir):
    plan, _ = plan_for(
        rules_dir,
        wide=funding_file("wide", 100, pays_for=("production", "rd")),
        prod=funding_file("prod", 80, pays_for=("production",)),
        rdonly=funding_file("rdonly", 80, pays_for=("rd",)),
    )
    assert set(plan.programmes) == {"prod", "rdonly"} and plan.total_hkd == 160


def test_ties_are_broken_the_same_way_every_time(rules_dir):
    plan, words = plan_for(rules_dir, beta=funding_file("beta", 50), alpha=funding_file("alpha", 50))
    assert plan.programmes == ("alpha",)
    assert words.left_out == (
        ("beta", "ALPHA or BETA: both pay for production facilities, equipment and fit-out; the plan keeps ALPHA."),
    )


def test_tax_deductions_are_counted_apart_and_possible_programmes_are_only_possible_additions(rules_dir):
    plan, words = plan_for(
        rules_dir,
        {"hk_entity": "incorporated"},
        grant=funding_file("grant", 1_000_000),
        tax=funding_file("tax", 2_000_000, pays_for=("rd",), counts_as="tax_deduction"),
    )
    assert plan.programmes == ("grant",) and plan.tax_deductions == ("tax",) and plan.tax_deductions_hkd == 2_000_000
    assert "deduct about HK$2m more from your taxable profits" in words.tax_sentence
    plan, _ = plan_for(rules_dir, {})  # incorporation not answered: both only may qualify
    assert plan.programmes == () and plan.total_hkd == 0 and plan.possible_additions == ("grant",)


def test_the_api_returns_the_plan(client):
    from tests.support.profiles import STRONG

    body = client.post("/api/v1/check", json={"answers": STRONG}).get_json()
    plan = body["funding_plan"]
    assert {"total_hkd", "programmes", "left_out", "tax_deductions_hkd", "possible_additions"} <= set(plan)
    likely = {r["id"] for r in body["results"] if r["verdict"] == "likely"}
    assert set(plan["programmes"]) <= likely
    amounts = {r["id"]: r["estimate_hkd"] for r in body["results"]}
    assert plan["total_hkd"] == sum(amounts[pid] for pid in plan["programmes"])
    assert all(item["reason"] for item in plan["left_out"])


def problems(rules_dir, text):
    (rules_dir / "bad.yaml").write_text(text)
    return [p.message for p in load_rules(rules_dir, DAY).errors]


def test_an_unknown_cost_is_reported(rules_dir):
    found = problems(rules_dir, funding_file("bad", 1, pays_for=("robots",)))
    assert any(m.startswith("unknown cost 'robots'; the costs in rules/_costs.yaml are: production, rd") for m in found)


def test_an_unknown_programme_in_not_combined_with_or_adds_to_is_reported(rules_dir):
    found = problems(rules_dir, funding_file("bad", 1, extra="not_combined_with: [ghost]\n        adds_to: [bad]"))
    assert "no programme 'ghost': there is no rule file for it (rules/ghost.yaml)" in found
    assert "'adds_to' names the programme itself" in found
