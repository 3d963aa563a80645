"""Programme blocks made once and reused: a page made of reused blocks is the page made from nothing."""

import re

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.support.app import load_bundled_rules, make_app
from tests.support.companies import COMPANIES
from tests.support.profiles import PROFILES, STRONG
from tests.support.strategies import answers
from webapp.web.fragments import FragmentCache
from webapp.web.tokens import make_token

WITH_BLOCKS, WITHOUT = make_app(), make_app(FRAGMENT_CACHE_MB=0, PAGE_CACHE_MB=0)
KNOWN = [STRONG, *PROFILES.values(), *COMPANIES.values()]
TOKEN = re.compile(r"answers=[^\"&]+|value=\"[A-Za-z0-9_\-=]{60,}\"")  # links are encrypted afresh each time


def page(app, facts, lang="en", as_of=None):
    link = f"/results?answers={make_token('test-secret', facts)}&lang={lang}" + (f"&as_of={as_of}" if as_of else "")
    response = app.test_client().get(link)
    if response.status_code != 200:
        return None  # answers a link may not carry (one more than another allows): back to the form
    return TOKEN.sub("answers=…", response.get_data(as_text=True))


def test_pages_made_of_reused_blocks_are_the_pages_made_from_nothing():
    for lang in ("en", "zh-Hant"):
        for facts in KNOWN:  # each page reuses blocks made for the companies before it
            made = page(WITH_BLOCKS, facts, lang)
            assert made is not None and made == page(WITHOUT, facts, lang)
    cache = WITH_BLOCKS.extensions["fragment_cache"]
    assert cache.hits > 100  # blocks were reused across companies and languages


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    facts=answers(load_bundled_rules().questionnaire),
    base=st.sampled_from(KNOWN),
    lang=st.sampled_from(["en", "zh-Hans"]),
)
def test_a_company_that_differs_in_any_answer_gets_its_own_blocks(facts, base, lang):
    facts = {**base, **facts}
    made = page(WITH_BLOCKS, facts, lang)
    assume(made is not None)
    assert made == page(WITHOUT, facts, lang)


def test_a_block_depends_on_the_date():
    for as_of in ("2024-12-31", "2025-11-17", "2025-11-18"):
        made = page(WITH_BLOCKS, STRONG, as_of=as_of)
        assert made is not None and made == page(WITHOUT, STRONG, as_of=as_of)


def test_the_cache_keeps_the_most_recently_used_blocks_within_its_budget():
    cache = FragmentCache(max_bytes=3000)
    for i in range(5):
        cache.put(i, "x" * 800)
        cache.get(0)
    assert 0 in cache.fragments and 4 in cache.fragments and 1 not in cache.fragments
    assert cache.size <= 3000
    cache.put("huge", "x" * 10_000)
    assert "huge" not in cache.fragments


def _form(app, method, path, data=None):
    client = app.test_client()
    response = client.post(path, data=data) if method == "POST" else client.get(path)
    return response.status_code, TOKEN.sub("answers=…", response.get_data(as_text=True))


def test_forms_made_of_reused_questions_are_the_forms_made_from_nothing():
    from tests.support.forms import STRONG_FORM

    mistakes = {**STRONG_FORM, "total_project_cost_hkd": "lots", "industry": ""}  # two errors, the rest kept
    # The same own investment, above the total cost in one and not in the other: the error alone differs.
    above = {**STRONG_FORM, "total_project_cost_hkd": "400000000", "own_investment_hkd": "500000000"}
    below = {**above, "total_project_cost_hkd": "600000000", "industry": ""}
    requests = [("GET", f"/?lang={lang}", None) for lang in ("en", "zh-Hant", "zh-Hans")]
    requests += [
        ("POST", "/", mistakes),
        ("POST", "/?lang=zh-Hant", mistakes),
        ("POST", "/", above),
        ("POST", "/", below),
    ]
    requests += [("GET", f"/?answers={make_token('test-secret', facts)}", None) for facts in KNOWN]
    for _ in range(2):  # the second time, every question comes from the cache
        for method, path, data in requests:
            status, made = _form(WITH_BLOCKS, method, path, data)
            assert status == 200 and (status, made) == _form(WITHOUT, method, path, data), path
    assert 'id="own_investment_hkd-error"' in _form(WITH_BLOCKS, "POST", "/", above)[1]
    assert 'id="own_investment_hkd-error"' not in _form(WITH_BLOCKS, "POST", "/", below)[1]
