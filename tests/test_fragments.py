"""Programme blocks made once and reused: a page made of reused blocks is the page made from nothing."""

import re

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.support.app import TODAY_DATE, load_bundled_rules, make_app
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


# The results page's shell (webapp/web/resultspage.py): made once for each shape, filled in for each company.

ODD_NAMES = ["<b>Lee & Sons</b> \"Ltd\" 'HK'", "tokenHole7Qz Ltd", "Company %(company)s {{ token }}", "公司 \u00e9"]


def _shells(app) -> list:
    return [key for key in app.extensions["fragment_cache"].fragments if key[0] == "results.html"]


def test_companies_with_the_same_shape_of_results_share_one_shell_and_see_their_own_page():
    app = make_app()
    pages = []
    for i, name in enumerate(ODD_NAMES):
        facts = {**STRONG, "company_name": name, "total_project_cost_hkd": 300_000_000 + i * 1000}
        made = page(app, facts)
        assert made == page(WITHOUT, facts)
        pages.append(made)
    assert len(_shells(app)) == 1  # one shell, four companies: their names and links filled in
    assert "&lt;b&gt;Lee &amp; Sons&lt;/b&gt;" in pages[0] and "<b>Lee" not in pages[0]
    assert "tokenHole7Qz Ltd" in pages[1] and "{{ token }}" in pages[2]


def test_the_link_in_every_place_of_a_page_made_from_a_shell_is_its_own():
    app = make_app()
    for facts in (STRONG, {**STRONG, "company_name": "Other Ltd"}):
        token = make_token("test-secret", facts)
        html = app.test_client().get(f"/results?answers={token}&lang=zh-Hant").get_data(as_text=True)
        assert html.count(token) >= 6  # the PDF, copy, share, change, date and language links all carry it
        assert "tokenHole" not in html and "\x00" not in html


def test_a_link_with_more_in_its_address_gets_the_page_made_from_nothing():
    token = make_token("test-secret", STRONG)
    for extra in ("&focus=nothing", "&lang=en&lang=zh-Hans", "&as_of=" + "2" * 60, "&utm_source=mail"):
        link = f"/results?answers={token}{extra}"
        made, fresh = (
            TOKEN.sub("answers=…", a.test_client().get(link).get_data(as_text=True)) for a in (WITH_BLOCKS, WITHOUT)
        )
        assert made == fresh


def test_a_printed_page_has_its_own_shell():
    from webapp.web.pages import _render_results
    from webapp.web.rules import served_rules

    token = make_token("test-secret", STRONG)
    made = []
    for app in (WITH_BLOCKS, WITH_BLOCKS, WITHOUT):
        with app.test_request_context(f"/results.pdf?answers={token}"):
            made.append(TOKEN.sub("answers=…", _render_results(served_rules(), token, pdf=True)[2]))
    assert made[0] == made[1] == made[2]
    assert '<details class="programme__details" open>' in made[0]


def test_the_shell_can_show_nothing_but_its_shape():
    from jinja2.exceptions import UndefinedError

    from webapp.web import resultspage

    with WITH_BLOCKS.test_request_context("/results"), pytest.raises(UndefinedError):
        resultspage._shell(WITH_BLOCKS.jinja_env, {"lang": "en"}, "t", None, lambda: [], lambda *a: "")


def _slots(app, name: str) -> list:
    return [key for key in app.extensions["fragment_cache"].fragments if key[0] == name]


def test_companies_whose_answer_box_and_chart_say_the_same_share_them_and_see_their_own_link():
    app = make_app()
    for lang in ("en", "zh-Hant"):
        for cost in (310_000_000, 310_001_000, 310_002_000):  # the same amounts, rounded as the page shows them
            facts = {**STRONG, "total_project_cost_hkd": cost}
            token = make_token("test-secret", facts)
            html = app.test_client().get(f"/results?answers={token}&lang={lang}").get_data(as_text=True)
            assert TOKEN.sub("answers=…", html) == page(WITHOUT, facts, lang)
            assert f"answers={token}" in html.split('class="answer-box"')[1].split("</section>")[0]  # its own links
    boxes, charts = _slots(app, "_results_plan.html"), _slots(app, "_chart.html")
    assert len(boxes) == 2 and len(charts) == 2  # one of each per language, for the three companies
    facts = {**STRONG, "total_project_cost_hkd": 900_000_000}  # a larger project: larger amounts, its own box
    assert page(app, facts) == page(WITHOUT, facts)
    assert len(_slots(app, "_results_plan.html")) == 3


