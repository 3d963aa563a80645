"""A condition met on an answer that is a plan ("we will incorporate one before applying") says when it will be met.

The verdict stays what it was: the company told us it will incorporate before applying. But a plain "met" would
tell a company that has not incorporated yet that it has; the questionnaire's `planned` text words it instead.
"""

import re

from tests.support.app import TODAY_DATE, load_bundled_rules, make_app
from tests.support.profiles import STRONG
from webapp.web.tokens import make_token

APP = make_app()
PLANNED = {
    "en": "Incorporated in Hong Kong: met once you have incorporated the company, as you plan to.",
    "zh-Hant": "在香港註冊成立：貴公司按計劃註冊成立後即符合。",
    "zh-Hans": "在香港注册成立：贵公司按计划注册成立后即符合。",
}
MET = {
    "en": "Incorporated in Hong Kong: met.",
    "zh-Hant": "在香港註冊成立：符合。",
    "zh-Hans": "在香港注册成立：符合。",
}


def _conditions(facts, lang):
    html = APP.test_client().get(f"/results?answers={make_token('test-secret', facts)}&lang={lang}").get_data(True)
    nias = html[html.index('id="programme-nias"') :]
    nias = nias[: nias.index("</article>")]
    return nias, re.findall(r'<span class="condition__text"><strong>([^<]*)</strong>', nias)


def test_a_company_that_will_incorporate_reads_when_the_condition_will_be_met_in_every_language():
    for lang in ("en", "zh-Hant", "zh-Hans"):
        planned, lines = _conditions({**STRONG, "hk_entity": "will_incorporate"}, lang)
        assert PLANNED[lang] in lines and MET[lang] not in lines
        assert "badge--likely" in planned  # the same verdict: the plan is the company's own answer
        done, lines = _conditions({**STRONG, "hk_entity": "incorporated"}, lang)
        assert MET[lang] in lines and PLANNED[lang] not in lines
        assert "badge--likely" in done


def test_the_apis_full_answer_gives_the_planned_text_and_its_summary_the_same_outcome():
    client = APP.test_client()
    facts = {**STRONG, "hk_entity": "will_incorporate"}
    full = client.post("/api/v1/check?detail=full", json={"answers": facts}).get_json()
    nias = next(r for r in full["results"] if r["id"] == "nias")
    condition = next(c for c in nias["criteria"] if c["id"] == "hk_company")
    assert condition["outcome"] == "met"
    assert condition["planned"] == "once you have incorporated the company, as you plan to"
    summary = client.post("/api/v1/check", json={"answers": facts}).get_json()
    nias = next(r for r in summary["results"] if r["id"] == "nias")
    assert {"id": "hk_company", "outcome": "met"} in nias["criteria"]
    incorporated = client.post("/api/v1/check?detail=full", json={"answers": STRONG}).get_json()
    nias = next(r for r in incorporated["results"] if r["id"] == "nias")
    assert all("planned" not in c for c in nias["criteria"])


def test_a_condition_met_without_the_planned_answer_is_plainly_met():
    """HKSTP incubation's "young company" is met by a company that will incorporate, or by one young enough: a
    young company that will also incorporate meets it on its age, and reads a plain "met"."""
    facts = {**STRONG, "hk_entity": "will_incorporate", "industry": "ai_data_science", "employees_hk": 2}
    old = APP.test_client().post("/api/v1/check?detail=full", json={"answers": {**facts, "company_age_years": 9}})
    young = APP.test_client().post("/api/v1/check?detail=full", json={"answers": {**facts, "company_age_years": 1}})

    def young_company(response):
        incubation = next(r for r in response.get_json()["results"] if r["id"] == "incubation_hkstp")
        return next(c for c in incubation["criteria"] if c["id"] == "young_company")

    assert young_company(young)["outcome"] == "met" and "planned" not in young_company(young)
    assert young_company(old)["outcome"] == "met" and young_company(old)["planned"]


def _icons(nias: str) -> dict:
    """Each condition's text -> the classes of its item (what styles its icon)."""
    items = re.findall(
        r'<li class="(condition[^"]*)">\s*<span class="condition__icon"[^>]*>[^<]*</span>\s*'
        r'<span class="condition__text"><strong>([^<]*)</strong>',
        nias,
    )
    return {text: classes.split() for classes, text in items}


def test_a_condition_met_on_a_plan_has_an_open_tick_not_the_solid_one_of_a_condition_met_today():
    planned, _ = _conditions({**STRONG, "hk_entity": "will_incorporate"}, "en")
    icons = _icons(planned)
    assert icons[PLANNED["en"]] == ["condition", "condition--met", "condition--planned"]
    others = [classes for text, classes in icons.items() if text != PLANNED["en"]]
    assert others and all("condition--planned" not in classes for classes in others)
    done, _ = _conditions({**STRONG, "hk_entity": "incorporated"}, "en")
    assert _icons(done)[MET["en"]] == ["condition", "condition--met"]


def test_the_planned_words_appear_after_a_company_with_the_same_outcomes_was_worded_first():
    """Criteria in words are kept for companies whose outcomes are the same (webapp.wording.results.criteria_words);
    an answer that is a plan is never served the words kept for a company that has done it already."""
    for lang in ("en", "zh-Hant"):
        _, lines = _conditions({**STRONG, "hk_entity": "incorporated", "company_name": f"First {lang}"}, lang)
        assert MET[lang] in lines
        _, lines = _conditions({**STRONG, "hk_entity": "will_incorporate", "company_name": f"Second {lang}"}, lang)
        assert PLANNED[lang] in lines and MET[lang] not in lines


def test_companies_with_the_same_outcomes_share_their_criteria_in_words():
    from webapp.engine.report import build_report
    from webapp.wording.results import word_report
    from webapp.wording.text import LANGUAGE

    rules = load_bundled_rules()
    token = LANGUAGE.set("en")
    try:
        worded = []
        for cost in (300_000_000, 300_001_000):
            report = build_report(rules, {**STRONG, "total_project_cost_hkd": cost}, TODAY_DATE)
            worded.append(word_report(report, rules.questionnaire)["nias"])
        assert worded[0].estimate.amount != worded[1].estimate.amount
        assert worded[0].criteria is worded[1].criteria
        planned = build_report(rules, {**STRONG, "hk_entity": "will_incorporate"}, TODAY_DATE)
        assert word_report(planned, rules.questionnaire)["nias"].criteria is not worded[0].criteria
    finally:
        LANGUAGE.reset(token)
