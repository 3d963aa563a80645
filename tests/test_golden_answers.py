"""The API's answers and the results pages' words for the reference companies are those kept in tests/data.

Faster code must say the same things: this compares every verdict, amount and word in three languages with the
answers kept before. When rules or wording change on purpose, regenerate them (see tests/support/golden.py).
"""

from tests.support.golden import collect, differences, load, summarise


def test_the_api_and_the_results_pages_say_what_they_said_before():
    old, new = load(), summarise(collect())
    assert len(new) >= 3 * 2 * 20
    assert differences(old, new) == []


def test_the_comparison_sees_a_changed_amount_and_a_changed_word():
    found = collect()
    kept = summarise(found)
    key = next(k for k in found if k.startswith("api en "))
    plan = {**found[key]["funding_plan"], "total_hkd": -1}
    lines = differences(kept, summarise({**found, key: {**found[key], "funding_plan": plan}}))
    assert any(".plan[0]" in line for line in lines)
    page = next(k for k in found if k.startswith("page zh-Hant "))
    assert differences(kept, summarise({**found, page: found[page][:-1] + ["另一句"]}))
