"""Stale terms are visible (issue 13, point 2)."""

from tests.support.app import make_app
from tests.support.cli import run
from tests.support.rulefiles import line_of


def test_check_warns_per_programme_whose_newest_source_is_older_than_the_setting(rules_copy):
    app = make_app(RULES_DIR=str(rules_copy), FIXED_DATE="2028-01-01")
    result = app.test_cli_runner().invoke(args=["rules", "check"])
    line = line_of(rules_copy / "nittp.yaml", "checked: 2026-12-02")
    assert f"rules/nittp.yaml:{line}: warning: the terms were last checked on 2026-12-02" in result.output
    assert result.exit_code == 0


def test_the_setting_changes_the_limit(rules_copy):
    app = make_app(RULES_DIR=str(rules_copy), FIXED_DATE="2028-01-01", STALE_AFTER_DAYS=3650)
    assert "last checked" not in app.test_cli_runner().invoke(args=["rules", "check"]).output
    assert "last checked" not in run(rules_copy, "check").output


def test_the_catalogue_and_results_show_when_terms_were_last_checked_and_mark_stale_ones(rules_copy):
    fresh = make_app(RULES_DIR=str(rules_copy)).test_client().get("/programmes/").get_data(as_text=True)
    assert "Terms last checked on" in fresh and "(not checked recently)" not in fresh
    client = make_app(RULES_DIR=str(rules_copy), FIXED_DATE="2028-01-01").test_client()
    stale = client.get("/programmes/").get_data(as_text=True)
    assert "(not checked recently)" in stale
    from tests.support.forms import post

    response = post(client)
    assert response.status_code in (302, 303)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    details = page.split('class="programme__details"', 1)[1]
    assert "Terms last checked on" in details and "Not checked for a long time" in details
