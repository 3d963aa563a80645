"""Answers sent before a question existed (saved links, API clients) keep their meaning through `derive` rules."""

import datetime as dt
from pathlib import Path

import pytest
from itsdangerous import URLSafeSerializer

from webapp import create_app
from webapp.engine.answers import read_json
from webapp.rulebook.loader import load_rules

ROOT = Path(__file__).resolve().parent.parent
DAY = dt.date(2026, 11, 25)
# A strong NIAS company, with only the question ids and option values of the questionnaire before 2026-12-02.
OLD_ANSWERS = {
    "company_name": "Old Link Pharma Ltd",
    "hk_entity": "incorporated",
    "government_subvented": False,
    "industry": "life_health_tech",
    "company_age_years": 10,
    "employees_hk": 120,
    "production_plan": "new_smart_facility",
    "total_project_cost_hkd": 600000000,
    "own_investment_hkd": 400000000,
    "high_end_technology": True,
    "space_needed": "production_floor",
    "expand_markets": True,
    "rd_plans": ["in_house_hk"],
    "rd_spend_hkd": 20000000,
    "ip_income": True,
    "hk_profits_tax": True,
    "hiring_needs": ["technicians", "rd_staff"],
    "train_staff": True,
}


@pytest.fixture(scope="module")
def questionnaire():
    return load_rules(ROOT / "rules", DAY).questionnaire


def test_an_old_industry_answer_gives_the_project_technologies(questionnaire):
    answers = read_json(questionnaire, OLD_ANSWERS)
    assert answers.errors == {}
    assert answers.facts["project_technologies"] == ["biotech_life_health"]


def test_r_and_d_all_in_hong_kong_gives_the_hong_kong_share(questionnaire):
    assert read_json(questionnaire, OLD_ANSWERS).facts["rd_spend_hk_hkd"] == 20000000
    abroad = {**OLD_ANSWERS, "rd_plans": ["in_house_hk", "outside_hk"]}
    assert "rd_spend_hk_hkd" not in read_json(questionnaire, abroad).facts


def test_a_new_question_answered_is_never_overridden(questionnaire):
    given = read_json(questionnaire, {**OLD_ANSWERS, "project_technologies": ["microelectronics"]})
    assert given.facts["project_technologies"] == ["microelectronics"]
    unsure = read_json(questionnaire, {**OLD_ANSWERS, "project_technologies": None})
    assert unsure.facts["project_technologies"] is None


def test_nothing_is_derived_for_a_question_that_is_not_asked(questionnaire):
    no_production = {**OLD_ANSWERS, "production_plan": "none"}
    assert "project_technologies" not in read_json(questionnaire, no_production).facts


@pytest.fixture(scope="module")
def client():
    app = create_app({"TESTING": True, "SECRET_KEY": "test-secret", "FIXED_DATE": str(DAY), "WTF_CSRF_ENABLED": False})
    return app.test_client()


def test_an_old_api_body_is_accepted_with_its_meaning(client):
    response = client.post("/api/v1/check", json={"answers": OLD_ANSWERS})
    assert response.status_code == 200, response.get_json()
    by_id = {r["id"]: r for r in response.get_json()["results"]}
    assert by_id["nias"]["verdict"] in ("likely", "possible")
    assert "project_technologies" not in by_id["nias"]["unknown_questions"]


def test_an_old_permalink_opens_its_results(client):
    token = URLSafeSerializer("test-secret", salt="answers-v1").dumps({"a": OLD_ANSWERS, "d": "2026-11-25"})
    page = client.get(f"/results?answers={token}")
    assert page.status_code == 200
    assert "Old Link Pharma Ltd" in page.get_data(as_text=True)


def derive_problem(tmp_path, derive_yaml):
    target = tmp_path / "rules"
    target.mkdir()
    text = (ROOT / "rules" / "questions.yaml").read_text()
    anchor = "        derive:\n          - when: {fact: industry, equals: life_health_tech}\n"
    assert anchor in text
    (target / "questions.yaml").write_text(text.replace(anchor, "        derive:\n" + derive_yaml + anchor[16:], 1))
    return [p.message for p in load_rules(target, DAY).errors]


def test_a_derive_entry_with_both_value_and_same_as_is_an_error(tmp_path):
    found = derive_problem(
        tmp_path,
        "          - when: {fact: hk_entity, answered: true}\n            value: [ai_data]\n"
        "            same_as: rd_plans\n",
    )
    assert "a derive entry needs 'value' or 'same_as' (one of them)" in found


def test_a_derived_value_that_is_not_an_answer_is_an_error(tmp_path):
    found = derive_problem(
        tmp_path, "          - when: {fact: hk_entity, answered: true}\n            value: [robots]\n"
    )
    assert "not an answer to 'project_technologies' (unknown_option)" in found


def test_same_as_must_name_an_earlier_question_of_the_same_type(tmp_path):
    found = derive_problem(
        tmp_path, "          - when: {fact: hk_entity, answered: true}\n            same_as: industry\n"
    )
    assert "'same_as' must name an earlier multi question" in found
