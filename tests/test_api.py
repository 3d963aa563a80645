"""The JSON API: the same evaluation as the form, and a 400 with a JSON error for every malformed request."""

import re

import pytest

from tests.support.api import GOOD, by_id, check
from tests.support.forms import post
from tests.support.profiles import STRONG

SUMMARY_KEYS = {"id", "name", "short_name", "kind", "status", "verdict", "group", "near_miss", "criteria"}
SUMMARY_KEYS |= {"estimate_hkd", "estimate_counts_as", "unknown_questions", "what_would_change"}
SENTENCES = {"sources", "next_step", "unverified", "estimate_explanation"}


def test_check_returns_every_programme_in_the_documented_shape(client, bundled_rules):
    response = check(client, {"answers": GOOD})
    assert response.status_code == 200
    body = response.get_json()
    assert body["rules_version"] == bundled_rules.version
    assert body["as_of"] == "2026-11-25" and body["detail"] == "summary"
    assert set(by_id(response)) == set(bundled_rules.programmes)
    nias = by_id(response)["nias"]
    assert set(nias) == SUMMARY_KEYS
    assert nias["verdict"] == "likely" and nias["estimate_hkd"] == 150_000_000
    assert nias["criteria"][0] == {"id": "hk_company", "outcome": "met"}


def test_the_full_answer_adds_every_sentence_on_request(client):
    response = client.post("/api/v1/check?detail=full", json={"answers": GOOD})
    assert response.status_code == 200 and response.get_json()["detail"] == "full"
    nias = by_id(response)["nias"]
    assert set(nias) == SUMMARY_KEYS | SENTENCES
    assert nias["criteria"][0] == {"id": "hk_company", "outcome": "met", "text": nias["criteria"][0]["text"]}
    assert nias["criteria"][0]["text"] and nias["estimate_explanation"]
    assert nias["sources"][0]["checked"] == "2026-11-25" and nias["next_step"]["text"]


@pytest.mark.parametrize("lang", ["en", "zh-Hant"])
@pytest.mark.parametrize("answers", [GOOD, STRONG, {}, {**GOOD, "hk_entity": "not_sure", "industry": "other"}])
def test_the_summary_is_the_full_answer_without_its_sentences(client, answers, lang):
    def without_sentences(body):
        for result in body["results"]:
            for key in SENTENCES:
                result.pop(key)
            for item in result["criteria"] + result["what_would_change"]:
                item.pop("text")
        return {k: v for k, v in body.items() if k != "detail"}

    summary = client.post(f"/api/v1/check?lang={lang}", json={"answers": answers}).get_json()
    full = client.post(f"/api/v1/check?lang={lang}&detail=full", json={"answers": answers}).get_json()
    assert {k: v for k, v in summary.items() if k != "detail"} == without_sentences(full)


def test_an_unknown_level_of_detail_is_a_400_that_names_the_choices(client):
    response = client.post("/api/v1/check?detail=everything", json={"answers": GOOD})
    assert response.status_code == 400
    assert "summary" in response.get_json()["errors"]["detail"]


def test_api_and_form_give_the_same_verdicts(client):
    location = post(client).headers["Location"]
    page = client.get(location).get_data(as_text=True)
    response = check(client, {"answers": STRONG})
    for pid, result in by_id(response).items():
        if result["group"] == "not_relevant":  # an office, fund or visa that does not concern this company
            assert f'id="programme-{pid}"' not in page
        else:
            assert re.search(rf'class="programme programme--{result["verdict"]}[^"]*" id="programme-{pid}"', page)


def test_null_and_omitted_answers_are_unknown(client):
    results = by_id(check(client, {"answers": {**GOOD, "government_subvented": None, "high_end_technology": None}}))
    assert results["nias"]["verdict"] == "possible"
    outcomes = {c["id"]: c["outcome"] for c in results["nias"]["criteria"]}
    assert outcomes["not_subvented"] == outcomes["high_end_technology"] == "unknown"
    assert results["nias"]["unknown_questions"] == ["government_subvented", "high_end_technology"]
    assert check(client, {"answers": {}}).status_code == 200


