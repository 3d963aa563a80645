"""The whole journey by keyboard alone: every stop shows its focus, in a logical order, with no trap."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# Remembers how every focusable element looks when it does not have focus (focus is set aside while looking).
REMEMBER_UNFOCUSED_JS = """
() => {
  const active = document.activeElement;
  if (active && active !== document.body) active.blur();
  const look = el => {
    const s = getComputedStyle(el);
    const outline = s.outlineStyle === 'none' || parseFloat(s.outlineWidth) === 0 ? 'none'
      : [s.outlineStyle, s.outlineWidth, s.outlineColor].join(' ');
    return [outline, s.boxShadow, s.backgroundColor].join(' | ');
  };
  window.unfocusedLook = new Map(
    [...document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]')]
      .map(el => [el, look(el)]));
  window.lookOf = look;
  if (active && active !== document.body) active.focus({preventScroll: true});
}
"""
# What has focus now: where it is in the document, whether it looks different from unfocused, whether it shows.
FOCUSED_JS = """
() => {
  const el = document.activeElement;
  const box = el.getBoundingClientRect();
  return {
    id: el.id, tag: el.tagName.toLowerCase(), text: (el.innerText || el.value || '').replace(/\\s+/g, ' ').trim().slice(0, 60),
    position: [...document.querySelectorAll('*')].indexOf(el),
    looksFocused: window.unfocusedLook.has(el) && window.lookOf(el) !== window.unfocusedLook.get(el),
    onScreen: box.bottom > 0 && box.top < window.innerHeight && box.right > 0 && box.left < window.innerWidth,
    checked: el.checked === true,
  };
}
"""


class Keyboard:
    """Presses keys on a page and checks each focus stop; remembers the stops to check their order."""

    def __init__(self, page):
        self.page = page
        self.stops = []

    def arrived(self):
        """Call after each page load, before pressing anything."""
        self.page.wait_for_load_state("load")
        self.page.evaluate(REMEMBER_UNFOCUSED_JS)
        self.stops = []

    def press(self, key):
        self.page.keyboard.press(key)
        return self.page.evaluate(FOCUSED_JS)

    def tab_to(self, expected=None):
        """Tab once; focus must be visible and on screen, and on `expected` (an id, or a link's or button's text)."""
        stop = self.press("Tab")
        assert expected in (None, stop["id"], stop["text"]), f"Tab went to {stop}, not {expected!r}"
        assert stop["looksFocused"], f"focus is not visible on {stop}"
        assert stop["onScreen"], f"{stop} has focus but is off screen"
        self.stops.append(stop)
        return stop

    def assert_order_follows_the_page(self):
        positions = [stop["position"] for stop in self.stops]
        assert positions == sorted(positions) and len(set(positions)) == len(positions), self.stops


# (where Tab must go, then the key to press or text to type there); "" leaves the question unanswered.
FORM_BY_KEYBOARD = [
    ("company_name", "Acme Biotech Ltd"),
    ("hk_entity", "Space"),
    ("government_subvented", "ArrowRight"),  # Tab lands on Yes; the arrow moves to No and selects it
    ("industry", "Space"),
    ("company_age_years", "3"),
    ("employees_hk", ""),
    ("listed", "ArrowRight"),  # Tab lands on Yes; the arrow moves to No
    ("already_have", ""),
    ("already_have-itf_project", ""),
    ("already_have-institution_project", ""),
    ("already_have-science_park", ""),
    ("already_have-innopark", ""),
    ("already_have-amc", ""),
    ("already_have-not_sure", ""),
    ("production_plan", "Space"),  # a new smart facility: the cost questions appear
    ("total_project_cost_hkd", "450m"),
    ("own_investment_hkd", "300m"),
    ("high_end_technology", "Space"),
    ("project_technologies", "Space"),  # life and health technology
    ("project_technologies-ai_data", ""),
    ("project_technologies-advanced_manufacturing", ""),
    ("project_technologies-green_new_energy", ""),
    ("project_technologies-microelectronics", ""),
    ("project_technologies-ict_iot", ""),
    ("project_technologies-materials", ""),
    ("project_technologies-other_technology", ""),
    ("project_technologies-not_sure", ""),
    ("space_needed", "Space"),
    ("expand_markets", ""),
    ("rd_plans", "Space"),  # in-house R&D: the spending and start-up questions appear
    ("rd_plans-with_hk_research_institution", ""),
    ("rd_plans-outside_hk", ""),
    ("rd_plans-not_sure", ""),
    ("rd_spend_hkd", "5m"),
    ("rd_spend_hk_hkd", "5m"),
    ("ip_income", "ArrowRight ArrowRight"),  # Yes, then No, then Not sure
    ("hk_profits_tax", "Space"),
    ("hiring_needs", "Space"),
    ("hiring_needs-rd_staff", ""),
    ("hiring_needs-non_local_talent", ""),
    ("hiring_needs-not_sure", ""),
    ("technicians_from", "Space"),  # technicians from Hong Kong
    ("technicians_from-non_local", ""),
    ("technicians_from-not_sure", ""),
    ("train_staff", "Space"),
    ("technical_staff_share", ""),
    ("technical_team_equity", ""),
]
KEYS = {"Space", "ArrowRight", "ArrowLeft", "ArrowDown", "ArrowUp"}


def answer_by_keyboard(keyboard, page):
    for field, action in FORM_BY_KEYBOARD:
        keyboard.tab_to(field)
        if action and set(action.split()) <= KEYS:
            for key in action.split():
                stop = keyboard.press(key)
            assert stop["checked"] and stop["looksFocused"], stop
        elif action:
            page.keyboard.type(action)


def test_the_whole_journey_works_by_keyboard_alone_with_visible_focus_and_no_traps(page):
    keyboard = Keyboard(page)
    page.goto("/")
    keyboard.arrived()
    skip = keyboard.tab_to("Skip to main content")
    assert skip["tag"] == "a"
    assert keyboard.press("Enter")["id"] == "main"
    keyboard.tab_to("browse all programmes")
    answer_by_keyboard(keyboard, page)
    keyboard.tab_to("submit")
    keyboard.assert_order_follows_the_page()

    # No trap: Tab from the last control leaves it, and Shift+Tab comes back through the form.
    assert keyboard.press("Tab")["id"] != "submit"
    assert keyboard.press("Shift+Tab")["id"] == "submit"
    assert keyboard.press("Shift+Tab")["id"] == "technical_team_equity"
    keyboard.tab_to("submit")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("#programme-nias .badge")).to_have_text("Likely to qualify")
    answers = page.get_by_role("region", name="Your answers")
    for shown in ("Acme Biotech Ltd", "Yes, incorporated in Hong Kong", "HK$450,000,000", "Not sure", "Technicians"):
        expect(answers).to_contain_text(shown)

    # The results by keyboard: the header links, the contents, then jump to the answers and change one.
    keyboard.arrived()
    for expected in ("Skip to main content", "Hong Kong support programme checker", "Check eligibility"):
        keyboard.tab_to(expected)
    keyboard.tab_to("All programmes")
    while keyboard.stops[-1]["text"] != "Your answers":
        assert len(keyboard.stops) < 40, "Tab never reached the contents link to the answers"
        keyboard.tab_to()
    keyboard.assert_order_follows_the_page()
    keyboard.press("Enter")
    change = keyboard.tab_to("Change company name")  # the link to the answers opened them
    assert change["tag"] == "button"
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # The form opens at the answer to change, with focus in it.
    keyboard.arrived()
    focused = page.evaluate(FOCUSED_JS)
    assert focused["id"] == "company_name" and focused["looksFocused"], focused
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("Acme Life Sciences Ltd")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # Enter in a text box submits the form
    expect(page.locator("h1")).to_contain_text("for Acme Life Sciences Ltd")
    expect(page.locator("#programme-nias .badge")).to_have_text("Likely to qualify")
