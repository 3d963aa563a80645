"""Texts a rule file may leave out: derived from the questions' own names and bounds (issue 13, point 5)."""

import re

from tests.support.app import TODAY_DATE
from webapp.rulebook.loader import load_rules

UNKNOWN_EN = "    unknown:\n      en: Tell us whether your company has a Hong Kong company or business registration.\n"


def _without_unknown(rules_copy):
    text = (rules_copy / "nittp.yaml").read_text()
    block = re.search(
        r"    unknown:\n      en: Tell us whether your company has a Hong Kong company.*?\n(      zh-.*\n){2}", text
    )
    (rules_copy / "nittp.yaml").write_text(text.replace(block.group(0), "", 1))


def test_an_unknown_text_left_out_is_derived_from_the_question_name_in_every_language(rules_copy):
    _without_unknown(rules_copy)
    rules = load_rules(rules_copy, TODAY_DATE)
    assert "nittp" in rules.programmes, [str(p) for p in rules.errors if "nittp" in p.file]
    assert not [p for p in rules.problems if "nittp" in p.file]
    by_id = {c.id: c for c in rules.programmes["nittp"].criteria}
    assert by_id["hk_business"].unknown == "Tell us your Hong Kong incorporation."
    hant = {c.id: c for c in rules.in_language("zh-Hant").programmes["nittp"].criteria}
    assert hant["hk_business"].unknown == "請告訴我們貴公司的在香港註冊成立。"


def test_a_written_unknown_text_still_wins(bundled_rules):
    by_id = {c.id: c for c in bundled_rules.programmes["nittp"].criteria}
    assert by_id["hk_business"].unknown.startswith("Tell us whether your company has a Hong Kong company")


def test_a_criterion_on_several_questions_names_them_all(rules_copy):
    from webapp.rulebook.derived import tell_us

    names = {"a": {"en": "industry"}, "b": {"en": "R&D plans"}, "c": {"en": "staff"}}
    assert tell_us(["a", "b", "c"], names)["en"] == "Tell us your industry, R&D plans and staff."


def test_number_bounds_give_the_too_small_and_too_large_messages_without_errors_key(rules_copy):
    path = rules_copy / "questions.yaml"
    text = path.read_text()
    start = text.index("      - id: company_age_years")
    errors_at = text.index("        errors:", start)
    end = text.index("\n      - id:", errors_at)
    path.write_text(text[:errors_at] + text[end + 1 :])
    from tests.support.app import make_app

    app = make_app(RULES_DIR=str(rules_copy))
    response = app.test_client().post("/api/v1/check", json={"answers": {"company_age_years": -1}})
    assert response.status_code == 400
    assert "0 or more" in response.get_json()["errors"]["company_age_years"]
