"""English, Traditional Chinese and Simplified Chinese: rule texts, interface, amounts and the language choice."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup, escape

from tests.support.app import TODAY_DATE
from tests.support.cli import run
from tests.support.forms import post, text_of
from tests.support.rulefiles import edit, line_of
from webapp.rulebook.loader import load_rules
from webapp.rulebook.localise import FALLBACK_MARK, localise, missing_translations
from webapp.wording.numbers import format_hkd
from webapp.wording.text import LANGUAGE


def test_the_bundled_rules_are_fully_translated(rules_copy):
    result = run(rules_copy, "check", "--strict")
    assert result.exit_code == 0, result.output


def test_a_missing_translation_is_a_warning_with_its_line_and_an_error_when_strict(rules_copy):
    path = rules_copy / "nias.yaml"
    edit(path, "  zh-Hant: 新型工業加速計劃\n", "")
    rules = load_rules(rules_copy, TODAY_DATE)
    line = line_of(path, "name:")
    assert f"rules/nias.yaml:{line}: warning: missing translation: no zh-Hant text here" in map(str, rules.problems)
    assert "nias" in rules.programmes
    assert rules.in_language("zh-Hant").programmes["nias"].name == "New Industrialisation Acceleration Scheme" + (
        FALLBACK_MARK
    )
    assert run(rules_copy, "check").exit_code == 0
    assert run(rules_copy, "check", "--strict").exit_code == 1


def test_localise_picks_the_language_and_falls_back_to_english_with_a_marker():
    data = {"name": {"en": "Scheme", "zh-Hant": "計劃", "zh-Hans": "计划"}, "summary": "Only English", "id": "x"}
    patterns = ("name", "summary")
    assert localise(data, "zh-Hans", patterns) == {"name": "计划", "summary": "Only English" + FALLBACK_MARK, "id": "x"}
    assert localise(data, "en", patterns)["summary"] == "Only English"
    assert missing_translations(data, patterns) == [(("summary",), "zh-Hant"), (("summary",), "zh-Hans")]


@pytest.mark.parametrize(
    "lang, short, exact",
    [
        ("en", "HK$150m", "HK$150,000,000"),
        ("zh-Hant", "1.5億港元", "150,000,000港元"),
        ("zh-Hans", "1.5亿港元", "150,000,000港元"),
    ],
)
def test_amounts_are_written_for_the_language(lang, short, exact):
    token = LANGUAGE.set(lang)
    try:
        assert format_hkd(150_000_000) == short
        assert format_hkd(150_000_000, exact=True) == exact
    finally:
        LANGUAGE.reset(token)


def test_rule_texts_follow_the_language_of_the_address(client):
    assert "新型工業加速計劃" in text_of(client.get("/programmes/nias?lang=zh-Hant"))
    assert "新型工业加速计划" in text_of(client.get("/programmes/nias?lang=zh-Hans"))
    assert "New Industrialisation Acceleration Scheme" in text_of(client.get("/programmes/nias"))


def test_the_browser_language_is_used_when_the_address_names_none(client):
    page = client.get("/programmes/nias", headers={"Accept-Language": "zh-HK,zh;q=0.9,en;q=0.5"})
    assert "新型工業加速計劃" in text_of(page)
    page = client.get("/programmes/nias", headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    assert "新型工业加速计划" in text_of(page)
    page = client.get("/programmes/nias?lang=en", headers={"Accept-Language": "zh-HK"})
    assert "New Industrialisation Acceleration Scheme" in text_of(page)


@pytest.mark.parametrize("lang, html_lang", [("en", "en"), ("zh-Hant", "zh-Hant-HK"), ("zh-Hans", "zh-Hans-CN")])
def test_pages_declare_their_language(client, lang, html_lang):
    for path in ("/", "/programmes/", "/programmes/nias"):
        page = client.get(f"{path}?lang={lang}").get_data(as_text=True)
        assert f'<html lang="{html_lang}">' in page


def test_results_in_chinese_keep_the_language_in_links_and_amounts(client):
    location = post(client).headers["Location"]
    page = client.get(location + "&lang=zh-Hant").get_data(as_text=True)
    text = text_of(client.get(location + "&lang=zh-Hant"))
    assert "新型工業加速計劃" in text and "1.5億港元" in text
    assert re.search(r'href="/programmes/nias\?lang=zh-Hant"|/programmes/nias\?lang=zh-Hant"', page)


@pytest.mark.parametrize("lang", ["zh-Hant", "zh-Hans"])
def test_chinese_lists_names_with_the_enumeration_comma(client, lang):
    from tests.support.profiles import STRONG
    from webapp.web.tokens import make_token

    unsure = {k: v for k, v in STRONG.items() if k not in ("listed", "expand_markets", "hk_profits_tax", "ip_income")}
    page = client.get(f"/results?answers={make_token('test-secret', unsure)}&lang={lang}").get_data(as_text=True)
    also = re.search(r'<ul class="also-list">(.*?)</ul>', page, re.S).group(1)
    assert "、" in also
    assert not re.search(r"[\u4e00-\u9fff] [（\u4e00-\u9fff]", re.sub(r"<[^>]+>", "", also))


def test_the_language_switch_keeps_the_answers(client):
    location = post(client).headers["Location"]
    page = client.get(location).get_data(as_text=True)
    token = location.split("answers=")[1]
    switch = re.search(r'href="([^"]*lang=zh-Hans[^"]*)"', page).group(1)
    assert token in switch.replace("&amp;", "&")


def test_dates_are_written_for_the_language(client):
    assert "2026年11月25日" in text_of(client.get("/programmes/?lang=zh-Hant"))
    assert "25 November 2026" in text_of(client.get("/programmes/?lang=en"))


def test_the_form_accepts_amounts_written_in_chinese(client):
    response = post(client, total_project_cost_hkd="4.5億", own_investment_hkd="3億港元")
    assert response.status_code == 303


def test_switching_language_on_the_form_keeps_unsent_answers(client):
    from tests.support.forms import STRONG_FORM

    page = client.post("/?lang=zh-Hans", data={**STRONG_FORM, "lang_switch": "zh-Hans"}).get_data(as_text=True)
    assert '<html lang="zh-Hans-CN">' in page
    assert 'value="Acme Biotech Ltd"' in page and 'value="450m"' in page
    assert "There is a problem" not in page and "出现问题" not in page


CATALOGUES = {"zh-Hant": "zh_Hant_HK", "zh-Hans": "zh_Hans_CN"}


def _catalogue(locale):
    from babel.messages.pofile import read_po

    from tests.support.app import ROOT

    with open(ROOT / "webapp" / "translations" / locale / "LC_MESSAGES" / "messages.po", "rb") as po:
        return read_po(po)


@pytest.mark.parametrize("locale", CATALOGUES.values())
def test_every_interface_string_is_translated(locale):
    missing = [m.id for m in _catalogue(locale) if m.id and (not m.string or m.fuzzy or not all(m.string))]
    assert missing == []


def _english_phrases(locale):
    """Fixed English phrases of the interface (between placeholders), long enough to recognise."""
    phrases = set()
    for message in _catalogue(locale):
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        for msgid in ids:
            for part in re.split(r"%\([a-z_]+\)[sd]|<[^>]+>", msgid or ""):
                part = part.strip(" .,:;()“”")
                if len(part) >= 12 and re.search(r"[a-z]{3}", part):
                    phrases.add(part)
    return phrases


@pytest.mark.parametrize("lang", CATALOGUES)
def test_chinese_pages_show_no_untranslated_interface_text(client, lang):
    from tests.support.profiles import PROFILES

    answers = PROFILES["overseas biotech plant"]
    token = client.post("/api/v1/check", json={"answers": answers})  # warm-up: the same rules as the pages
    assert token.status_code == 200
    location = post(client).headers["Location"]
    pages = {
        "form": client.get(f"/?lang={lang}"),
        "form with errors": client.post(f"/?lang={lang}", data={"total_project_cost_hkd": "lots"}),
        "results": client.get(f"{location}&lang={lang}"),
        "results as of a past date": client.get(f"{location}&lang={lang}&as_of=2025-01-01"),
        "catalogue": client.get(f"/programmes/?lang={lang}"),
        "programme": client.get(f"/programmes/nias?lang={lang}"),
        "not found": client.get(f"/nothing?lang={lang}"),
        "bad link": client.get(f"/results?answers=broken&lang={lang}"),
    }
    phrases = _english_phrases(CATALOGUES[lang])
    for name, response in pages.items():
        text = text_of(response)
        left = sorted(p for p in phrases if p in text)
        assert left == [], f"{name}: {left}"


@settings(max_examples=300, deadline=None)
@given(
    value=st.one_of(
        st.text(),
        st.integers(),
        st.floats(allow_nan=False, allow_infinity=False),
        st.booleans(),
        st.none(),
        st.text().map(Markup),
        st.text().map(escape),
    ),
    other=st.text(alphabet="<>&'\"ab%"),
    spec=st.sampled_from(["%(value)s", "<b>%(value)s</b> & %(other)s", "%(value)s%% of %(other)s"]),
)
def test_template_formatting_escapes_each_value_as_markup_formatting_does(value, other, spec):
    from webapp.wording.text import _format

    template = Markup(spec)
    assert _format(template, {"value": value, "other": other}) == template % {"value": value, "other": other}
    numeric = Markup("%(value)d items")
    if type(value) in (int, float):
        assert _format(numeric, {"value": value}) == numeric % {"value": value}


@pytest.mark.parametrize("english", ["en:", 'en: ""'])
@pytest.mark.parametrize("simplified", [True, False])
def test_a_text_with_translations_and_no_english_is_reported_with_its_line_and_never_crashes_loading(
    rules_copy, english, simplified
):
    path = rules_copy / "ess.yaml"
    old = "    unknown:\n      en: Tell us whether your company is incorporated in Hong Kong.\n"
    edit(path, old, f"    unknown:\n      {english}\n")
    if not simplified:
        edit(path, "      zh-Hans: 请告诉我们贵公司是否在香港注册成立。\n", "")
    rules = load_rules(rules_copy, TODAY_DATE)  # a text in Chinese only was a TypeError while translating
    problems = list(map(str, rules.problems))
    if english == "en:":
        line = line_of(path, old.split("\n")[0])
        assert (
            f"rules/ess.yaml:{line}: no English text here: write it after en:, the other languages are its translations"
            in problems
        )
        assert "ess" not in rules.programmes and run(rules_copy, "check").exit_code == 1
    else:  # an empty English text is a text: the file loads, and says what else is missing
        assert "ess" in rules.programmes or any(p.startswith("rules/ess.yaml:") for p in problems)
