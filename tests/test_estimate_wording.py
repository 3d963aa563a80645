"""An indicative amount in words: the working of each formula shape, caps, tiers and the values used."""

import datetime as dt
from types import SimpleNamespace

import pytest

from webapp.engine.estimates import estimate
from webapp.engine.model import Programme
from webapp.rulebook.schema import Programme as ProgrammeSpec
from webapp.rulebook.schema import Question
from webapp.wording.estimates import describe_estimate, explanation, share_words, values_used
from webapp.wording.parameters import value_words

AS_OF = dt.date(2026, 1, 1)
SPEND = "rd_spend_hkd"
QUESTIONNAIRE = SimpleNamespace(questions={SPEND: Question(id=SPEND, type="amount", label="?", name="R&D spending")})


def programme(estimate_spec, **parameters):
    """A programme with an estimate; each parameter is (unit, value), or (unit, value, since)."""
    spec = ProgrammeSpec.model_validate(
        {
            "id": "demo",
            "name": "Demo scheme",
            "short_name": "DEMO",
            "body": "ITC",
            "kind": "funding",
            "status": "open",
            "summary": "A demo.",
            "offers": "Money.",
            "sources": [{"title": "Fact sheet", "url": "https://example.hk", "checked": "2026-01-01"}],
            "parameters": {
                name: {
                    "label": name.replace("_", " ").capitalize(),
                    "unit": unit,
                    "values": [
                        {"since": since[0] if since else "2024-01-01", "value": value, "source": "https://x.hk"}
                    ],
                }
                for name, (unit, value, *since) in parameters.items()
            },
            "estimate": estimate_spec,
            "next_step": {"text": "Apply."},
            "examples": [{"name": "An example.", "answers": {}, "verdict": "likely"}],
        }
    )
    return Programme(spec, {})


def matching(ratio, cap=None):
    spec = {"shape": "matching", "of": SPEND, "ratio": "ratio"} | ({"cap": "cap"} if cap else {})
    return programme(spec, ratio=("ratio", ratio), **({"cap": ("hkd", cap)} if cap else {}))


def percentage(rate, cap=None):
    spec = {"shape": "percentage", "of": SPEND, "rate": "rate"} | ({"cap": "cap"} if cap else {})
    return programme(spec, rate=("percent", rate), **({"cap": ("hkd", cap)} if cap else {}))


def tiered(baseline=None, cap=None):
    """20% of the first HK$1m, 10% of the rest; optionally less a normal rate, and capped."""
    spec = {
        "shape": "tiered",
        "of": SPEND,
        "tiers": [{"up_to": "first_tier_limit", "rate": "first_tier_rate"}, {"rate": "later_rate"}],
    }
    params = {"first_tier_limit": ("hkd", 1_000_000), "first_tier_rate": ("percent", 20), "later_rate": ("percent", 10)}
    if baseline is not None:
        spec["baseline"] = "normal_rate"
        params["normal_rate"] = ("percent", baseline)
    if cap is not None:
        spec["cap"] = "cap"
        params["cap"] = ("hkd", cap)
    return programme(spec, **params)


def worded(prog, spend):
    return explanation(estimate(prog, {SPEND: spend}, AS_OF))


@pytest.mark.parametrize(
    "ratio, share",
    [
        ("1:1", "one half"),
        ("1:2", "one third"),
        ("1:3", "one quarter"),
        ("2:1", "two thirds"),
        ("3:1", "three quarters"),
    ],
)
def test_a_matching_ratio_is_worded_as_the_governments_share(ratio, share):
    assert worded(matching(ratio), 12_000_000).startswith(f"{ratio} matching: {share} of HK$12m = ")


def test_a_one_to_one_match_pays_half_of_the_cost():
    assert worded(matching("1:1"), 10_000_000) == "1:1 matching: one half of HK$10m = HK$5m."


def test_a_one_to_three_match_pays_a_quarter_of_the_cost():
    assert worded(matching("1:3"), 10_000_000) == "1:3 matching: one quarter of HK$10m = HK$2.5m."


def test_a_share_with_no_common_word_is_a_percentage():
    assert worded(matching("2:3"), 10_000_000) == "2:3 matching: 40% of HK$10m = HK$4m."
    assert share_words(estimate(matching("1:9"), {}, AS_OF).share) == "10%"


def test_a_percentage_estimate_shows_the_rate_the_base_and_the_amount():
    assert worded(percentage(40), 2_500_000) == "40% of HK$2.5m = HK$1m."
    assert worded(percentage(12.5), 800_000) == "12.5% of HK$800,000 = HK$100,000."