def test_the_answer_box_and_the_chart_can_show_nothing_but_their_words():
    from jinja2.exceptions import UndefinedError

    from webapp.engine.report import build_report
    from webapp.web.chart import support_chart
    from webapp.web.moulds import moulds_env
    from webapp.wording.plan import answer_box
    from webapp.wording.results import word_report

    rules = load_bundled_rules()
    strict = moulds_env(WITH_BLOCKS.jinja_env)
    with WITH_BLOCKS.test_request_context("/results"):
        words = word_report(build_report(rules, STRONG, TODAY_DATE), rules.questionnaire)
        made = {
            "_results_plan.html": {"box": answer_box(words), "token": "t", "lang": "en", "sp": " "},
            "_chart.html": {"chart": support_chart(words)},
        }
        for template, values in made.items():
            assert "HK$" in strict.get_template(template).render(values)  # all it reads, it is given
            for name in values:  # and it reads each of them
                with pytest.raises(UndefinedError):
                    strict.get_template(template).render({k: v for k, v in values.items() if k != name})


def _moulds(app) -> list:
    return [key for key in app.extensions["fragment_cache"].fragments if key[:2] == ("mould", "_programme.html")]


def test_blocks_that_differ_only_in_their_amount_and_arithmetic_share_one_mould():
    app = make_app()
    for cost in (300_000_000, 300_001_000, 312_345_678, 450_000_000):
        facts = {**STRONG, "total_project_cost_hkd": cost}
        made = page(app, facts, "zh-Hant")
        assert made == page(WITHOUT, facts, "zh-Hant")
    by_programme = {}
    for key in _moulds(app):
        by_programme.setdefault(key[-1].programme.id, []).append(key)
    assert by_programme and all(len(keys) == 1 for keys in by_programme.values())  # the four share each mould
    assert app.extensions["fragment_cache"].hits > 4


def test_an_amount_in_a_mould_can_only_be_shown():
    from webapp.web.moulds import AMOUNT_MARK

    with pytest.raises(TypeError):
        _ = AMOUNT_MARK == 0


ROW_NAMES = [
    "<b>Bold & Co</b>",
    'Quote "Ltd"',
    "O'Brien's",
    "新工業有限公司",
    "a\u00a0b  c",
    "&amp; already",
    "\\x00s\\x00",
]


def test_answer_rows_made_from_the_questions_mould_are_the_rows_made_from_nothing():
    app = make_app()
    for lang in ("en", "zh-Hant"):
        for name in ROW_NAMES:
            for cost in (300_000_000, 450_000_001):
                facts = {**STRONG, "company_name": name, "total_project_cost_hkd": cost}
                assert page(app, facts, lang) == page(WITHOUT, facts, lang)
    rows = [key for key in app.extensions["fragment_cache"].fragments if key[:2] == ("mould", "_answer_row.html")]
    company = [key for key in rows if key[2] == "company_name"]
    assert len(company) == 2  # one mould per question and language, however many names were filled into it


def test_a_row_mould_can_show_nothing_but_its_question_and_answer():
    from jinja2.exceptions import UndefinedError

    from webapp.web.moulds import ROW, moulds_env

    with WITH_BLOCKS.test_request_context("/results"), pytest.raises(UndefinedError):
        moulds_env(WITH_BLOCKS.jinja_env).get_template(ROW).render({"shown": "x"})