def test_as_of_selects_the_thresholds_in_force(client):
    answers = {**GOOD, "total_project_cost_hkd": 200_000_000, "own_investment_hkd": 150_000_000}
    assert by_id(check(client, {"answers": answers, "as_of": "2025-11-17"}))["nias"]["verdict"] == "unlikely"
    assert by_id(check(client, {"answers": answers, "as_of": "2025-11-18"}))["nias"]["verdict"] == "likely"


@pytest.mark.parametrize(
    "body, key, words",
    [
        ({"answers": {"colour": "red"}}, "colour", "Unknown question id"),
        ({"answers": {"industry": "aerospace"}}, "industry", "has no option 'aerospace'"),
        ({"answers": {"industry": 3}}, "industry", "must be a string"),
        ({"answers": {"total_project_cost_hkd": "150m"}}, "total_project_cost_hkd", "must be a number"),
        ({"answers": {"total_project_cost_hkd": -1}}, "total_project_cost_hkd", "must be 0 or more"),
        ({"answers": {"government_subvented": "no"}}, "government_subvented", "must be true, false or null"),
        ({"answers": {"rd_plans": "in_house_hk"}}, "rd_plans", "must be a list"),
        ({"answers": {"rd_plans": ["space"]}}, "rd_plans", "has no option 'space'"),
        ({"answers": {"employees_hk": True}}, "employees_hk", "must be a number"),
        (
            {"answers": {"production_plan": "new_smart_line", "total_project_cost_hkd": 1, "own_investment_hkd": 2}},
            "own_investment_hkd",
            "cannot be more than",
        ),
        ({"answers": []}, "answers", "must be an object"),
        ({"answers": {}, "as_of": "25/11/2026"}, "as_of", "YYYY-MM-DD"),
        ({"answers": {}, "as_of": 20261125}, "as_of", "YYYY-MM-DD"),
        ({"answers": {}, "extra": 1}, "body", "Unknown key 'extra'"),
        ([1, 2], "body", "JSON object"),
        ("text", "body", "JSON object"),
    ],
)
def test_malformed_requests_get_400_with_a_json_error(client, body, key, words):
    response = check(client, body)
    assert response.status_code == 400
    errors = response.get_json()["errors"]
    assert words in errors[key], errors


def test_invalid_json_gets_400(client):
    response = client.post("/api/v1/check", data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert "body" in response.get_json()["errors"]


def test_a_non_json_content_type_gets_400(client):
    response = client.post("/api/v1/check", data="answers=1", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert "application/json" in response.get_json()["errors"]["body"]


def test_api_errors_for_wrong_method_and_unknown_paths_are_json(client):
    assert client.get("/api/v1/check").get_json()["errors"]["body"]
    assert client.get("/api/v1/nope").status_code == 404
    assert "errors" in client.get("/api/v1/nope").get_json()


def test_api_needs_no_csrf_token():
    from tests.support.app import make_app

    client = make_app(WTF_CSRF_ENABLED=True).test_client()
    assert check(client, {"answers": GOOD}).status_code == 200


def test_too_large_a_body_gets_a_json_413(client):
    response = client.post("/api/v1/check", data="{" + " " * 70000 + "}", content_type="application/json")
    assert response.status_code == 413
    assert "errors" in response.get_json()


def test_an_answer_is_reused_only_for_the_same_results_language_date_and_detail(client):
    def answer(path="/api/v1/check", **body):
        response = client.post(path, json={"answers": GOOD, **body})
        assert response.status_code == 200
        return response.get_json()

    first = answer()
    assert answer() == first
    renamed = client.post("/api/v1/check", json={"answers": {**GOOD, "company_name": "Other Ltd"}}).get_json()
    assert renamed == first  # the name decides nothing, so the answer is the same
    chinese = answer("/api/v1/check?lang=zh-Hant")
    assert chinese["funding_plan"]["summary"] != first["funding_plan"]["summary"]
    assert answer(as_of="2025-01-02")["as_of"] == "2025-01-02" != first["as_of"]
    assert answer("/api/v1/check?detail=full")["detail"] == "full"
    cheaper = client.post(
        "/api/v1/check",
        json={"answers": {**GOOD, "total_project_cost_hkd": 20_000_000, "own_investment_hkd": 5_000_000}},
    )
    assert cheaper.get_json()["results"] != first["results"]
