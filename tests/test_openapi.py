"""The OpenAPI document describes the API as it is: schemathesis finds no request that breaks it."""

import schemathesis
from hypothesis import HealthCheck, settings

from tests.support.app import make_app

APP = make_app()
SCHEMA = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", APP)
LIMITS = [
    (qid, q.not_more_than)
    for qid, q in APP.extensions["rules"].current().questionnaire.questions.items()
    if q.not_more_than
]


@SCHEMA.hook
def filter_body(ctx, body):
    """The one rule JSON Schema cannot say: an answer may not exceed another (the API answers 400)."""
    answers = body.get("answers") if isinstance(body, dict) else None
    if not isinstance(answers, dict):
        return True
    for qid, other in LIMITS:
        a, b = answers.get(qid), answers.get(other)
        if isinstance(a, (int, float)) and isinstance(b, (int, float)) and a > b:
            return False
    return True


@SCHEMA.hook
def filter_failure(ctx, failure, case, response):
    """Keep every failure except a 400 for that same rule on a body that breaks it (some phases skip filter_body)."""
    if response.status_code != 400 or not isinstance(case.body, dict):
        return True
    return filter_body(ctx, case.body) or set(response.json()["errors"]) - {qid for qid, _ in LIMITS}


@SCHEMA.parametrize()
@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_conforms_to_its_openapi_document(case):
    case.call_and_validate(headers={"Accept-Encoding": "identity"})  # its WSGI client does not gunzip


def test_the_document_names_every_question_with_its_options_and_limits():
    document = APP.test_client().get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.1")
    answers = document["components"]["schemas"]["CheckRequest"]["properties"]["answers"]["properties"]
    questions = APP.extensions["rules"].current().questionnaire.questions
    assert set(answers) == set(questions)
    for qid, question in questions.items():
        if question.type == "choice":
            assert {o.value for o in question.options} <= set(answers[qid]["enum"])
        if question.type in ("number", "amount"):
            assert (answers[qid]["minimum"], answers[qid]["maximum"]) == (question.min, question.max)
        if question.type == "text":
            assert answers[qid]["maxLength"] == question.max_length