def test_the_values_used_are_in_words_for_their_unit():
    prog = programme(
        {"shape": "percentage", "of": SPEND, "rate": "rate", "cap": "cap"},
        rate=("percent", 40),
        cap=("hkd", 200_000_000),
    )
    words = values_used(estimate(prog, {SPEND: 1_000_000}, AS_OF), prog, AS_OF)
    assert [(w.label, w.words) for w in words] == [("Rate", "40%"), ("Cap", "HK$200m")]
    assert words[0].dated.since == dt.date(2024, 1, 1)


def test_the_values_used_by_a_tiered_estimate_are_listed_in_the_order_of_the_formula():
    prog = tiered(baseline=5, cap=300_000)
    words = values_used(estimate(prog, {SPEND: 3_000_000}, AS_OF), prog, AS_OF)
    assert [(w.label, w.words) for w in words] == [
        ("Normal rate", "5%"),
        ("First tier limit", "HK$1m"),
        ("First tier rate", "20%"),
        ("Later rate", "10%"),
        ("Cap", "HK$300,000"),
    ]


def test_a_ratio_value_names_which_side_is_which():
    prog = matching("1:2")
    assert value_words(prog, "ratio", AS_OF).words == "1:2 (government : company)"
    assert [w.words for w in values_used(estimate(prog, {}, AS_OF), prog, AS_OF)] == ["1:2 (government : company)"]


def test_a_value_not_yet_in_force_has_no_words():
    prog = percentage(40)
    assert value_words(prog, "rate", dt.date(2023, 12, 31)) is None
    assert value_words(prog, "rate", dt.date(2024, 1, 1)).words == "40%"


def test_an_amount_exactly_at_the_cap_is_within_the_cap_not_capped():
    result = estimate(matching("1:2", cap=200_000_000), {SPEND: 600_000_000}, AS_OF)
    assert result.amount == 200_000_000 and not result.capped
    assert explanation(result) == "1:2 matching: one third of HK$600m = HK$200m, within the HK$200m cap."


def test_an_amount_one_dollar_over_the_cap_is_capped_at_the_cap():
    result = estimate(percentage(50, cap=1_000_000), {SPEND: 2_000_002}, AS_OF)
    assert result.amount == 1_000_000 and result.raw == 1_000_001 and result.capped
    assert explanation(result) == "50% of HK$2,000,002 = HK$1,000,001, capped at HK$1m."


def test_an_amount_below_the_cap_is_within_it():
    result = estimate(percentage(50, cap=1_000_000), {SPEND: 1_999_998}, AS_OF)
    assert result.amount == 999_999
    assert explanation(result) == "50% of HK$1,999,998 = HK$999,999, within the HK$1m cap."


def test_a_tiered_estimate_without_a_baseline_applies_each_rate_in_full():
    result = estimate(tiered(), {SPEND: 3_000_000}, AS_OF)
    assert result.amount == 400_000 and result.baseline == 0
    assert result.tiers == ((20, 1_000_000), (10, 2_000_000))
    assert explanation(result) == "20% of HK$1m + 10% of HK$2m = HK$400,000."


def test_a_spend_inside_the_first_tier_uses_only_the_first_rate():
    result = estimate(tiered(), {SPEND: 500_000}, AS_OF)
    assert result.tiers == ((20, 500_000),) and result.amount == 100_000
    assert explanation(result) == "20% of HK$500,000 = HK$100,000."


def test_a_spend_exactly_at_a_tier_boundary_stays_in_the_first_tier():
    result = estimate(tiered(), {SPEND: 1_000_000}, AS_OF)
    assert result.tiers == ((20, 1_000_000),) and result.amount == 200_000


def test_one_dollar_past_a_tier_boundary_is_charged_at_the_next_rate():
    result = estimate(tiered(), {SPEND: 1_000_001}, AS_OF)
    assert result.tiers == ((20, 1_000_000), (10, 1))
    assert result.amount == pytest.approx(200_000.1)
    assert explanation(result) == "20% of HK$1m + 10% of HK$1 = HK$200,000."


def test_a_tiered_estimate_with_a_baseline_counts_only_what_exceeds_the_normal_rate():
    result = estimate(tiered(baseline=5), {SPEND: 3_000_000}, AS_OF)
    assert result.tiers == ((15, 1_000_000), (5, 2_000_000)) and result.amount == 250_000
    assert explanation(result) == "above the normal 5%: 15% of HK$1m + 5% of HK$2m = HK$250,000."


