"""Limits: every text answer has a length limit and every number a range, with a message that says what to do."""

import pytest

from tests.support.forms import post, text_of


def test_every_text_number_and_amount_question_has_limits(bundled_rules):
    for question in bundled_rules.questionnaire.questions.values():
        if question.type == "text":
            assert question.max_length, f"give '{question.id}' a max_length in rules/questions.yaml"
        if question.type in ("number", "amount"):
            assert question.min is not None and question.max is not None, f"give '{question.id}' a min and a max"


def check(client, raw_body: str):
    return client.post("/api/v1/check", data=raw_body, content_type="application/json")


@pytest.mark.parametrize(
    "raw, key, words",
    [
        ('{"answers": {"company_name": "%s"}}' % ("x" * 201), "company_name", "200 characters or fewer"),
        ('{"answers": {"total_project_cost_hkd": 1e30}}', "total_project_cost_hkd", "HK$1,000bn or less"),
        ('{"answers": {"total_project_cost_hkd": %s}}' % ("9" * 4000), "total_project_cost_hkd", "or less"),
        ('{"answers": {"employees_hk": 1e308}}', "employees_hk", "1,000,000 or less"),
        ('{"answers": {"employees_hk": Infinity}}', "employees_hk", "must be a number"),
        ('{"answers": {"company_age_years": -Infinity}}', "company_age_years", "must be a number"),
        ('{"answers": {"rd_spend_hkd": NaN}}', "rd_spend_hkd", "must be a number"),
        ('{"answers": {"company_age_years": -1}}', "company_age_years", "must be 0 or more"),
    ],
)
def test_the_api_refuses_answers_out_of_range_with_a_message(client, raw, key, words):
    response = check(client, raw)
    assert response.status_code == 400
    assert words in response.get_json()["errors"][key]


def test_the_api_refuses_a_number_too_long_to_read(client):
    response = check(client, '{"answers": {"employees_hk": %s}}' % ("9" * 5000))
    assert response.status_code == 400
    assert "JSON" in response.get_json()["errors"]["body"]


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("total_project_cost_hkd", "9" * 400, "The total project cost must be HK$1,000bn or less"),
        ("total_project_cost_hkd", "1e400", "Enter the total project cost in Hong Kong dollars"),
        ("own_investment_hkd", "5000bn", "Your company's own investment must be HK$1,000bn or less"),
        ("employees_hk", "1e308", "Enter the number of employees as a whole number"),  # no e-notation, as amounts
        ("employees_hk", "9" * 400, "must be 1,000,000 or less"),
        ("employees_hk", "inf", "Enter the number of employees as a whole number"),
        ("company_age_years", "nan", "Enter the company's age as a number of years"),
        ("company_name", "漢" * 201, "The company name must be 200 characters or fewer"),
    ],
)
def test_the_form_refuses_answers_out_of_range_with_a_message(client, field, value, message):
    response = post(client, **{field: value})
    assert response.status_code == 200
    assert message in text_of(response)


def test_a_form_answer_at_the_limit_is_accepted(client):
    assert (
        post(client, company_name="漢" * 200, employees_hk="1000000", total_project_cost_hkd="1000bn").status_code
        == 303
    )
