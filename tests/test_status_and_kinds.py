"""Dated status (the window decides), upcoming programmes with nothing published, and the kinds shown for information."""

import datetime as dt
import shutil
import textwrap
from pathlib import Path

import pytest

from webapp import create_app
from webapp.engine.report import build_report
from webapp.rulebook.loader import load_rules
from webapp.web.tokens import make_token

ROOT = Path(__file__).resolve().parent.parent
DAY = dt.date(2026, 11, 25)


def rule_file(pid, *, kind="funding", status="open", window="", criteria=True, examples="possible"):
    crit = (
        textwrap.dedent("""\
        criteria:
          - id: incorporated
            title: Incorporated in Hong Kong
            when: {fact: hk_entity, equals: incorporated}
            met: Incorporated.
            not_met: Must be incorporated.
            unknown: Tell us whether the company is incorporated.
        """)
        if criteria
        else ""
    )
    return (
        textwrap.dedent(f"""\
        id: {pid}
        name: Programme {pid}
        short_name: {pid.upper()}
        body: A body
        kind: {kind}
        status: {status}
        {window}
        summary: What it offers.
        offers: Support.
        sources:
          - title: The official page
            url: https://example.gov.hk/{pid}
            checked: 2026-11-01
        """)
        + crit
        + textwrap.dedent(f"""\
        next_step:
          text: Apply.
          url: https://example.gov.hk/{pid}/apply
        examples:
          - name: Any company
            answers: {{}}
            verdict: {examples}
        """)
    )


@pytest.fixture
def rules_dir(tmp_path):
    target = tmp_path / "rules"
    target.mkdir()
    shutil.copy(ROOT / "rules" / "questions.yaml", target)
    return target


def load(rules_dir, **files):
    for pid, text in files.items():
        (rules_dir / f"{pid}.yaml").write_text(text)
    rules = load_rules(rules_dir, DAY)
    assert rules.errors == [], rules.errors
    return rules


def verdict(rules, pid, day, answers=None):
    report = build_report(rules, answers or {}, day)
    return next(r.verdict for r in report.results if r.programme.id == pid), report


def test_a_closed_programme_is_open_on_a_date_inside_its_window(rules_dir):
    rules = load(
        rules_dir, tvp=rule_file("tvp", status="closed", window="window: {closes: 2024-12-31}", examples="closed")
    )
    assert verdict(rules, "tvp", dt.date(2024, 12, 31))[0] == "possible"
    assert verdict(rules, "tvp", dt.date(2025, 1, 1))[0] == "closed"


def test_an_upcoming_programme_opens_on_its_window_date(rules_dir):
    window = "window: {opens: 2027-01-01}"
    rules = load(rules_dir, new=rule_file("new", status="upcoming", window=window, examples="possible"))
    assert rules.programmes["new"].status_on(dt.date(2026, 12, 31)) == "upcoming"
    assert rules.programmes["new"].status_on(dt.date(2027, 1, 1)) == "open"


def test_an_upcoming_programme_with_no_criteria_is_never_likely(rules_dir):
    rules = load(rules_dir, santin=rule_file("santin", status="upcoming", criteria=False, examples="upcoming"))
    found, report = verdict(rules, "santin", DAY, {"hk_entity": "incorporated"})
    assert found == "upcoming"
    assert report.group_of["santin"] == "upcoming"


def test_a_status_that_contradicts_the_window_is_reported(rules_dir):
    (rules_dir / "late.yaml").write_text(rule_file("late", status="open", window="window: {closes: 2025-01-31}"))
    found = [p.message for p in load_rules(rules_dir, DAY).errors]
    assert any("the application window closed on 2025-01-31" in m for m in found)


@pytest.mark.parametrize("kind", ["advice", "fund", "visa"])
def test_information_kinds_are_never_likely_to_qualify(rules_dir, kind):
    rules = load(rules_dir, info=rule_file("info", kind=kind))
    _, report = verdict(rules, "info", DAY, {"hk_entity": "incorporated"})
    assert report.group_of["info"] == "information"
    _, report = verdict(rules, "info", DAY, {"hk_entity": "branch_only"})
    assert report.group_of["info"] == "not_relevant"


def test_a_fund_that_is_not_relevant_is_left_off_the_page_but_kept_in_the_api(rules_dir):
    load(rules_dir, info=rule_file("info", kind="fund"))
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "k",
            "FIXED_DATE": str(DAY),
            "RULES_DIR": str(rules_dir),
            "WTF_CSRF_ENABLED": False,
        }
    )
    client = app.test_client()
    body = client.post("/api/v1/check", json={"answers": {"hk_entity": "branch_only"}}).get_json()
    assert [(r["id"], r["group"]) for r in body["results"]] == [("info", "not_relevant")]
    token = make_token("k", {"hk_entity": "branch_only"}, DAY)
    page = client.get(f"/results?answers={token}")
    assert page.status_code == 200
    assert "Programme info" not in page.get_data(as_text=True)
    token = make_token("k", {"hk_entity": "incorporated"}, DAY)
    assert "Programme info" in client.get(f"/results?answers={token}").get_data(as_text=True)