def test_nothing_spent_gives_nothing():
    result = estimate(tiered(), {SPEND: 0}, AS_OF)
    assert result.amount == 0 and result.tiers == ()


def test_a_tiered_estimate_can_be_capped():
    result = estimate(tiered(cap=300_000), {SPEND: 3_000_000}, AS_OF)
    assert result.amount == 300_000 and result.raw == 400_000
    assert explanation(result) == "20% of HK$1m + 10% of HK$2m = HK$400,000, capped at HK$300,000."


@pytest.mark.parametrize(
    "prog, words",
    [
        (matching("1:2"), "1:2 matching of your costs."),
        (percentage(40), "40% of your costs."),
        (tiered(), "A tiered percentage of your spending."),
    ],
)
def test_without_the_answer_it_needs_the_estimate_gives_its_formula_and_names_the_question(prog, words):
    result = estimate(prog, {}, AS_OF)
    assert result.amount is None and result.needs == SPEND
    assert explanation(result) == words


def test_a_fixed_amount_needs_no_answer_and_is_never_capped():
    prog = programme({"shape": "fixed", "amount": "grant"}, grant=("hkd", 100_000))
    result = estimate(prog, {}, AS_OF)
    assert result.amount == 100_000 and result.needs is None
    assert result.raw == 100_000 and not result.capped
    assert explanation(result) == "A fixed amount of up to HK$100,000."
    assert describe_estimate(prog, QUESTIONNAIRE, AS_OF) == "A fixed amount of up to HK$100,000."


def test_no_estimate_while_a_parameter_it_uses_is_not_yet_in_force():
    prog = programme(
        {"shape": "percentage", "of": SPEND, "rate": "rate", "cap": "cap"},
        rate=("percent", 40),
        cap=("hkd", 1_000_000, "2026-06-01"),
    )
    assert estimate(prog, {SPEND: 100}, AS_OF) is None
    assert estimate(prog, {SPEND: 100}, dt.date(2026, 6, 1)).amount == 40


def test_the_catalogue_words_a_tiered_formula_band_by_band():
    assert (
        describe_estimate(tiered(), QUESTIONNAIRE, AS_OF)
        == "20% on the first HK$1m, 10% on the rest of the R&D spending."
    )


def test_the_catalogue_words_a_middle_tier_as_up_to_its_limit():
    prog = programme(
        {
            "shape": "tiered",
            "of": SPEND,
            "tiers": [
                {"up_to": "limit_1", "rate": "rate_1"},
                {"up_to": "limit_2", "rate": "rate_2"},
                {"rate": "rate_3"},
            ],
        },
        limit_1=("hkd", 1_000_000),
        rate_1=("percent", 30),
        limit_2=("hkd", 5_000_000),
        rate_2=("percent", 20),
        rate_3=("percent", 10),
    )
    assert describe_estimate(prog, QUESTIONNAIRE, AS_OF) == (
        "30% on the first HK$1m, 20% up to HK$5m, 10% on the rest of the R&D spending."
    )


def test_the_catalogue_says_a_tiered_amount_is_what_exceeds_the_normal_rate_and_gives_the_cap():
    assert describe_estimate(tiered(baseline=5, cap=300_000), QUESTIONNAIRE, AS_OF) == (
        "20% on the first HK$1m, 10% on the rest of the R&D spending; "
        "the amount shown is what exceeds the normal 5%, up to HK$300,000."
    )


def test_the_catalogue_words_matching_and_percentage_formulas():
    assert describe_estimate(matching("1:2", cap=200_000_000), QUESTIONNAIRE, AS_OF) == (
        "Matching funding at 1:2, the government paying HK$1 for every HK$2 you pay: "
        "one third of the R&D spending, up to HK$200m."
    )
    assert describe_estimate(percentage(40), QUESTIONNAIRE, AS_OF) == "40% of the R&D spending."


def test_the_catalogue_leaves_out_a_cap_not_yet_in_force():
    prog = programme(
        {"shape": "percentage", "of": SPEND, "rate": "rate", "cap": "cap"},
        rate=("percent", 40),
        cap=("hkd", 1_000_000, "2026-06-01"),
    )
    assert describe_estimate(prog, QUESTIONNAIRE, AS_OF) == "40% of the R&D spending."
    assert describe_estimate(prog, QUESTIONNAIRE, dt.date(2026, 6, 1)) == "40% of the R&D spending, up to HK$1m."
