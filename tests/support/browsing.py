"""Helpers for the browser tests: filling the form, results links, and checks run inside the page."""

from axe_playwright_python.sync_playwright import Axe

from tests.support.app import TODAY_DATE, load_bundled_rules
from tests.support.forms import CHOICES, form_answers
from tests.support.profiles import PROFILES, STRONG

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SUBMIT = "Check eligibility"


def fill_in(page, answers, leave_out=()):
    """Answer the open form with typed `answers`, question by question in the form's order, leaving out the
    questions named: type into each text box, and tick each choice whose value the form would post."""
    form = form_answers(answers)
    for qid, question in load_bundled_rules().questionnaire.questions.items():
        if qid not in form or qid in leave_out or form[qid] == "":
            continue
        if question.type in CHOICES:
            for value in form[qid] if isinstance(form[qid], list) else [form[qid]]:
                page.locator(f'input[name="{qid}"][value="{value}"]').check()
        else:
            page.locator(f'input[name="{qid}"]').fill(form[qid])


def fill_strong_profile(page, leave_out=()):
    """Open the form and answer as the strong profile (a company that fits NIAS), leaving out the questions named."""
    page.goto("/")
    fill_in(page, STRONG, leave_out)


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
