"""The form: validation errors keep every other answer and say what to do; good answers go to the results."""

import re

import pytest

from tests.support.app import make_app
from tests.support.forms import STRONG_FORM, post, text_of


def test_the_form_asks_about_company_production_rd_and_people(client):
    page = client.get("/").get_data(as_text=True)
    for legend in ("Your company", "Production plans", "Research and development", "People"):
        assert f">{legend}</h2>" in page
    assert page.count('class="question') >= 17


def test_valid_answers_redirect_to_results(client):
    response = post(client)
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/results?answers=")


@pytest.mark.parametrize(
    "field, value, message",
    [
        (
            "total_project_cost_hkd",
            "lots",
            "Enter the total project cost in Hong Kong dollars, like 150,000,000 or 150m",
        ),
        ("total_project_cost_hkd", "-5", "Enter the total project cost in Hong Kong dollars"),
        ("own_investment_hkd", "500m", "Your company's own investment cannot be more than the total project cost"),
        ("employees_hk", "2.5", "Enter the number of employees as a whole number, like 25"),
        ("employees_hk", "many", "Enter the number of employees as a whole number, like 25"),
        ("company_age_years", "250", "The company age must be 200 years or fewer"),
        ("company_name", "x" * 201, "The company name must be 200 characters or fewer"),
        ("hk_entity", None, "Select whether your company is incorporated in Hong Kong, or select Not sure"),
        ("industry", "aerospace", "Select the industry closest to your company's"),
        ("rd_plans", ["in_house_hk", "not_sure"], "Select where you will do R&D, or select Not sure yet, but not both"),
    ],
)
def test_a_mistake_gets_a_summary_and_inline_message_and_keeps_other_answers(client, field, value, message):
    response = post(client, **{field: value})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    text = text_of(response)
    assert "<title>Error: " in page
    assert "There is a problem" in text
    assert f'href="#{field}"' in page, "the summary links to the field"
    assert text.count(message) == 2, "once in the summary, once by the field"
    assert f'id="{field}-error"' in page
    # Every other answer is still filled in.
    assert 'value="Acme Biotech Ltd"' in page or field == "company_name"
    assert re.search(r'value="life_health_tech"\s+checked', page) or field == "industry"
    assert re.search(r'value="technicians"\s+checked', page)
    if field != "total_project_cost_hkd":
        assert 'value="450m"' in page


def test_two_mistakes_are_listed_in_question_order(client):
    page = post(client, own_investment_hkd="x", employees_hk="-1").get_data(as_text=True)
    start = page.index("There is a problem")
    summary = page[start : page.index("</ul>", start)]
    assert summary.index("#employees_hk") < summary.index("#own_investment_hkd")


def test_error_message_is_tied_to_the_field_for_screen_readers(client):
    page = post(client, total_project_cost_hkd="lots").get_data(as_text=True)
    assert 'aria-describedby="total_project_cost_hkd-hint total_project_cost_hkd-error"' in page


def test_answers_to_questions_that_do_not_apply_are_ignored(client):
    response = post(client, production_plan="none", total_project_cost_hkd="nonsense", high_end_technology=None)
    assert response.status_code == 303


def test_a_question_hidden_until_an_earlier_answer_is_not_required(client):
    response = post(client, production_plan=None, high_end_technology=None)
    page = response.get_data(as_text=True)
    assert 'href="#production_plan"' in page
    assert 'href="#high_end_technology"' not in page


def test_not_sure_and_blank_optional_answers_are_accepted(client):
    response = post(
        client,
        government_subvented="not_sure",
        total_project_cost_hkd="",
        own_investment_hkd="",
        rd_plans=["not_sure"],
        company_age_years="",
        employees_hk="",
    )
    assert response.status_code == 303


def test_conditional_questions_carry_their_condition_for_the_script(client):
    page = client.get("/").get_data(as_text=True)
    assert 'data-asked-when="{&#34;fact&#34;: &#34;production_plan&#34;' in page


def test_the_form_needs_a_valid_csrf_token():
    client = make_app(WTF_CSRF_ENABLED=True).test_client()
    page = client.post("/", data=STRONG_FORM).get_data(as_text=True)
    assert "This form has expired" in page
    assert 'value="Acme Biotech Ltd"' in page, "answers are kept"
    form = client.get("/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    assert client.post("/", data={**STRONG_FORM, "csrf_token": token}).status_code == 303


def test_change_link_fills_the_form_in_again(client):
    location = post(client).headers["Location"]
    token = location.split("answers=")[1]
    page = client.get(f"/?answers={token}").get_data(as_text=True)
    assert 'value="Acme Biotech Ltd"' in page
    assert 'value="450,000,000"' in page
    assert re.search(r'value="not_sure"\s+checked', page), "the Not sure answer is kept"
