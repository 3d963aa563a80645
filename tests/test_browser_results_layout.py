"""The results page answers first: for five companies, what fits and roughly how much on the first screen at 1280x800,
the whole page in at most 8 screens and 80 KB of HTML, actions near the top, and at most 3 printed A4 pages."""

import subprocess

import pytest

from tests.support.app import TODAY_DATE, load_bundled_rules
from tests.support.companies import COMPANIES
from webapp.web.api import read_request
from webapp.web.tokens import make_token

pytestmark = pytest.mark.browser
SCREEN = {"width": 1280, "height": 800}


def results_link(answers):
    rules = load_bundled_rules()
    facts, _, errors = read_request(rules.questionnaire, {"answers": answers})
    assert not errors, errors
    return "/results?answers=" + make_token("test-secret", facts, TODAY_DATE, rules.version)


def bottom(page, selector):
    return page.evaluate(f"document.querySelector({selector!r}).getBoundingClientRect().bottom")


@pytest.mark.parametrize("company", list(COMPANIES))
def test_the_first_screen_says_what_fits_and_how_much(new_context, company):
    page = new_context(viewport=SCREEN).new_page()
    response = page.goto(results_link(COMPANIES[company]))
    html = response.body()
    assert len(html) <= 80 * 1024, f"{len(html) / 1024:.1f} KB of HTML"
    headline = page.locator("#summary").inner_text()
    assert headline.startswith(("Up to about HK$", "No programme with an amount")), headline
    assert bottom(page, "#summary") <= SCREEN["height"]
    for item in page.locator(".plan-list li").all():
        assert item.bounding_box()["y"] + item.bounding_box()["height"] <= SCREEN["height"], item.inner_text()
    assert bottom(page, ".answer-box .actions") <= SCREEN["height"], (
        "Download PDF and the other actions are near the top"
    )
    screens = page.evaluate("document.documentElement.scrollHeight") / SCREEN["height"]
    assert screens <= 8, f"{screens:.1f} screens"


@pytest.mark.parametrize("company", list(COMPANIES))
def test_the_printed_report_fits_on_three_a4_pages(new_context, company, tmp_path):
    page = new_context(viewport=SCREEN).new_page()
    page.goto(results_link(COMPANIES[company]))
    page.emulate_media(media="print")
    path = tmp_path / "results.pdf"
    page.pdf(path=str(path), format="A4", print_background=True)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages <= 3


def test_a_phone_shows_the_plan_without_sideways_scrolling(new_context):
    page = new_context(viewport={"width": 375, "height": 800}).new_page()
    page.goto(results_link(COMPANIES["overseas medical-imaging maker moving production to Hong Kong"]))
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert bottom(page, "#summary") <= 800
    label = page.locator(".chart__svg text").first
    assert label.bounding_box()["height"] >= 12, "chart labels stay readable on a phone"
