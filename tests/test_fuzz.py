"""Hostile input never breaks the site: any form post, JSON body or link gets a page, a result or a clear 400."""

import json

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from tests.support.app import make_app
from tests.support.forms import STRONG_FORM
from tests.support.strategies import answers

APP = make_app()
QUESTIONNAIRE = APP.extensions["rules"].current().questionnaire
QUESTIONS = QUESTIONNAIRE.questions
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

NUMBERISH = st.sampled_from(
    ["0", "-0", "1e400", "-1e400", "nan", "inf", "1,000,000", "150m", "HK$1.5bn", "９９", "0x10", "1" * 400, ""]
)
OPTIONS = st.sampled_from(sorted({o.value for q in QUESTIONS.values() for o in q.options} | {"yes", "no", "not_sure"}))
FORM_VALUE = st.one_of(st.text(max_size=300), NUMBERISH, OPTIONS)
FORM_KEY = st.one_of(
    st.sampled_from(sorted(QUESTIONS)), st.sampled_from(["csrf_token", "submit"]), st.text(max_size=20)
)
JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=50) | OPTIONS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)
ANSWERS = st.dictionaries(st.one_of(st.sampled_from(sorted(QUESTIONS)), st.text(max_size=12)), JSON_VALUE, max_size=8)
BODY = st.one_of(
    JSON_VALUE,
    st.fixed_dictionaries({"answers": answers(QUESTIONNAIRE)}, optional={"as_of": st.dates().map(str)}),
    st.fixed_dictionaries(
        {"answers": ANSWERS}, optional={"as_of": st.one_of(st.text(max_size=12), st.dates().map(str))}
    ),
)


def _is_error_page_or_form(response) -> bool:
    return response.status_code == 200 and "There is a problem" in response.get_data(as_text=True)


def _strong_form_changed(changes):
    data = MultiDict({k: v for k, v in STRONG_FORM.items() if k not in changes})
    for key, values in changes.items():
        data.setlist(key, values)
    return data


def _valid_raw(question):
    """Strings a person could type or pick for one question, all acceptable on their own."""
    options = [o.value for o in question.options] + (["not_sure"] if question.not_sure else [])
    if question.type == "multi":
        return st.lists(st.sampled_from(options[:-1] if question.not_sure else options), unique=True)
    if question.type in ("choice", "yes_no"):
        return st.sampled_from(options if question.type == "choice" else ["yes", "no", *options])
    if question.type == "text":
        return st.text(max_size=question.max_length or 100)
    low, high = int(question.min or 0), int(question.max or 10**6)
    whole = st.integers(low, high).map(str)
    if question.type == "amount":
        return whole | st.integers(0, 999).map(lambda n: f"{n}m")
    return whole


FORM_POST = st.one_of(
    st.lists(st.tuples(FORM_KEY, FORM_VALUE), max_size=30).map(MultiDict),
    st.dictionaries(FORM_KEY, st.lists(FORM_VALUE, max_size=3), max_size=4).map(_strong_form_changed),
    st.fixed_dictionaries({qid: _valid_raw(q) for qid, q in QUESTIONS.items()}).map(MultiDict),
)


@FUZZ
@given(FORM_POST)
def test_any_form_post_gets_the_form_with_errors_or_a_results_link(data):
    client = APP.test_client()
    response = client.post("/", data=data)
    event(f"status {response.status_code}")
    assert response.status_code in (200, 303), response.status_code
    if response.status_code == 303:
        assert client.get(response.headers["Location"]).status_code == 200
    else:
        assert _is_error_page_or_form(response)


@FUZZ
@given(BODY)
def test_any_json_body_gets_results_or_a_json_400(body):
    response = APP.test_client().post("/api/v1/check", data=json.dumps(body), content_type="application/json")
    event(f"status {response.status_code}")
    assert response.status_code in (200, 400), response.status_code
    payload = response.get_json()
    assert ("results" in payload) if response.status_code == 200 else payload["errors"]


@FUZZ
@given(
    st.binary(max_size=200), st.sampled_from(["application/json", "text/plain", "application/x-www-form-urlencoded"])
)
def test_any_bytes_with_any_content_type_get_a_json_400_or_results(data, content_type):
    response = APP.test_client().post("/api/v1/check", data=data, content_type=content_type)
    assert response.status_code in (200, 400)
    assert response.is_json


@FUZZ
@given(st.text(max_size=300), st.sampled_from(["/results", "/"]))
def test_any_results_link_gets_a_page_or_a_clear_400(token, path):
    response = APP.test_client().get(path, query_string={"answers": token})
    assert response.status_code in (200, 302, 400)
    if response.status_code == 400:
        assert "This link is not valid" in response.get_data(as_text=True)
