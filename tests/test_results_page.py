"""The results page: groups, conditions with reasons, amounts, sources, next steps, answers and the disclaimer."""

import re

import pytest

from tests.support.forms import post, text_of


@pytest.fixture
def results(client):
    def get(**changes):
        location = post(client, **changes).headers["Location"]
        response = client.get(location)
        assert response.status_code == 200
        return response

    return get


def section(page, group):
    start = page.index(f'id="group-{group}"')
    end = page.find("<section", start)
    return page[start:end]


def test_a_strong_nias_profile_is_likely_with_amount_and_working(results):
    page = results().get_data(as_text=True)
    likely = section(page, "likely")
    assert "New Industrialisation Acceleration Scheme" in likely
    text = text_of(results())
    assert "Indicative support: up to HK$150m" in text
    assert "1:2 matching: one third of HK$450m = HK$150m, within the HK$200m cap." in text


def test_every_condition_is_shown_with_words_not_only_symbols(results):
    text = text_of(results(total_project_cost_hkd="120m", own_investment_hkd="100m"))
    assert "Large enough project: not met. The project must cost at least HK$150m in total" in text
    assert "Incorporated in Hong Kong: met." in text


def test_a_failed_condition_puts_the_programme_under_unlikely(results):
    # Two conditions fail (the project's technology and the Hong Kong company), so it is not a near miss.
    page = results(project_technologies=["other_technology"], hk_entity="branch_only").get_data(as_text=True)
    assert 'id="programme-nias"' in section(page, "unlikely")


def test_not_sure_makes_a_programme_possible_and_names_the_questions_to_settle_it(results):
    response = results(government_subvented="not_sure", high_end_technology="not_sure")
    page = response.get_data(as_text=True)
    possible = section(page, "possible")
    assert "New Industrialisation Acceleration Scheme" in possible
    text = text_of(response)
    nias = text[text.index("New Industrialisation Acceleration Scheme (NIAS)") :]
    assert "To settle this Tell us your answer to “Is your company government-subvented" in nias
    assert "Tell us your answer to “Will the new production use high-end, advanced technology?”" in nias
    assert "Not government-subvented: not known yet." in text


def test_page_states_it_is_indicative_and_links_official_terms(results):
    response = results()
    text = text_of(response)
    assert "This is an indicative check, not an approval." in text
    page = response.get_data(as_text=True)
    assert 'href="https://www.itf.gov.hk/en/funding-programmes/facilitating-technology/nias/index.html"' in page
    assert "Next step:" in text


def test_sources_show_their_checked_dates_and_secondary_ones_are_marked(results, client):
    text = text_of(results())
    assert "ITF, New Industrialisation Acceleration Scheme (terms at launch), checked 25 November 2026" in text
    assert "(secondary source)" not in text  # official sources only on the results page
    assert "(secondary source)" in text_of(client.get("/programmes/nias"))


def test_unverified_facts_are_shown(results):
    text = text_of(results())
    assert "Not yet confirmed by an official source:" in text
    assert "come from news reports" in text


def test_page_shows_date_rules_version_and_answers_with_change_links(results, bundled_rules):
    response = results()
    page = response.get_data(as_text=True)
    text = text_of(response)
    assert "Checked as of 25 November 2026" in text
    assert f"rules version {bundled_rules.version}" in text
    assert "Your results for Acme Biotech Ltd" in text
    assert "HK$450,000,000" in text
    assert re.search(
        r'<form id="change-answers" [^>]*action="/">\s*<input type="hidden" name="answers" value="[^"]+"', page
    )
    assert re.search(
        r'<button class="link-button" form="change-answers" name="focus" value="total_project_cost_hkd">Change', page
    )


def test_advice_offices_are_for_information_with_relevance_wording(results):
    page = results().get_data(as_text=True)
    info = section(page, "information")
    assert "New Industrialisation Development Office" in info
    assert "Likely to be relevant" in info


def test_the_headline_is_the_funding_plan_total_and_the_summary_counts_programmes(results, client):
    from tests.support.profiles import STRONG
    from webapp.wording.numbers import about_hkd

    body = client.post("/api/v1/check", json={"answers": STRONG}).get_json()
    likely = [r for r in body["results"] if r["group"] == "likely"]
    plan = body["funding_plan"]
    text = text_of(results())
    assert f"Up to about {about_hkd(plan['total_hkd'])} from {len(plan['programmes'])} programmes" in text
    assert f"{len(likely)} programmes are likely to fit your plans." in text
    assert plan["total_hkd"] >= 150_000_000


def test_never_says_a_bare_not_eligible(results):
    for changes in ({}, {"industry": "other", "production_plan": "none", "hk_entity": "branch_only"}):
        assert "not eligible" not in text_of(results(**changes)).lower()


def test_a_tampered_link_gets_a_clear_error_page(client):
    location = post(client).headers["Location"]
    response = client.get(location[:-3] + "abc")
    assert response.status_code == 400
    assert "This link is not valid" in text_of(response)


def test_a_cut_short_link_gets_a_clear_error_page(client):
    location = post(client).headers["Location"]
    response = client.get(location[: len(location) // 2])
    assert response.status_code == 400


def test_results_can_be_evaluated_as_of_an_earlier_date(client):
    location = post(client, total_project_cost_hkd="200m", own_investment_hkd="150m").headers["Location"]
    now = text_of(client.get(location))
    before = text_of(client.get(location + "&as_of=2025-06-01"))
    assert "Large enough project: met." in now
    assert "The project must cost at least HK$300m" in before  # the deciding condition of an unlikely programme
    assert "Checked as of 1 June 2025" in before


def test_results_without_answers_go_back_to_the_form(client):
    assert client.get("/results").status_code == 302


def test_security_headers_are_on_every_page(client):
    response = client.get("/")
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/nope")
    assert response.status_code == 404
    assert "Page not found" in text_of(response)


def test_a_change_button_opens_the_form_at_its_question(results, client):
    page = results().get_data(as_text=True)
    token = re.search(r'<form id="change-answers"[^>]*>\s*<input type="hidden" name="answers" value="([^"]+)"', page)[1]
    response = client.get(f"/?answers={token}&lang=en&focus=total_project_cost_hkd")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("#total_project_cost_hkd")
    assert "answers=" in response.headers["Location"]