@pytest.mark.parametrize("token", ["Abc-12_3.x", "tokenHole7Qz", "a b+c/=%&#", "é字", ""])
@pytest.mark.parametrize("host", ["http://checker.example/", "https://other.example:8443/"])
def test_links_with_the_answers_are_the_links_url_for_builds(token, host):
    from flask import url_for

    from webapp.web.links import page_url

    for lang in (None, "zh-Hant"):
        query = {"lang": lang} if lang else {}
        with WITH_BLOCKS.test_request_context("/results", base_url=host, query_string=query):
            WITH_BLOCKS.preprocess_request()
            for _ in range(2):  # built, then remembered
                for endpoint, values in (
                    ("main.results_pdf", {"answers": token, "as_of": "2026-11-25", "lang": "en"}),
                    ("main.results", {"answers": token, "lang": "zh-Hans", "_external": True}),
                    ("main.results", {"answers": token}),
                ):
                    assert page_url(endpoint, **values) == url_for(endpoint, **values)


def test_a_block_that_differs_only_in_its_amount_is_filled_into_its_mould_without_words(monkeypatch):
    """The block of a company whose result is new only in its amount (the same programme, outcomes, changes and
    answers they quote) is its mould filled with the amount, found without putting the result in words; any other
    difference (a change that quotes another answer, an unknown answer) gets words and a mould of its own."""
    import webapp.wording.results as results

    app = make_app()
    worded = []
    word_result = results.word_result

    def noting(result, report, questionnaire):
        worded.append(result.programme.id)
        return word_result(result, report, questionnaire)

    monkeypatch.setattr(results, "word_result", noting)
    companies = [
        {**STRONG, "total_project_cost_hkd": 450_000_000},
        {**STRONG, "total_project_cost_hkd": 460_000_000},  # a new amount only
        {**STRONG, "total_project_cost_hkd": 470_123_000},
        {**STRONG, "total_project_cost_hkd": 60_000_000, "own_investment_hkd": 40_000_000},  # below the minimum
        {**STRONG, "total_project_cost_hkd": 70_000_000, "own_investment_hkd": 40_000_000},  # quoted: "you said"
        {**STRONG, "total_project_cost_hkd": 480_000_000, "high_end_technology": None},  # an answer left unknown
        {**STRONG, "total_project_cost_hkd": 490_000_000, "high_end_technology": None},
    ]
    nias_worded = []
    for lang in ("en", "zh-Hant"):
        for facts in companies:
            worded.clear()
            made = page(app, facts, lang)
            nias_worded.append("nias" in worded)
            assert made is not None and made == page(WITHOUT, facts, lang)
    assert nias_worded[:3] == [True, False, False]  # the first made the mould; the next two only filled it
    assert nias_worded[4] and nias_worded[5]  # another quoted answer, another unknown: worded afresh
    shapes = [key for key in app.extensions["fragment_cache"].fragments if key[0] == "shape"]
    assert shapes and all(key[2].id != "nias" or key[-1][0] in ("en", "zh-Hant") for key in shapes)


def test_a_block_filled_into_its_mould_is_not_kept_and_unchanged_groups_are_kept_as_sent():
    """A block that is its mould filled with one company's amount is made again at less cost than keeping it: the
    cache keeps NIAS's block once (the first, put in words), however many amounts follow. A group of blocks made
    before is kept joined, in UTF-8 as the page is sent."""
    from webapp.web.fragments import Joined

    app = make_app()
    cache = app.extensions["fragment_cache"]

    def nias_blocks() -> int:
        return sum(
            1
            for key in cache.fragments
            if len(key) == 5 and getattr(key[1], "obj", None) is not None and key[1].obj.programme.id == "nias"
        )

    bodies = []
    for cost in (450_000_000, 460_000_000, 470_123_000, 480_000_000):
        link = f"/results?answers={make_token('test-secret', {**STRONG, 'total_project_cost_hkd': cost})}"
        bodies.append(app.test_client().get(link).get_data())
        assert nias_blocks() == 1
    groups = [entry for entry in cache.fragments.values() if type(entry) is Joined]
    assert groups and all(type(group.utf8) is bytes and group.utf8 in bodies[-1] for group in groups[-2:])
    for facts in ({**STRONG, "total_project_cost_hkd": 470_123_000}, STRONG):
        assert page(app, facts) == page(WITHOUT, facts)
