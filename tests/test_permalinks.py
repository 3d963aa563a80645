"""Results links reproduce a result: answers, date and rules version travel in an encrypted token."""

import datetime as dt

from tests.support.app import make_app
from tests.support.forms import post, text_of
from webapp.web.tokens import make_token, read_token


def test_token_round_trip_keeps_answers_date_and_rules_version():
    answers = {"industry": "fintech", "rd_plans": ["in_house_hk"], "total_project_cost_hkd": 1.5e8, "ip_income": None}
    token = make_token("k", answers, dt.date(2026, 1, 2), "abc123")
    saved = read_token("k", token)
    assert saved.answers == answers and saved.made == dt.date(2026, 1, 2) and saved.rules_version == "abc123"
    assert len(token) < 400, "the link stays short enough to paste"


def test_a_link_reproduces_the_same_page(client):
    location = post(client).headers["Location"]
    first, second = client.get(location), client.get(location)
    assert first.get_data() == second.get_data()


def test_a_token_made_with_another_key_is_refused(client):
    token = make_token("someone else's key", {"industry": "fintech"})
    response = client.get(f"/results?answers={token}")
    assert response.status_code == 400
    assert "This link is not valid" in text_of(response)


def test_a_token_with_answers_that_no_longer_fit_is_refused(client, app):
    token = make_token(app.secret_key, {"industry": "quantum_farming"})
    assert client.get(f"/results?answers={token}").status_code == 400


def test_a_link_made_under_older_rules_says_so_and_offers_the_original_date(client, app):
    token = make_token(app.secret_key, {"industry": "life_health_tech"}, dt.date(2025, 6, 1), "oldversion1")
    response = client.get(f"/results?answers={token}")
    text = text_of(response)
    assert "The rules have changed since this link was made on 1 June 2025." in text
    assert "Checked as of 25 November 2026" in text
    assert "See the results as of 1 June 2025" in text
    assert "as_of=2025-06-01" in response.get_data(as_text=True)


def test_a_link_made_under_the_same_rules_reproduces_its_original_date(client, app, bundled_rules):
    token = make_token(app.secret_key, {"industry": "life_health_tech"}, dt.date(2026, 3, 1), bundled_rules.version)
    text = text_of(client.get(f"/results?answers={token}"))
    assert "Checked as of 1 March 2026" in text
    assert "The rules have changed" not in text
    assert "See them as of today" in text


def test_the_page_warns_that_anyone_with_the_link_can_see_the_answers(client):
    text = text_of(client.get(post(client).headers["Location"]))
    assert "Anyone with the link can see your answers." in text


def test_a_bad_as_of_date_gets_a_clear_error(client):
    location = post(client).headers["Location"]
    response = client.get(location + "&as_of=2025-02-30")
    assert response.status_code == 400
    assert "That date is not valid" in text_of(response)


def test_links_survive_a_restart_when_the_secret_key_is_configured():
    first = make_app(SECRET_KEY="stable").test_client()
    location = post(first).headers["Location"]
    assert make_app(SECRET_KEY="stable").test_client().get(location).status_code == 200
