"""A broken rule file is reported with its file and line and never takes the site down."""

from tests.support.app import make_app
from tests.support.forms import post, text_of
from tests.support.rulefiles import edit, line_of


def test_a_broken_programme_file_is_left_out_and_the_site_keeps_working(rules_copy):
    edit(rules_copy / "nias.yaml", "kind: funding", "kind: grant")
    client = make_app(RULES_DIR=str(rules_copy)).test_client()
    assert client.get("/").status_code == 200
    results = client.get(post(client).headers["Location"])
    assert results.status_code == 200
    text = text_of(results)
    assert "Some programme files could not be read and are left out of these results." in text
    assert 'id="programme-nias"' not in results.get_data(as_text=True)
    health = client.get("/healthz").get_json()
    assert health["status"] == "ok"
    line = line_of(rules_copy / "nias.yaml", "kind: grant")
    assert any(p.startswith(f"rules/nias.yaml:{line}: 'kind'") for p in health["problems"])


def test_a_broken_questionnaire_gives_a_clear_503_not_a_crash(rules_copy):
    (rules_copy / "questions.yaml").write_text("title: [unclosed\n")
    client = make_app(RULES_DIR=str(rules_copy)).test_client()
    response = client.get("/")
    assert response.status_code == 503
    assert "The service is being updated" in text_of(response)
    api = client.post("/api/v1/check", json={"answers": {}})
    assert api.status_code == 503 and "errors" in api.get_json()
    assert client.get("/healthz").get_json()["status"] == "degraded"


def test_healthz_reports_the_rules_version(client, bundled_rules):
    health = client.get("/healthz").get_json()
    assert health["rules_version"] == bundled_rules.version
    assert health["problems"] == []
