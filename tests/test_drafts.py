"""Drafts are safe (issue 13, point 6), and what the officer sees around them (point 8)."""

import datetime as dt
import logging
import subprocess
import time

from tests.support.app import ROOT, TODAY_DATE, make_app
from tests.support.cli import run
from tests.support.rulefiles import edit, line_of
from webapp.rulebook.loader import load_rules

PROFILE = {"hk_entity": "incorporated", "industry": "life_health_tech", "government_subvented": False}


def _new_demo(rules_copy):
    result = run(rules_copy, "new", "demo")
    assert result.exit_code == 0, result.output
    return rules_copy / "demo.yaml"


def test_rules_new_writes_a_draft_in_three_languages_with_no_parameters_that_passes_check(rules_copy):
    path = _new_demo(rules_copy)
    text = path.read_text()
    assert "status: draft" in text and "zh-Hant:" in text and "zh-Hans:" in text
    assert "\nparameters:" not in text, "no invented parameter"
    rules = load_rules(rules_copy, TODAY_DATE)
    assert not [str(p) for p in rules.problems if p.file.endswith("demo.yaml")]
    assert "demo" in rules.parsed and "demo" not in rules.programmes
    result = run(rules_copy, "test", "demo")
    assert result.exit_code == 0 and "0 failed" in result.output


def test_a_draft_is_on_no_public_page_nor_the_api_nor_the_feed(rules_copy):
    _new_demo(rules_copy)
    client = make_app(RULES_DIR=str(rules_copy)).test_client()
    assert "demo" not in client.get("/programmes/").get_data(as_text=True)
    assert "TODO" not in client.get("/programmes/").get_data(as_text=True)
    assert client.get("/programmes/demo").status_code == 404
    assert client.get("/programmes/demo/changes.atom").status_code == 404
    results = client.post("/api/v1/check", json={"answers": PROFILE}).get_json()["results"]
    assert "demo" not in [r["id"] for r in results]
    assert client.get("/preview/demo").status_code == 404, "the preview is off unless configured"


def test_the_editors_preview_shows_a_draft_when_it_is_turned_on(rules_copy):
    _new_demo(rules_copy)
    client = make_app(RULES_DIR=str(rules_copy), EDITOR_PREVIEW=True).test_client()
    page = client.get("/preview/demo")
    assert page.status_code == 200 and "draft" in page.get_data(as_text=True)
    assert page.headers["X-Robots-Tag"].startswith("noindex")
    assert 'href="/preview/demo"' in client.get("/preview/").get_data(as_text=True)


def test_explain_shows_a_draft(rules_copy, tmp_path):
    _new_demo(rules_copy)
    answers = tmp_path / "answers.yaml"
    answers.write_text("hk_entity: incorporated\n")
    result = run(rules_copy, "explain", "demo", str(answers))
    assert result.exit_code == 0, result.output


def test_check_refuses_todo_text_and_placeholder_addresses_outside_a_draft(rules_copy):
    path = _new_demo(rules_copy)
    edit(path, "status: draft  #", "status: open  #")
    result = run(rules_copy, "check")
    assert result.exit_code == 1
    assert f"rules/demo.yaml:{line_of(path, 'en: TODO The official English name')}: TODO text" in result.output
    assert f"rules/demo.yaml:{line_of(path, 'url: https://www.gov.hk/')}: placeholder address" in result.output


def test_check_warns_about_a_checked_date_in_the_future(rules_copy):
    future = (dt.date.today() + dt.timedelta(days=40)).isoformat()
    edit(rules_copy / "nittp.yaml", "checked: 2026-11-25", f"checked: {future}")
    result = run(rules_copy, "check")
    line = line_of(rules_copy / "nittp.yaml", f"checked: {future}")
    assert f"rules/nittp.yaml:{line}: warning: the source was checked on {future}" in result.output


def test_check_warns_about_a_figure_typed_into_a_text_that_a_parameter_holds(rules_copy):
    edit(
        rules_copy / "nittp.yaml", "{matching_ratio} matching funding for training", "1:1 matching funding for training"
    )
    edit(
        rules_copy / "nittp.yaml",
        "in advanced technologies, up to\n    {max_funding}",
        "in advanced technologies, up to\n    HK$250,000",
    )
    result = run(rules_copy, "check")
    assert "the text types 1:1, a value of the parameter 'matching_ratio'" in result.output
    assert "the text types HK$250,000, a value of the parameter 'max_funding'" in result.output


def test_a_programme_is_not_in_results_dated_before_it_opened(rules_copy):
    client = make_app(RULES_DIR=str(rules_copy)).test_client()
    rules = load_rules(rules_copy, TODAY_DATE)
    nittp = rules.programmes["nittp"]
    assert nittp.opened() == dt.date(2018, 8, 1)

    def ids(as_of):
        body = {"answers": PROFILE, "as_of": as_of}
        return [r["id"] for r in client.post("/api/v1/check", json=body).get_json()["results"]]

    assert "nittp" in ids("2018-08-01")
    assert "nittp" not in ids("2018-07-31")


def test_commands_do_not_print_the_secret_key_warning(rules_copy, caplog):
    from webapp import create_app

    with caplog.at_level(logging.WARNING):
        app = create_app({"TESTING": True, "RULES_DIR": str(rules_copy), "FIXED_DATE": "2026-11-25"})
        app.test_cli_runner().invoke(args=["rules", "check"])
    assert "CHECKER_SECRET_KEY" not in caplog.text
    with caplog.at_level(logging.WARNING):
        app.test_client().get("/healthz")
    assert "CHECKER_SECRET_KEY" in caplog.text, "a server still says its key is random"


def test_healthz_is_degraded_while_an_edit_is_held_back(rules_copy):
    from webapp.rulebook.store import EXTENSION

    app = make_app(RULES_DIR=str(rules_copy), RELOAD_INTERVAL=0.01)
    client = app.test_client()

    def health_after_reload():
        time.sleep(0.05)
        client.get("/healthz")  # starts the background reload
        app.extensions[EXTENSION].wait_for_reload()
        return client.get("/healthz").get_json()["status"]

    assert client.get("/healthz").get_json()["status"] == "ok"
    edit(rules_copy / "vpas.yaml", "kind: talent", "kind: people")
    assert health_after_reload() == "degraded"
    edit(rules_copy / "vpas.yaml", "kind: people", "kind: talent")
    assert health_after_reload() == "ok"


def test_scripts_dev_takes_a_port():
    script = (ROOT / "scripts" / "dev").read_text()
    assert '"${1:-${PORT:-5000}}"' in script and '--port "$port"' in script
    bad = subprocess.run(["bash", str(ROOT / "scripts" / "dev"), "not-a-port"], capture_output=True, text=True)
    assert bad.returncode == 2 and "usage" in bad.stderr
