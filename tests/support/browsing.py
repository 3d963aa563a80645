"""Helpers for the browser tests: filling the form, results links, and checks run inside the page."""

from axe_playwright_python.sync_playwright import Axe

from tests.support.app import TODAY_DATE, load_bundled_rules
from tests.support.profiles import PROFILES

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SUBMIT = "Check eligibility"


# A company that fits NIAS, answered through the form one question at a time (tests leave some out).
STRONG_ANSWERS = {
    "company_name": lambda page: page.get_by_label("Company name").fill("Acme Biotech Ltd"),
    "hk_entity": lambda page: page.get_by_label("Yes, incorporated in Hong Kong").check(),
    "government_subvented": lambda page: page.locator("#government_subvented-no").check(),
    "industry": lambda page: page.get_by_label("Life and health technology").check(),
    "production_plan": lambda page: page.get_by_label("Set up a new smart production facility").check(),
    "total_project_cost_hkd": lambda page: page.get_by_label("What is the total cost of the production project?").fill(
        "450m"
    ),
    "own_investment_hkd": lambda page: page.get_by_label("How much of that cost will your company pay itself?").fill(
        "300m"
    ),
    "high_end_technology": lambda page: page.locator("#high_end_technology").check(),
    "space_needed": lambda page: page.get_by_label("Production floor space").check(),
    "rd_plans": lambda page: page.get_by_label("In-house, in Hong Kong").check(),
    "ip_income": lambda page: page.locator("#ip_income-not_sure").check(),
    "hk_profits_tax": lambda page: page.locator("#hk_profits_tax").check(),
    "hiring_needs": lambda page: page.get_by_label("Technicians").check(),
    "train_staff": lambda page: page.locator("#train_staff").check(),
}


def fill_strong_profile(page, leave_out=()):
    """Open the form and answer as a company that fits NIAS would, leaving out the questions named."""
    page.goto("/")
    for question, answer in STRONG_ANSWERS.items():
        if question not in leave_out:
            answer(page)


def submit(page):
    """Select the form's button and wait for the page it leads to."""
    with page.expect_navigation():
        page.get_by_role("button", name=SUBMIT).click()


def results_url_for(profile):
    """A results link for one of the profiles in tests/support/profiles.py, made as the form would make it."""
    from webapp.web.api import read_request
    from webapp.web.tokens import make_token

    rules = load_bundled_rules()
    facts, _, errors = read_request(rules.questionnaire, {"answers": PROFILES[profile]})
    assert not errors
    return "/results?answers=" + make_token("test-secret", facts, TODAY_DATE, rules.version)


def groups_on(page):
    """{group key: [programme ids]} as the results page shows them."""
    return page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('section.group')].map(s => [
            s.getAttribute('aria-labelledby').replace('group-', ''),
            [...s.querySelectorAll('article.programme')].map(a => a.id.replace('programme-', '')),
        ]))"""
    )


def axe_report(page):
    """axe-core's WCAG 2.0-2.2 A and AA rules on the page as it is now: (violation count, report)."""
    page.wait_for_load_state("load")
    results = Axe().run(page, options={"runOnly": WCAG_TAGS})
    return results.violations_count, results.generate_report()


def heading_levels(page):
    """[(level, text)] of the headings a screen reader lists, in document order."""
    return page.evaluate(
        """() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
            .filter(h => h.getClientRects().length > 0)
            .map(h => [Number(h.tagName[1]), h.textContent.trim().replace(/\\s+/g, ' ')])"""
    )


def has_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")


# Tap targets smaller than 24 by 24 CSS pixels. A link laid out inline among other text (a link in a sentence,
# or followed by text on its line) is exempt, as WCAG 2.2 SC 2.5.8 allows: the line height of that text limits it.
SMALL_TARGETS_JS = """
() => {
  const shown = el => {
    if (el.closest('[hidden], .visually-hidden')) return false;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') return false;
    const box = el.getBoundingClientRect();
    return box.width > 1 && box.height > 1 && box.right + window.scrollX > 0 && box.bottom + window.scrollY > 0;
  };
  const isInline = el => getComputedStyle(el).display === 'inline';
  const inSentence = link => {
    if (!isInline(link)) return false;
    let block = link.parentElement;
    while (block && isInline(block)) block = block.parentElement;
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    let other = '';
    while (walker.nextNode()) {
      const text = walker.currentNode;
      if (link.contains(text)) continue;
      let el = text.parentElement, sameLine = true;
      while (el !== block) {
        if (!isInline(el) || el.matches('.visually-hidden')) { sameLine = false; break; }
        el = el.parentElement;
      }
      if (sameLine) other += text.textContent;
    }
    return other.replace(/[\\s.,;:()]/g, '').length > 0;
  };
  const targets = [...document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, summary, label'
  )].filter(el => el.tagName !== 'LABEL' || (el.control && ['radio', 'checkbox'].includes(el.control.type)));
  return targets.filter(shown).filter(el => !(el.tagName === 'A' && inSentence(el))).map(el => {
    const box = el.getBoundingClientRect();
    return {html: el.outerHTML.slice(0, 160), width: Math.round(box.width * 10) / 10,
            height: Math.round(box.height * 10) / 10};
  }).filter(t => t.width < 24 || t.height < 24);
}
"""


def small_targets(page):
    """Tap targets under 24 by 24 CSS pixels that are not exempt, as {html, width, height}."""
    return page.evaluate(SMALL_TARGETS_JS)
