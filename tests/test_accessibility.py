"""WCAG 2.2 AA on every page and state: axe-core, headings, language, labels, fieldsets, hints and errors."""

import re

import pytest
from playwright.sync_api import expect

from tests.support.app import TEST_ONLY_FAILURE
from tests.support.browsing import axe_report, heading_levels, results_url_for, submit

pytestmark = pytest.mark.browser

MANY = "overseas biotech plant"
NONE = "trading branch with no plans"

# state -> (address, or a function making it; the HTTP status the page comes with)
STATES = {
    "form": ("/", 200),
    "form with errors": ("/", 200),
    "form without JavaScript": ("/", 200),
    "form from a Change link": (lambda: results_url_for(MANY).replace("/results", "/", 1), 200),
    "results with many matches": (lambda: results_url_for(MANY), 200),
    "results with no matches": (lambda: results_url_for(NONE), 200),
    "results as of an earlier date": (lambda: results_url_for(MANY) + "&as_of=2025-11-17", 200),
    "catalogue list": ("/programmes/", 200),
    "catalogue detail, NIAS": ("/programmes/nias", 200),
    "catalogue detail, TVP (closed)": ("/programmes/tvp", 200),
    "page not found": ("/no-such-page", 404),
    "bad permalink": ("/results?answers=garbage", 400),
    "bad date": (lambda: results_url_for(MANY) + "&as_of=31-01-2026", 400),
    "server error": (TEST_ONLY_FAILURE, 500),
}


def open_state(new_context, state):
    """A page showing `state`, checked to come with the expected status."""
    page = new_context().new_page()
    if state == "form without JavaScript":
        # Blocking the app's script shows the page as without JavaScript, while axe can still run in it.
        page.route("**/static/app.js", lambda route: route.abort())
    address, status = STATES[state]
    response = page.goto(address() if callable(address) else address)
    assert response.status == status
    if state == "form with errors":
        submit(page)  # nothing answered: every required question has an error
        expect(page.locator(".error-summary")).to_be_visible()
    return page


@pytest.mark.parametrize("state", list(STATES))
def test_axe_finds_no_wcag_a_or_aa_violations(new_context, state):
    page = open_state(new_context, state)
    count, report = axe_report(page)
    assert count == 0, report


@pytest.mark.parametrize("state", list(STATES))
def test_page_has_a_language_a_title_one_main_and_headings_that_never_skip_a_level(new_context, state):
    page = open_state(new_context, state)
    assert page.locator("html").get_attribute("lang") == "en"
    assert re.fullmatch(r".+ – Hong Kong support programme checker", page.title())
    expect(page.get_by_role("main")).to_have_count(1)
    levels = heading_levels(page)
    assert levels[0][0] == 1 and [level for level, _ in levels].count(1) == 1, levels
    for (before, _), (level, text) in zip(levels, levels[1:], strict=False):
        assert level <= before + 1, f"h{before} is followed by h{level} ({text!r})"


CONTROLS_WITHOUT_LABEL_JS = """
() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
  .filter(el => ![...el.labels].some(label => label.textContent.trim()) && !el.getAttribute('aria-label'))
  .map(el => el.outerHTML)
"""


@pytest.mark.parametrize("state", ["form without JavaScript", "results with many matches"])
def test_every_form_control_has_a_label(new_context, state):
    page = open_state(new_context, state)
    assert page.locator("input:not([type=hidden])").count() > 0
    assert page.evaluate(CONTROLS_WITHOUT_LABEL_JS) == []


CHOICES_OUTSIDE_A_FIELDSET_JS = """
() => {
  const problems = [];
  for (const input of document.querySelectorAll('input[type=radio], input[type=checkbox]')) {
    const fieldset = input.closest('fieldset');
    const legend = fieldset && fieldset.firstElementChild;
    if (!legend || legend.tagName !== 'LEGEND' || !legend.textContent.trim()) problems.push(input.id + ': no legend');
    const together = document.querySelectorAll(`[name="${input.name}"]`);
    if ([...together].some(other => other.closest('fieldset') !== fieldset)) problems.push(input.id + ': split');
    if ([...fieldset.querySelectorAll('input')].some(other => other.name !== input.name)) problems.push(input.id + ': shared');
  }
  return problems;
}
"""


def test_every_group_of_choices_is_one_fieldset_with_a_legend(new_context):
    page = open_state(new_context, "form without JavaScript")
    assert page.locator("input[type=radio]").count() > 20
    assert page.evaluate(CHOICES_OUTSIDE_A_FIELDSET_JS) == []


DESCRIPTIONS_JS = """
() => {
  const described = new Set([...document.querySelectorAll('[aria-describedby]')]
    .flatMap(el => el.getAttribute('aria-describedby').split(/\\s+/)));
  return {
    missing: [...described].filter(id => !document.getElementById(id)),
    untied: [...document.querySelectorAll('main .hint[id], main .error-message[id]')]
      .map(el => el.id).filter(id => !described.has(id)),
    hints: document.querySelectorAll('main .hint[id]').length,
    errors: document.querySelectorAll('main .error-message[id]').length,
  };
}
"""


@pytest.mark.parametrize("state", ["form without JavaScript", "form with errors", "results with many matches"])
def test_hints_and_error_messages_are_tied_to_their_fields_with_aria_describedby(new_context, state):
    page = open_state(new_context, state)
    found = page.evaluate(DESCRIPTIONS_JS)
    assert found["missing"] == [] and found["untied"] == [], found
    assert found["hints"] > 0
    assert (found["errors"] > 0) == (state == "form with errors")


def test_errors_are_announced_in_the_title_a_focused_alert_and_each_field(new_context):
    page = open_state(new_context, "form with errors")
    assert page.title().startswith("Error: ")
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading", level=2)).to_have_text("There is a problem")
    links = summary.get_by_role("link")
    assert links.count() >= 2
    for href in links.evaluate_all("links => links.map(a => a.getAttribute('href'))"):
        expect(page.locator(f"form {href}")).to_have_count(1)
    industry = page.get_by_role("group", name="Which industry is your company in?")
    expect(industry).to_have_accessible_description(
        re.compile(r"Choose the closest\..*Error: Select the industry closest to your company's")
    )
    expect(page.locator("#industry-error")).to_have_text(re.compile(r"^\s*Error: Select the industry"))


def test_the_failing_page_exists_only_on_the_test_server(client):
    """The 500 page's route is added by tests/conftest.py to the live test server, never to an app of its own."""
    from tests.support.app import add_test_only_routes, make_app

    assert client.get(TEST_ONLY_FAILURE).status_code == 404
    with pytest.raises(RuntimeError):
        add_test_only_routes(make_app(TESTING=False))
